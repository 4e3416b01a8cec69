# Memory-core tests (mm/mm_test.c, mm/mm_fault_test.c). One boot runs all
# the mm_* ktests: allocator exhaustion, zero fill and junk on free, pages
# freed known-zero, page tables at every index boundary, protection,
# teardown, kmalloc, the areas (against a model, the gap search, the limit
# of 65530), an object's pages unmapped from every space (and the list of
# spaces in creation order, which that relies on), and the
# faults the hardware must raise (read-only text, NX direct map, SMAP/SMEP,
# NULL, kernel stack guards). Each test restores the free-page count
# exactly and ends with mm_check(), which panics on any inconsistency.
set(MM_KTESTS 20)   # the number of mm_* ktests; update when adding one

weensy_qemu_test(mm.unit LABELS mm
  ARGS --cmdline "test=mm_*"
       --expect "ktest: ${MM_KTESTS} passed, 0 failed"
       --expect "EXCEPTION #PF page fault \\(vector 14\\) in kernel mode, error code 0x[0-9a-f]+: protection violation, instruction fetch"
       --expect "kernel stack overflow: cr2 ffffff[0-9a-f]+ is in a stack guard page"
       --reject "PANIC|mm_test: skipped")

weensy_qemu_test(mm.unit.uefi TIMEOUT 120 LABELS mm
  ARGS --fw uefi --cmdline "test=mm_*"
       --expect "ktest: ${MM_KTESTS} passed, 0 failed"
       --reject "PANIC|mm_test: skipped")

# With 2 MiB of RAM about 150 pages are free: mapping runs out of memory
# part-way (the -ENOMEM paths), and exhaustion is reached at once.
weensy_qemu_test(mm.unit.2M LABELS mm
  ARGS --cmdline "mem=2M test=mm_map_edges,mm_protect,mm_destroy_frees_all,mm_alloc_all_free_all"
       --expect "ktest: 4 passed, 0 failed"
       --expect "mm_test: mapped [0-9]+ pages .* [01] pages left"
       --reject "PANIC")

# A deliberate overflow of the boot stack: the #PF on the guard page cannot
# be delivered on the full stack, so the CPU raises a double fault (on its
# own IST stack); the report must name the overflow and the kernel panic.
weensy_qemu_test(mm.kstack_overflow LABELS mm
  ARGS --cmdline "test=kstack_overflow_demo" --exit fail
       --expect "EXCEPTION #DF double fault \\(vector 8\\) in kernel mode"
       --expect "kernel stack overflow: cr2 [0-9a-f]+ is in a stack guard page"
       --expect "PANIC at .*unexpected #DF double fault in the kernel")

# Fault injection's sweeps (mm/failalloc_test.c, proc/exec_fail_test.c):
# fork's copy of a space, page_alloc over an area, area splits, a kernel
# stack, a process made and a program exec'd in it, each with its first,
# second, ... allocation made to fail: -ENOMEM, the object as it was, not
# a page missing, mm_check clean.
weensy_qemu_test(mm.failalloc LABELS mm
  ARGS --cmdline "test=fail_*"
       --expect "ktest: 5 passed, 0 failed"
       --expect "fork's copy failed at each of its [0-9]+ allocations"
       --reject "PANIC")

# Deferred page records (mm/page_init.c): boot writes only the records of
# the memory it must account for; the rest are written as the allocator
# reaches them. What page_peek says of a page past the frontier must be
# what its record says once written, the counts by kind must cover every
# page meanwhile, and nothing may be lost. At 2 GiB, and at 16 GiB, where
# the records alone are 128 MiB and boot no longer writes them.
foreach(mem 2G 16G)
  weensy_qemu_test(mm.page_frontier.${mem} LABELS mm
    ARGS --mem ${mem} --cmdline "test=page_frontier_*"
         --expect "ktest: 1 passed, 0 failed"
         --expect "page_frontier: [0-9]+ records of [0-9]+ written at start, 64 peeks, [0-9]+ pages taken"
         --expect "mm: mm_check passed at boot"
         --reject "PANIC")
endforeach()
