# Files from user space: fstests (userland/bin/fstests) as init runs every
# file system call with its errors, as on Linux (open and its flags,
# read/write/lseek/pread/readv, directories, names, rename and unlink,
# dup/fcntl/fork/exec and descriptors, stat/statfs, modes, truncate, pipes,
# EFAULT for every pointer, EROFS on the initrd, the descriptor limit).
# Each test also checks that its descriptors, its directory and every
# page came back; fstests returns 0 only if all passed, and the kernel
# then checks that no page was lost. The console test's line must reach
# the serial port through /dev/console.
#
# At -smp 2 and 4 the runner, its forked children and the kernel's checks
# (mm_check=always pauses the other CPUs) really run at once: a race in the
# descriptor table, the page cache or tmpfs shows up here (label smp).
#
# The expectations were checked on Linux: userland/bin/fstests/linux/run.
#
# To run one test by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=fstests -- rename"

set(FSTESTS_REJECT "FAILED|PANIC|LEAK|EXCEPTION|mm_check \\(")
foreach(n 1 2 4)
  if(n EQUAL 1)
    set(name files.fstests)
    set(labels files)
  else()
    set(name files.fstests.smp${n})
    set(labels files smp)
  endif()
  weensy_qemu_test(${name} TIMEOUT 240 LABELS ${labels}
    ARGS --smp ${n} --cmdline "harness mm_check=always init=fstests"
         --expect "fstests: [0-9]+ passed, 0 failed"
         --expect "fstests: console: a line through /dev/console"
         --expect "proc: init exited with status 0"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "${FSTESTS_REJECT}")
endforeach()
