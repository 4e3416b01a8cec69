# Pipes (fs/pipe.c), tested from user space: userland/tests/pipetest runs
# as init, each test in its own process (large transfers, end of file,
# EPIPE, O_NONBLOCK, PIPE_BUF atomicity with two writers, kills, fork,
# pipe2's errors, descriptor and page leaks). It returns 0 only if every
# test passed; the kernel then checks that every page came back. With
# mm_check=always the kernel cross-checks its memory after every fork,
# exit, reap and kill. On one CPU, on two and on four (readers and
# writers then really copy at the same time; at four the two writers of
# the atomicity test and their reader each have a CPU).
#
# To run by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=pipetest -- atomic"

set(PIPE_TESTS basic transfer eof epipe nonblock atomic kill fork flags efault emfile leak)
list(LENGTH PIPE_TESTS PIPE_NTESTS)
foreach(smp 1 2 4)
  set(name files.pipe)
  set(labels files)
  if(smp GREATER 1)
    set(name files.pipe.smp${smp})
    set(labels files smp)
  endif()
  weensy_qemu_test(${name} TIMEOUT 240 LABELS ${labels}
    ARGS --smp ${smp} --cmdline "harness mm_check=always init=pipetest"
         --expect "pipetest: ${PIPE_NTESTS} passed, 0 failed"
         --expect "proc: init exited with status 0"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "FAILED|PANIC|LEAK|EXCEPTION|mm_check \\(")
endforeach()
