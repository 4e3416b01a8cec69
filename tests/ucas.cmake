# UCAS OS's test programs, ported (userland/bin/fly.c, rw.c, consensus.c):
# each entry boots the ISO with the program as init. The kernel ends QEMU
# with PASS only if init exited with 0 and every page came back; the runs
# that must exit with another status say so (--exit fail) and check the
# status line instead.
#
# To run one by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=fly -- 3 --steps 20"

set(UCAS_REJECT "FAIL|MISMATCH|DISAGREEMENT|LEAK|PANIC|EXCEPTION|killed")
set(UCAS_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")

# weensy_ucas(NAME STATUS CMDLINE ARGS...): boot "harness CMDLINE", require
# init's exit status STATUS, no lost page, and the lines in ARGS.
function(weensy_ucas name status cmdline)
  if(status EQUAL 0)
    set(ending pass)
    set(reject --reject "${UCAS_REJECT}")
  else()
    set(ending fail)   # the kernel reports FAIL for any other status
    set(reject --reject "MISMATCH|DISAGREEMENT|LEAK|PANIC|EXCEPTION|killed")
  endif()
  weensy_qemu_test(ucas.${name} TIMEOUT 30 LABELS ucas
    ARGS --cmdline "harness ${cmdline}" --exit ${ending}
         --expect "proc: init exited with status ${status}"
         --expect "${UCAS_CLEAN}"
         ${reject} ${ARGN})
endfunction()

# ---- fly: one plane per process ------------------------------------------
# The escape sequences of a whole frame: save cursor, the three rows at one
# column, restore cursor (ESC 7 / ESC 8). In these regexes \x1b is ESC, and
# [ ] ; are written \x5b \x5d \x3b: the arguments travel through CMake
# lists, where ; separates and a lone [ hides the separators after it.
set(FLY_ROW0 "    \\\\     ")
set(FLY_ROW1 " ==\\x5b__\\x5d=> ")
set(FLY_ROW2 "    /     ")
function(fly_frame_expect var top)
  math(EXPR r1 "${top} + 1")
  math(EXPR r2 "${top} + 2")
  set(${var} --expect
      "\\x1b7\\x1b\\x5b${top}\\x3b([0-9]+)H${FLY_ROW0}\\x1b\\x5b${r1}\\x3b\\1H${FLY_ROW1}\\x1b\\x5b${r2}\\x3b\\1H${FLY_ROW2}\\x1b8"
      PARENT_SCOPE)
endfunction()
fly_frame_expect(frame1 1)
fly_frame_expect(frame5 5)
fly_frame_expect(frame9 9)

weensy_ucas(fly 0 "init=fly -- 3 --steps 20"
  --expect "fly: pid [0-9]+ flies in rows 1-3"
  --expect "fly: pid [0-9]+ flies in rows 5-7"
  --expect "fly: pid [0-9]+ flies in rows 9-11"
  ${frame1} ${frame5} ${frame9}
  --expect "fly: 3 planes landed"
  --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_fly.py {log} 3 20")

# Eight planes on 25 rows: the seventh and eighth wrap back to the top;
# planes starting near the right edge are drawn in two pieces.
weensy_ucas(fly.wrap 0 "init=fly -- 8 --steps 10"
  --expect "fly: pid [0-9]+ flies in rows 21-23"
  --expect "fly: 8 planes landed"
  --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_fly.py {log} 8 10")

weensy_ucas(fly.usage 2 "init=fly -- 3 --steps"
  --expect "usage: fly"
  --reject "flies in rows")

# ---- rw: demand paging in a 1 GiB lazy area ------------------------------
# "wrote V, read V": the same value back (a regex back-reference). The
# resident-page figure appears once the kernel has procs().
set(RW_OK "wrote (0x[0-9a-f]+), read \\1, ok( \\(resident pages [0-9]+ -> [0-9]+\\))?\\r?$")
weensy_ucas(rw 0 "init=rw -- --seed 7"
  --expect "rw: seed 7\\x3b heap area \\x5b0x10000000, 0x50000000\\)"
  --expect "rw: 0x10000000: ${RW_OK}"
  --expect "rw: 0x10000800: ${RW_OK}"
  --expect "rw: 0x10001ffc: ${RW_OK}"
  --expect "rw: 0x2abcdef0: ${RW_OK}"
  --expect "rw: 0x4ffffff8: ${RW_OK}")

# Addresses in decimal and hex; the area's last whole word; words just
# outside it (below, at its end, straddling its end): exit status 1.
weensy_ucas(rw.outside 1 "init=rw -- 268439552 0x4ffffff8 0xffff000 0x50000000 0x4ffffffc"
  --expect "rw: 0x10001000: ${RW_OK}"
  --expect "rw: 0x4ffffff8: ${RW_OK}"
  --expect "rw: 0xffff000: not in the heap area \\x5b0x10000000, 0x50000000\\)"
  --expect "rw: 0x50000000: not in the heap area"
  --expect "rw: 0x4ffffffc: not in the heap area")

weensy_ucas(rw.garbage 2 "init=rw -- 0x10000000 zzz"
  --expect "rw: 'zzz' is not an address"
  --expect "usage: rw"
  --reject "wrote")

# ---- consensus: agreeing through a System V shared page ------------------
foreach(n 2 3 8)
  weensy_ucas(consensus.${n} 0 "init=consensus -- ${n}"
    --expect "consensus: ${n} processes agreed on [0-9]+"
    --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_consensus.py {log} ${n}")
endforeach()

# The kernel checks its memory bookkeeping after every fork, exit, reap and
# kill (64 MiB keeps those checks quick).
weensy_ucas(consensus.8.mm_check 0 "mm_check=always init=consensus -- 8"
  --mem 64M
  --expect "consensus: 8 processes agreed on [0-9]+"
  --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_consensus.py {log} 8")
