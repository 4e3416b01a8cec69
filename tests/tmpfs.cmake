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

# tmpfs pages and swap (fs/pcache_swap.c, docs/files.md "tmpfs and swap"):
# a file of two fifths of memory, part of it mapped MAP_SHARED, then a
# child taking four fifths: the file's pages must go out (Cached falls by
# a quarter of the file at least), every byte comes back right through
# pread and through the mapping, a truncate inside a page that was out
# keeps its bytes, a program copied into /tmp runs after pressure. The
# kernel checks itself at every fork, exit and reap, and every slot is
# free at the end. At 1, 2 and 4 CPUs; and with a memory dump every tick,
# the dump checker counting the file's slot names (`fileswapped`).
set(TMPSWAP_EXPECT
  --exit pass
  --expect "tmpswap: a file of [0-9]+ pages. Cached [0-9]+ -> [0-9]+ pages under pressure"
  --expect "tmpswap: every page read back right with pread"
  --expect "tmpswap: every mapped page read back right"
  --expect "tmpswap: truncate inside a page that was out: kept bytes kept, the rest zeros"
  --expect "tmpswap: a program copied into /tmp ran after its pages went out"
  --expect "tmpswap: ok"
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --expect "proc: swap slots in use 0: ok"
  --reject "FAIL|PANIC|LEAK|EXCEPTION|killed")
weensy_qemu_test(files.tmpswap TIMEOUT 120 LABELS "fs;swap"
  ARGS --cmdline "harness mm_check=always mem=8M swap=ram:8M init=tmpswap" ${TMPSWAP_EXPECT})
weensy_qemu_test(files.tmpswap.smp2 TIMEOUT 120 LABELS "fs;swap;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always mem=8M swap=ram:8M init=tmpswap" ${TMPSWAP_EXPECT})
weensy_qemu_test(files.tmpswap.smp4 TIMEOUT 120 LABELS "fs;swap;smp"
  ARGS --smp 4 --cmdline "harness mm_check=always mem=8M swap=ram:8M init=tmpswap" ${TMPSWAP_EXPECT})
weensy_qemu_test(files.tmpswap.memdump TIMEOUT 120 LABELS "fs;swap;memdump"
  ARGS --cmdline "harness mem=8M swap=ram:8M memdump=1 init=tmpswap" ${TMPSWAP_EXPECT}
       --expect "memdump: fileswapped [0-9]+ [0-9]+ [0-9]+"
       --check "${MEMDUMP_CHECK} --min-dumps 2")
