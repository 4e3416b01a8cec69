# /proc (inspect/procfs*.c): userland/bin/proctest runs as init and
# checks, from a program's side: /proc/meminfo's lines (Linux's columns,
# MemFree <= MemTotal); its own /proc/self/maps (code, data, stack, an mmap
# of 3 read-only pages, gone after munmap; a mapped file, private and
# shared, with its offset, device and inode); a forked child's
# /proc/PID/status and stat; a zombie's (state Z, no memory) until reaped;
# Threads: with a second thread, which /proc/self/task lists (its stat
# and status) until it ends; a program's /proc/PID/cmdline (an empty
# argument too) and its second thread in task/; the listings of /proc and /proc/PID; reads
# of any size, and one open read at every offset (pread, lseek), giving the
# same bytes; the errors (ENOENT, EACCES, EEXIST, ENOTDIR); /proc/uptime
# and /proc/cpuinfo.
# Each test runs in a child and must give back every page (the runner's
# check), so a file's text left behind at close fails it; the kernel's own
# page check at the end must pass as well.
#
# By hand: scripts/run --headless --exit-device --cmdline "harness init=proctest -- maps"

set(PROCTEST_EXPECT
  --expect "procfs: mounted at /proc"
  --expect "proctest: 12 passed, 0 failed"
  --expect "proc: init exited with status 0"
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(PROCTEST_REJECT --reject "FAILED|PANIC|LEAK|EXCEPTION")

weensy_qemu_test(files.proc LABELS files
  ARGS --cmdline "harness mm_check=always init=proctest" ${PROCTEST_EXPECT} ${PROCTEST_REJECT})

# Two and four CPUs: the listing and the snapshots take the process
# table's locks while the other CPUs run the child, its threads and the
# runner.
foreach(n 2 4)
  weensy_qemu_test(files.proc.smp${n} TIMEOUT 90 LABELS files smp
    ARGS --smp ${n} --cmdline "harness init=proctest" ${PROCTEST_EXPECT} ${PROCTEST_REJECT})
endforeach()
