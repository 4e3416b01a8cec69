/* failalloc_test.c -- every allocation of an operation made to fail in
 * turn (mm/failalloc.h's failalloc_ktest_arm): the first, then the second,
 * and so on until the operation makes no more. Each time the operation
 * must fail cleanly -- -ENOMEM, its object as it was -- and once it is
 * undone not a page may be missing, and mm_check must pass. The fuzzer
 * gets there by chance under failalloc=N; these get to every point.
 * Exec's sweep is in proc/exec_fail_test.c. */
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/vm_fault.h"
#include "mm/kstack.h"
#include "mm/shm.h"
#include "mm/mmap.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "include/weensy/errno.h"

#define TEST_ID 4343
#define SWEEP_MAX 200            /* more allocations than any of these makes */
#define ANON_VA 0x10000000UL
#define SHARED_VA 0x20000000UL
#define RO_VA 0x30000000UL

/* The point of the sweep: arm the kth allocation, and afterwards say
 * whether the operation got that far (false: it made fewer, all done). */
static void sweep_arm(int k) { failalloc_ktest_arm((uint64_t)k); }
static bool sweep_reached(void)
{
    bool reached = !failalloc_ktest_pending();
    failalloc_ktest_arm(0);
    return reached;
}

static int add_area(struct vmspace *vm, uintptr_t va, size_t pages, int prot, int kind,
                    struct shm_seg *shm)
{
    struct vm_area a = {
        .start = va, .end = va + pages * PAGE_SIZE, .prot = prot, .maxprot = VM_PROT_ALL, .kind = kind,
        .obj = shm ? shm_seg_obj(shm) : 0,
    };
    return vm_area_add(vm, &a);
}

/* A space worth forking: private pages, a shared segment's pages and a
 * read-only page, each in an area of its own. */
static struct vmspace *fork_source(void)
{
    struct vmspace *vm = vmspace_create(TEST_ID);
    if (!vm)
        return 0;
    struct shm_seg *s = shm_anon_create(4);
    spin_lock(&vm->lock);
    bool ok = s && add_area(vm, ANON_VA, 8, VM_READ | VM_WRITE, VMA_ANON, 0) == 0 &&
              add_area(vm, SHARED_VA, 4, VM_READ | VM_WRITE, VMA_SHARED, s) == 0 &&
              add_area(vm, RO_VA, 1, VM_READ, VMA_ANON, 0) == 0;
    for (int i = 0; ok && i < 8; i += 2)
        ok = vm_fault(vm, ANON_VA + i * PAGE_SIZE, VM_WRITE) == 0;
    for (int i = 0; ok && i < 3; i++)
        ok = vm_fault(vm, SHARED_VA + i * PAGE_SIZE, VM_WRITE) == 0;
    ok = ok && vm_fault(vm, RO_VA, VM_READ) == 0;
    spin_unlock(&vm->lock);
    if (s)
        shm_seg_unref(s);        /* the area holds its own */
    if (!ok) {
        vmspace_destroy(vm);
        return 0;
    }
    return vm;
}

/* fork's copy of a space, failing at every allocation in turn. */
KTEST(fail_sweep_fork_copy)
{
    shm_init();
    size_t before = page_navailable();
    struct vmspace *src = fork_source();
    KT_CHECK(src);
    size_t with_src = page_navailable();
    int k = 1, failed = 0;
    for (; k < SWEEP_MAX; k++) {
        sweep_arm(k);
        struct vmspace *dst = vmspace_create(TEST_ID + 1);
        int err = dst ? vmspace_copy(dst, src, 0) : -ENOMEM;
        if (dst)
            vmspace_destroy(dst);
        bool reached = sweep_reached();
        KT_CHECK_EQ(page_navailable(), with_src);
        mm_check("fail_sweep_fork_copy");
        if (!reached)
            break;
        KT_CHECK_EQ(err, -ENOMEM);
        failed++;
    }
    vmspace_destroy(src);
    kprintf("failalloc_test: fork's copy failed at each of its %d allocations\n", failed);
    KT_CHECK(failed > 3 && k < SWEEP_MAX);
    KT_CHECK_EQ(page_navailable(), before);
}

/* page_alloc over an area that is there (lazy, read-only, no page table
 * yet): on failure the area must be as it was. */
KTEST(fail_sweep_page_alloc)
{
    size_t before = page_navailable();
    int k = 1, failed = 0;
    for (; k < SWEEP_MAX; k++) {
        struct vmspace *vm = vmspace_create(TEST_ID);
        KT_CHECK(vm);
        spin_lock(&vm->lock);
        int err = add_area(vm, RO_VA, 3, VM_READ, VMA_ANON, 0);
        spin_unlock(&vm->lock);
        KT_CHECK_EQ(err, 0);
        sweep_arm(k);
        long r = mmap_page_alloc(vm, RO_VA + PAGE_SIZE);
        bool reached = sweep_reached();
        spin_lock(&vm->lock);
        const struct vm_area *a = vm_area_find(vm, RO_VA + PAGE_SIZE);
        bool kept = a && a->start == RO_VA && a->end == RO_VA + 3 * PAGE_SIZE && a->prot == VM_READ;
        bool replaced = a && a->start == RO_VA + PAGE_SIZE && a->prot == (VM_READ | VM_WRITE) &&
                        pte_present(pt_lookup(vm->pml4, RO_VA + PAGE_SIZE));
        spin_unlock(&vm->lock);
        vmspace_destroy(vm);
        KT_CHECK_EQ(page_navailable(), before);
        if (!reached) {
            KT_CHECK(r == 0 && replaced);
            break;
        }
        KT_CHECK_EQ(r, -ENOMEM);
        KT_CHECK(kept);
        failed++;
    }
    mm_check("fail_sweep_page_alloc");
    kprintf("failalloc_test: page_alloc failed at each of its %d allocations\n", failed);
    KT_CHECK(failed >= 2 && k < SWEEP_MAX);
}

/* munmap and mprotect of the middle of an area (one more area, or two)
 * while the records' page is full (46 records: mm/vm_pool.h), so the
 * change needs a new page: on failure the areas are as they were. */
#define SPLIT_AREAS 46          /* one page of area records */

KTEST(fail_sweep_area_split)
{
    size_t before = page_navailable();
    for (int op = 0; op < 2; op++) {
        int k = 1;
        for (; k < SWEEP_MAX; k++) {
            struct vmspace *vm = vmspace_create(TEST_ID);
            KT_CHECK(vm);
            spin_lock(&vm->lock);
            int err = 0;
            for (int i = 0; i < SPLIT_AREAS && !err; i++)   /* a page of records, full */
                err = add_area(vm, ANON_VA + 4 * i * PAGE_SIZE, 3, VM_READ, VMA_ANON, 0);
            spin_unlock(&vm->lock);
            KT_CHECK_EQ(err, 0);
            sweep_arm(k);
            spin_lock(&vm->lock);
            uintptr_t mid = ANON_VA + PAGE_SIZE;
            err = op == 0 ? vm_area_unmap(vm, mid, mid + PAGE_SIZE) : vm_area_protect(vm, mid, mid + PAGE_SIZE, 0);
            int n = vm->areas.n;
            spin_unlock(&vm->lock);
            bool reached = sweep_reached();
            vmspace_destroy(vm);
            KT_CHECK_EQ(page_navailable(), before);
            if (!reached) {
                KT_CHECK_EQ(err, 0);
                KT_CHECK_EQ(n, op == 0 ? SPLIT_AREAS + 1 : SPLIT_AREAS + 2);
                break;
            }
            KT_CHECK_EQ(err, -ENOMEM);
            KT_CHECK_EQ(n, SPLIT_AREAS);
        }
        KT_CHECK(k > 1 && k < SWEEP_MAX);
    }
    mm_check("fail_sweep_area_split");
}

/* A kernel stack: four pages and their mappings. */
KTEST(fail_sweep_kstack)
{
    size_t before = page_navailable();
    int k = 1;
    for (; k < SWEEP_MAX; k++) {
        while (kstack_reclaim())
            ;                            /* no kept stack: a new one's pages are allocated */
        sweep_arm(k);
        uintptr_t top = kstack_alloc();
        bool reached = sweep_reached();
        if (top)
            kstack_free(top);
        KT_CHECK_EQ(page_navailable(), before);
        if (!reached) {
            KT_CHECK(top);
            break;
        }
        KT_CHECK(!top);
    }
    KT_CHECK_EQ(k, KSTACK_PAGES + 1);
    mm_check("fail_sweep_kstack");
}
