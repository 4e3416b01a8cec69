# Processes, system calls and user memory, tested from user space: each
# entry boots the ISO with usertests (userland/bin/usertests) as init,
# running the named tests. usertests returns 0 only if they all passed;
# the kernel then kills and reaps whatever is left, checks that every page
# came back ("proc: free pages ...: ok") and ends QEMU with PASS.
# mm_check=always makes the kernel cross-check its memory bookkeeping after
# every fork, exit, reap and kill.
#
# To run one test by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=usertests -- fork"

set(USERTESTS_REJECT "FAILED|PANIC|LEAK|survived|EXCEPTION")

# weensy_usertests(NAME [TIMEOUT s] [CMDLINE options] [TESTS name...] [ARGS ...]):
# boot with "harness OPTIONS init=usertests -- TESTS" and require all of
# TESTS (without TESTS: every test) to pass, init to exit with 0 and no page
# to be lost. ARGS go to scripts/qemu-test as well.
function(weensy_usertests name)
  cmake_parse_arguments(U "" "TIMEOUT;CMDLINE" "TESTS;ARGS" ${ARGN})
  if(NOT U_TIMEOUT)
    set(U_TIMEOUT 60)
  endif()
  if(U_TESTS)
    list(LENGTH U_TESTS count)
    list(JOIN U_TESTS " " tests)
    set(cmdline "harness ${U_CMDLINE} init=usertests -- ${tests}")
  else()
    set(count "[0-9]+")
    set(cmdline "harness ${U_CMDLINE} init=usertests")
  endif()
  weensy_qemu_test(proc.${name} TIMEOUT ${U_TIMEOUT} LABELS proc
    ARGS --cmdline "${cmdline}"
         --expect "usertests: ${count} passed, 0 failed"
         --expect "proc: init exited with status 0"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "${USERTESTS_REJECT}"
         ${U_ARGS})
endfunction()

# The kernel's one line per killed process, for some of the faults
# (tests/check_kills.py pairs every case with its line).
set(KILLED "proc: pid [0-9]+ \\(usertests\\) killed by")
weensy_usertests(usertests.faults CMDLINE "mm_check=always" TESTS faults
  ARGS --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0x0, not present, read"
       --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0x0, not present, write"
       --expect "${KILLED} page fault: rip 0x0, address 0x0, not present, fetch"
       --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0xffffffff80100000, (not present|protection), read"
       --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0xffffffff80100000, (not present|protection), write"
       --expect "${KILLED} page fault: rip 0xffffffff80100000, address 0xffffffff80100000, (not present|protection), fetch"
       --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0xffff800000000000, protection, read"
       --expect "${KILLED} page fault: rip 0xffff800000000000, address 0xffff800000000000, protection, fetch"
       --expect "${KILLED} page fault: rip 0x[0-9a-f]+, address 0x4[0-9a-f]+, protection, write"
       --expect "${KILLED} page fault: rip (0x4[0-9a-f]+), address \\1, protection, fetch"
       --expect "${KILLED} general protection fault: rip (0x[0-9a-f]+), address \\1, error code 0x0"
       --expect "${KILLED} invalid opcode: rip (0x[0-9a-f]+), address \\1, error code 0x0"
       --expect "${KILLED} divide error: rip (0x[0-9a-f]+), address \\1, error code 0x0"
       --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_kills.py {log}")

# What exec set up; register preservation; system calls with bad arguments
# (nothing may be printed from a bad buffer: usertests aims those writes at
# "@@nothing-printed@@"); nanosleep and page_alloc.
weensy_usertests(usertests.syscalls CMDLINE "mm_check=always"
  TESTS args regs badargs sleep page_alloc
  ARGS --expect "usertests: regs: written with DF set"
       --expect "usertests: badargs: a good write"
       --reject "@@no")

# Many processes, so many memory checks: mm_check walks every page record
# and every address space, so these boot with less memory (on an idle
# 2-core host under TCG, stress took 41 s with 256 MiB, 16 s with 64 MiB,
# 1.5 s without mm_check=always).
weensy_usertests(usertests.fork CMDLINE "mm_check=always"
  TESTS fork forkfull exitwait orphan ARGS --mem 64M)

weensy_usertests(usertests.kill CMDLINE "mm_check=always"
  TESTS kill preempt forkers ARGS --mem 64M)

# rt_sigreturn of frames a program made up: each bad one kills only the
# caller, with SIGSEGV and the kernel's reason (kernel selectors,
# non-canonical rip or rsp, IOPL or NT in rflags, an FPU image XRSTOR
# would refuse, a frame it cannot read); a good one is obeyed; a signal
# whose frame cannot be written kills. No page lost (the runner's count).
set(SIGRET "${KILLED} SIGSEGV: rt_sigreturn:")
foreach(smp 1 2 4)
  weensy_usertests(usertests.sigframe.smp${smp} CMDLINE "mm_check=always" TESTS sigframe
    ARGS --smp ${smp}
         --expect "${SIGRET} code selector is not user code"
         --expect "${SIGRET} stack selector is not user data"
         --expect "${SIGRET} rip outside the user half"
         --expect "${SIGRET} rsp outside the user half"
         --expect "${SIGRET} rflags bits user code cannot set"
         --expect "${SIGRET} FPU state the CPU would refuse"
         --expect "${SIGRET} frame unreadable \\(frame at 0x2ffffffffff8\\)"
         --expect "${KILLED} SIGSEGV: no room for the signal 10 frame"
         --expect "usertests: sigframe ok")
endforeach()

weensy_usertests(usertests.stress TIMEOUT 120 CMDLINE "mm_check=always"
  TESTS stress ARGS --mem 32M)

# Exhausting 256 MiB page by page.
weensy_usertests(usertests.oom TIMEOUT 120 CMDLINE "mm_check=always" TESTS oom)

# mem=3M leaves about 250 free pages once usertests runs (the initrd and
# the kernel take most of the first 2 MiB): memory runs out at every step of
# fork (forkoom maps pages one by one until it does), and the usual tests
# must still work in so little.
weensy_usertests(usertests.lowmem TIMEOUT 120 CMDLINE "mem=3M mm_check=always"
  TESTS oom forkoom page_alloc fork kill
  ARGS --expect "usertests: forkoom: [0-9]+ failed forks, then 3 good ones")

# Every test in one boot, in the table's order, without the per-event
# memory check: the tests must not disturb each other.
weensy_usertests(usertests.all TIMEOUT 120
  ARGS --expect "usertests: 44 passed, 0 failed")

# execve: its errors (each leaves the caller as it was, registers and
# pages), the new program's stack, what it keeps and frees. execprobe, the
# program these exec, reports anything unexpected in a line of its own.
# fuzz_job: fuzz run as a job (as exec_all runs it) stays in its group.
weensy_usertests(usertests.exec CMDLINE "mm_check=always"
  TESTS exec_errors exec_args exec_random exec_keeps exec_frees exec_bigbss exec_all fuzz_job
  ARGS --reject "execprobe: line"
       --expect "usertests: exec_all: [0-9]+ programs started"
       --expect "bigbss: ok, [0-9] pages resident of 196608 declared")

# Process groups and group kills, CPU affinity, and the calls ps, mem and
# ls use (their errors, and that what they say is true).
weensy_usertests(usertests.groups CMDLINE "mm_check=always"
  TESTS groups affinity info kill debug_throttle
  ARGS --expect "usertests: debug_throttle: 20 mm_checks in [0-9]+ ms")

# mm_check made while other processes free kernel pages (exec's path
# page, over and over): the last reference of a page goes with interrupts
# off until the page is free (found by the fuzzer).
weensy_usertests(usertests.checkrace TESTS checkrace
  ARGS --mem 32M --expect "usertests: checkrace: [0-9]+ checks")

# Threads: clone, futex, exit and exit_group, kills and faults in threads,
# fork and exec from a thread, TLS through %fs (docs/processes.md,
# "Threads"). Once with the memory check after every event, in little
# memory (as the busy entries above), and once on two CPUs, where threads
# of one process run at the same time (while there is one CPU, that is
# -smp 2 with the second halted: the same boot must pass).
weensy_usertests(usertests.threads TIMEOUT 120 CMDLINE "mm_check=always"
  TESTS threads thread_memory thread_exit thread_exit_group thread_tls thread_kill
        thread_fork thread_exec thread_calls futex
  ARGS --mem 64M --expect "proc: pid [0-9]+ \\(usertests\\) killed by page fault: rip 0x[0-9a-f]+, address 0x0, not present, write")
weensy_usertests(usertests.threads.smp TIMEOUT 120
  TESTS threads thread_memory thread_exit thread_exit_group thread_tls thread_kill
        thread_fork thread_exec thread_calls futex
  ARGS --smp 2)

# The user library's own test, as init.
weensy_qemu_test(proc.libtest LABELS proc
  ARGS --cmdline "harness mm_check=always init=libtest"
       --expect "libtest: PASS"
       --expect "proc: init exited with status 0"
       --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
       --reject "libtest: FAIL|PANIC|LEAK")
