# tmpfs through the VFS (fs/tmpfs_test.c, fs/tmpfs_rename_test.c): files
# written and read back through the page cache, directories and readdir,
# rename's cases, removal while held, the size and file limits (ENOSPC).
# Each test makes a small tmpfs of its own and requires the free-page count
# back where it was once it is freed. On 2 and 4 CPUs each test runs on
# every CPU.
set(TMPFS_KTESTS 7)   # the number of tmpfs_* ktests; update when adding one

weensy_qemu_test(fs.tmpfs LABELS fs
  ARGS --cmdline "test=tmpfs_*"
       --expect "ktest: ${TMPFS_KTESTS} passed, 0 failed"
       --reject "PANIC")

weensy_qemu_test(fs.tmpfs.smp4 TIMEOUT 120 LABELS fs smp
  ARGS --smp 4 --cmdline "test=tmpfs_*"
       --expect "ktest: ${TMPFS_KTESTS} passed, 0 failed"
       --reject "PANIC")
weensy_qemu_test(fs.tmpfs.smp2 TIMEOUT 120 LABELS fs smp
  ARGS --smp 2 --cmdline "test=tmpfs_*"
       --expect "ktest: ${TMPFS_KTESTS} passed, 0 failed"
       --reject "PANIC")
