/* mm_fault_test.c -- tests that the hardware enforces what the page tables
 * say: each provokes a page fault in the kernel with trap_catch() (see
 * arch/x86_64/trap_test.c) and checks the vector, the error code and the
 * faulting address. Also kstack_overflow_demo, which cannot be caught: it
 * ends the run with a double fault (tests/mm.cmake). */
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"
#include "mm/mm_test.h"
#include "mm/kstack.h"
#include "mm/mm_check.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define TEST_ID 4242
#define PF_WHY (PFE_P | PFE_W | PFE_U | PFE_I)   /* the error bits checked */

__attribute__((noinline)) static uint64_t peek(uintptr_t addr) { return *(volatile uint64_t *)addr; }
/* rewrite: store the byte that is there (harmless if it does not fault) */
__attribute__((noinline)) static void rewrite(uintptr_t addr) { *(volatile uint8_t *)addr = *(volatile uint8_t *)addr; }
__attribute__((noinline)) static void call_at(uintptr_t addr) { ((void (*)(void))addr)(); }

/* With SMAP on, the kernel reaches user pages only between stac and clac. */
static void user_access(bool on)
{
    if (cpu_has_smap())
        on ? stac() : clac();
}

/* Each provokes one access inside trap_catch; the result is in *c, and
 * c->vector is 0 when nothing faulted. */
enum access { READ, WRITE, FETCH };

static void try_access(struct trap_catch *c, enum access how, uintptr_t addr)
{
    c->vector = 0;
    if (trap_catch(c) == 0) {
        if (how == READ)
            (void)peek(addr);
        else if (how == WRITE)
            rewrite(addr);
        else
            call_at(addr);
        trap_catch_end();
        c->vector = 0;
        return;
    }
    trap_catch_end();
}

KTEST(mm_kernel_text_readonly)
{
    size_t before = page_navailable();
    uintptr_t text = (uintptr_t)mm_check;
    uint8_t old = *(volatile uint8_t *)text;
    struct trap_catch c;
    try_access(&c, WRITE, text);
    KT_CHECK_EQ(*(volatile uint8_t *)text, old);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P | PFE_W);
    KT_CHECK_EQ(c.addr, text);
    /* Read-only data (the page-kind names) too. */
    uintptr_t ro = (uintptr_t)page_kind_name(PAGE_USER);
    try_access(&c, WRITE, ro);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P | PFE_W);
    KT_CHECK_EQ(c.addr, ro);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_kernel_text_readonly");
}

KTEST(mm_direct_map_nx)
{
    if (!pte_nx) {                                /* tests/realpc.cmake: -cpu qemu64,-nx */
        kprintf("mm_test: skipped: this CPU has no NX\n");
        return;
    }
    size_t before = page_navailable();
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    KT_CHECK(pg);
    uint8_t *code = page_kva(pg);
    code[0] = 0xc3;                               /* ret */
    pte_t e = pt_lookup(kernel_vmspace.pml4, (uintptr_t)code);
    struct trap_catch c;
    try_access(&c, FETCH, (uintptr_t)code);
    page_put(pg);
    KT_CHECK_EQ(e & (PTE_PS | PTE_NX | PTE_U), PTE_PS | PTE_NX);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P | PFE_I);
    KT_CHECK_EQ(c.addr, (uintptr_t)code);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_direct_map_nx");
}

/* ---- the kernel against user pages (SMAP, SMEP, WP) --------------------- */

#define USER_VALUE 0x5eed5eed5eed5eedUL

static void smap_body(struct vmspace *vm, uintptr_t va, struct page *pg)
{
    struct trap_catch c;
    user_access(true);                            /* allowed while AC is set */
    try_access(&c, READ, va);
    uint64_t v = c.vector ? 0 : peek(va);
    user_access(false);
    KT_CHECK_EQ(c.vector, 0);
    KT_CHECK_EQ(v, USER_VALUE);
    try_access(&c, READ, va);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P);
    KT_CHECK_EQ(c.addr, va);
    *(uint8_t *)page_kva(pg) = 0xc3;              /* ret, executable for the user */
    try_access(&c, FETCH, va);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P | PFE_I);
    KT_CHECK_EQ(c.addr, va);
    (void)vm;
}

KTEST(mm_smap_blocks_user_read)
{
    if (!cpu_has_smap() || !cpu_has_smep()) {    /* tests/realpc.cmake: -cpu qemu64 */
        kprintf("mm_test: skipped: this CPU has no SMAP/SMEP\n");
        return;
    }
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID);
    KT_CHECK(vm);
    uintptr_t va = USER_TEXT_BASE;
    struct page *pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
    if (pg) {
        *(uint64_t *)page_kva(pg) = USER_VALUE;
        if (kt_map_page(vm, va, pg, PTE_USER_RX) < 0) {
            page_put(pg);
            pg = 0;
        }
    }
    if (pg) {
        vmspace_activate(vm);
        smap_body(vm, va, pg);
        vmspace_activate(&kernel_vmspace);
    }
    vmspace_destroy(vm);
    KT_CHECK(pg);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_smap_blocks_user_read");
}

/* pt_protect must flush: a write that worked through a cached writable
 * entry faults once the entry is read-only. */
static void protect_write_body(struct vmspace *vm, uintptr_t va)
{
    struct trap_catch c;
    user_access(true);
    try_access(&c, WRITE, va);
    user_access(false);
    KT_CHECK_EQ(c.vector, 0);
    KT_CHECK(pt_lookup(vm->pml4, va) & PTE_D);   /* the write went through */
    KT_CHECK_EQ(pt_protect(vm->pml4, va, 0, PTE_W), 0);
    user_access(true);
    try_access(&c, WRITE, va);
    user_access(false);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, PFE_P | PFE_W);
    KT_CHECK_EQ(c.addr, va);
    KT_CHECK_EQ(pt_protect(vm->pml4, va, PTE_W, 0), 0);
    user_access(true);
    try_access(&c, WRITE, va);
    user_access(false);
    KT_CHECK_EQ(c.vector, 0);
}

KTEST(mm_protect_enforced)
{
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID);
    KT_CHECK(vm);
    uintptr_t va = USER_TEXT_BASE;
    struct page *pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
    if (pg && kt_map_page(vm, va, pg, PTE_USER_RW) < 0) {
        page_put(pg);
        pg = 0;
    }
    if (pg) {
        vmspace_activate(vm);
        protect_write_body(vm, va);
        vmspace_activate(&kernel_vmspace);
    }
    vmspace_destroy(vm);
    KT_CHECK(pg);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_protect_enforced");
}

/* ---- nothing mapped ----------------------------------------------------- */

KTEST(mm_null_faults)
{
    size_t before = page_navailable();
    struct trap_catch c;
    try_access(&c, READ, 0);
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.error & PF_WHY, 0);            /* not present, read, kernel */
    KT_CHECK_EQ(c.addr, 0);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_null_faults");
}

/* Both stacks are usable from bottom to top; below each is a guard. */
static void kstack_body(uintptr_t top[2])
{
    for (int s = 0; s < 2; s++) {
        uintptr_t bottom = top[s] - KSTACK_PAGES * PAGE_SIZE;
        KT_CHECK(kstack_is_guard(bottom - 1));
        KT_CHECK(kstack_is_guard(bottom - PAGE_SIZE));
        KT_CHECK(!kstack_is_guard(bottom));
        KT_CHECK(!kstack_is_guard(top[s] - 1));
        for (uint64_t *p = (uint64_t *)bottom; p < (uint64_t *)top[s]; p++)
            *p = (uintptr_t)p ^ s;
    }
    for (int s = 0; s < 2; s++) {
        uintptr_t bottom = top[s] - KSTACK_PAGES * PAGE_SIZE;
        for (uint64_t *p = (uint64_t *)bottom; p < (uint64_t *)top[s]; p++)
            KT_CHECK_EQ(*p, (uintptr_t)p ^ s);
        struct trap_catch c;
        try_access(&c, READ, bottom - 8);
        KT_CHECK_EQ(c.vector, T_PF);
        KT_CHECK_EQ(c.error & PF_WHY, 0);
        KT_CHECK_EQ(c.addr, bottom - 8);
    }
}

KTEST(mm_kstack_guard)
{
    size_t before = page_navailable();
    uintptr_t top[2] = { kstack_alloc(), kstack_alloc() };
    if (top[0] && top[1])
        kstack_body(top);
    for (int s = 0; s < 2; s++)
        if (top[s])
            kstack_free(top[s]);
    KT_CHECK(top[0] && top[1] && top[0] != top[1]);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_kstack_guard");
}

/* A freed stack is kept mapped and counted available; the next
 * allocation gets it back unchanged; kstack_reclaim releases it. */
KTEST(mm_kstack_kept)
{
    while (kstack_reclaim())
        ;
    size_t avail = page_navailable(), nfree = page_nfree();
    uintptr_t top = kstack_alloc();
    KT_CHECK(top);
    KT_CHECK_EQ(page_navailable(), avail - KSTACK_PAGES);
    *(volatile uint64_t *)(top - 8) = 0x5eed;
    kstack_free(top);
    KT_CHECK_EQ(page_nkept(), KSTACK_PAGES);
    KT_CHECK_EQ(page_navailable(), avail);
    KT_CHECK_EQ(page_nfree(), nfree - KSTACK_PAGES);
    uintptr_t again = kstack_alloc();
    KT_CHECK_EQ(again, top);
    KT_CHECK_EQ(*(volatile uint64_t *)(top - 8), 0x5eed);   /* the same pages, still mapped */
    KT_CHECK_EQ(page_nkept(), 0);
    kstack_free(again);
    KT_CHECK(kstack_reclaim());
    KT_CHECK(!kstack_reclaim());
    KT_CHECK_EQ(page_nfree(), nfree);
    mm_check("mm_kstack_kept");
}

/* Memory running out takes the kept stacks back: every page counted
 * available can be allocated, and then no stack is kept. */
KTEST(mm_kstack_kept_taken_back)
{
    uintptr_t tops[2] = { kstack_alloc(), kstack_alloc() };
    for (int i = 0; i < 2; i++)
        if (tops[i])
            kstack_free(tops[i]);
    size_t avail = page_navailable(), kept = page_nkept(), n = 0;
    void *head = 0;
    struct page *pg;
    while ((pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0))) {
        *(void **)page_kva(pg) = head;
        head = page_kva(pg);
        n++;
    }
    size_t kept_at_end = page_nkept();
    while (head) {
        void *next = *(void **)head;
        page_put(pa_to_page(kva_to_pa(head)));
        head = next;
    }
    KT_CHECK(tops[0] && tops[1]);
    KT_CHECK(kept >= 2 * KSTACK_PAGES);
    KT_CHECK_EQ(n, avail);
    KT_CHECK_EQ(kept_at_end, 0);
    KT_CHECK_EQ(page_navailable(), avail);       /* the stacks' pages are free now */
    KT_CHECK_EQ(page_nkept(), 0);
    mm_check("mm_kstack_kept_taken_back");
}

/* ---- an overflow that nothing catches ----------------------------------- */

static volatile unsigned overflow_limit = ~0u;

/* Not a tail call (it adds after returning), and each frame has a volatile
 * array, so every level really takes stack. */
__attribute__((noinline)) static unsigned overflow_recurse(unsigned depth)
{
    volatile uint8_t frame[256];
    frame[depth % sizeof(frame)] = (uint8_t)depth;
    if (depth >= overflow_limit)
        return 0;
    return overflow_recurse(depth + 1) + frame[depth % sizeof(frame)];
}

/* Runs into the boot stack's guard page: the #PF cannot be delivered on
 * the full stack, so the CPU raises a #DF on its own stack, and the report
 * says "kernel stack overflow". The kernel panics; the run fails. */
KTEST(kstack_overflow_demo)
{
    kprintf("mm_test: recursing from %p until the stack overflows\n", (void *)read_rbp());
    unsigned r = overflow_recurse(0);
    ktest_fail(__FILE__, __LINE__, "the recursion returned %u", r);
}
