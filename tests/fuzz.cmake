# The system-call fuzzer (userland/bin/fuzz) as init, and the user test
# suites under allocations that fail on purpose (failalloc, docs/mm.md).
# Label `fuzz`. 1.4 million calls per run of the suite, over six seeds,
# with and without allocation failures: about 60 s at -j2 (docs/testing.md,
# "The fuzzer", has the rates these are sized by: under TCG 15-20 thousand
# calls a second, 7-13 thousand with failalloc or mm_check=always).
#
# Each fuzz run passes only if the fuzzer says PASS -- every round: all its
# processes gone, free pages back to the baseline, mm_check clean, the
# kernel alive -- and nothing panicked or hung, the kernel's own page check
# at the end says ok, and every memory dump the workers took (one every ten
# rounds, at whatever moment) obeys the rules (scripts/memdump-check). A failure's log has the seed, the round and the
# last calls; scripts/fuzz replays it.
#
# To run one by hand: scripts/fuzz --seed 1 --calls 300000 (see --help).

set(FUZZ_REJECT "PANIC|LEAK|EXCEPTION|fuzz: FAIL")
set(FUZZ_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")

# weensy_fuzz(NAME TIMEOUT MEM CMDLINE FUZZ_ARGS...): boot "harness CMDLINE
# init=fuzz -- FUZZ_ARGS --quiet" with MEM of memory.
function(weensy_fuzz name timeout mem cmdline)
  list(JOIN ARGN " " fuzz_args)
  weensy_qemu_test(fuzz.${name} TIMEOUT ${timeout} LABELS fuzz
    ARGS --mem ${mem} --cmdline "harness ${cmdline} init=fuzz -- ${fuzz_args} --quiet"
         --expect "fuzz: PASS: [0-9]+ calls"
         --expect "${FUZZ_CLEAN}"
         --reject "${FUZZ_REJECT}"
         --check "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/memdump-check {log}")
endfunction()

# Plain: the most calls, two seeds, 8 and 16 workers a round.
weensy_fuzz(seed1 120 64M "" --seed 1 --calls 400000)
weensy_fuzz(seed2 120 64M "" --seed 2 --calls 400000 --procs 16)
# Little memory (about 250 free pages): memory really runs out.
weensy_fuzz(lowmem 90 256M "mem=3M" --seed 3 --calls 150000)
# The kernel checks all its memory after every fork, exit, reap and kill.
weensy_fuzz(mm_check 120 32M "mm_check=always" --seed 4 --calls 150000)
# Allocations made for processes fail: every 7th, or 3% at random.
weensy_fuzz(failalloc 120 64M "failalloc=7" --seed 5 --calls 150000)
weensy_fuzz(failalloc.random 90 64M "failalloc=random:3 failalloc_seed=6" --seed 6 --calls 150000)

# The user test suites under failalloc: their tests fail (forks and pages
# are refused), which is expected; what must hold is no panic, no hang,
# mm_check clean, and every page back at the end. init (the runner) is
# spared, so the suite runs to its end and exits with 1.
foreach(suite usertests vmtests)
  weensy_qemu_test(fuzz.failalloc.${suite} TIMEOUT 90 LABELS fuzz
    ARGS --mem 64M --exit fail
         --cmdline "harness mm_check=always failalloc=random:2 failalloc_seed=11 init=${suite}"
         --expect "${suite}: [0-9]+ passed, [0-9]+ failed"
         --expect "proc: init exited with status 1"
         --expect "mm: failalloc: [1-9][0-9]* of [0-9]+ allocations"
         --expect "${FUZZ_CLEAN}"
         --reject "PANIC|LEAK|EXCEPTION")
endforeach()
