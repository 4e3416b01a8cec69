/* mm_test.c -- in-kernel tests of the memory core: the page allocator at
 * exhaustion, page tables at every index boundary, protection changes,
 * address-space teardown and kmalloc. Each test leaves the free-page count
 * exactly where it found it and ends with mm_check(). The tests that
 * provoke faults are in mm_fault_test.c.
 *
 * Pattern: a test takes its baseline, builds what it needs, hands it to a
 * body function whose KT_CHECKs return early, then tears everything down
 * itself, so a failing check does not leak the pages it was looking at. */
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/mm_test.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/mm_check.h"
#include "include/weensy/errno.h"

#define TEST_ID 4242          /* owner id of the address spaces made here */
#define GIB (1UL << 30)
#define PML4_SPAN PT_SPAN(3)  /* 512 GiB */

static bool mem_all(const void *p, uint8_t byte, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != byte)
            return false;
    return true;
}

/* ---- the page allocator ------------------------------------------------- */

/* While no page is free, everything that allocates must fail cleanly. */
static void exhausted_checks(size_t *free_seen, bool *alloc_ok, bool *others_ok)
{
    *free_seen = page_navailable();
    struct page *extra = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    *alloc_ok = !extra;
    if (extra)
        page_put(extra);
    struct vmspace *vm = vmspace_create(TEST_ID);
    void *big = kmalloc(KMALLOC_MAX + 1);
    uintptr_t stack = kstack_alloc();
    *others_ok = !vm && !big && !stack;
    if (vm)
        vmspace_destroy(vm);
    kfree(big);
    if (stack)
        kstack_free(stack);
    mm_check("mm_alloc_all_free_all: exhausted");
}

KTEST(mm_alloc_all_free_all)
{
    size_t before = page_navailable();
    /* The allocated pages are kept on a list threaded through themselves.
     * They are kernel pages: mm_check would call unmapped user pages leaks. */
    void *head = 0;
    size_t n = 0;
    struct page *pg;
    while ((pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0))) {
        *(void **)page_kva(pg) = head;
        head = page_kva(pg);
        n++;
    }
    size_t free_seen;
    bool alloc_ok, others_ok;
    exhausted_checks(&free_seen, &alloc_ok, &others_ok);
    while (head) {
        void *next = *(void **)head;
        page_put(pa_to_page(kva_to_pa(head)));
        head = next;
    }
    kprintf("mm_test: allocated all %lu free pages\n", n);
    KT_CHECK_EQ(n, before);
    /* Memory ran out only once every record was written (page_init.c). */
    KT_CHECK_EQ(page_nrecords(), page_top() >> PAGE_SHIFT);
    KT_CHECK_EQ(page_ndeferred(), 0);
    KT_CHECK_EQ(free_seen, 0);
    KT_CHECK(alloc_ok);
    KT_CHECK(others_ok);
    KT_CHECK_EQ(page_navailable(), before);

    /* Zero fill. The free list is LIFO, so PAGE_ZERO gets back the page
     * just written with 0x5a. */
    pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    KT_CHECK(pg);
    memset(page_kva(pg), 0x5a, PAGE_SIZE);
    page_put(pg);
    pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(pg);
    uint8_t *kva = page_kva(pg);
    bool zeroed = mem_all(kva, 0, PAGE_SIZE);
    KT_CHECK_EQ(page_refcount(pg), 1);
    /* Junk on free (when page_junk is on: Debug builds, mm_check=always):
     * nobody can reallocate the page between the put and the look (one
     * CPU, and no interrupt handler allocates). */
    memset(kva, 0x5a, PAGE_SIZE);
    page_put(pg);
    KT_CHECK(zeroed);
    KT_CHECK(mem_all(kva, page_junk ? PAGE_JUNK_FREE : 0x5a, PAGE_SIZE));
    KT_CHECK_EQ(pg->kind, PAGE_FREE);
    KT_CHECK_EQ(page_refcount(pg), 0);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_alloc_all_free_all");
}

/* page_put_zeroed: a page freed as all zeros comes back zeroed from a
 * PAGE_ZERO allocation without being written (junk off: PG_ZEROED), or is
 * checked and junk-filled (junk on). A plain put never marks a page. The
 * free list is LIFO and one CPU runs this, so each alloc gets the page
 * just freed. */
KTEST(mm_put_zeroed)
{
    size_t before = page_navailable();
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(pg);
    uint8_t *kva = page_kva(pg);
    page_put_zeroed(pg);
    KT_CHECK_EQ(pg->kind, PAGE_FREE);
    KT_CHECK_EQ(pg->flags, page_junk ? 0 : PG_ZEROED);
    KT_CHECK(mem_all(kva, page_junk ? PAGE_JUNK_FREE : 0, PAGE_SIZE));
    struct page *again = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(again == pg);
    KT_CHECK_EQ(pg->flags, 0);
    KT_CHECK(mem_all(kva, 0, PAGE_SIZE));
    memset(kva, 0x5a, PAGE_SIZE);
    page_put(pg);
    KT_CHECK_EQ(pg->flags, 0);
    again = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(again == pg);
    KT_CHECK(mem_all(kva, 0, PAGE_SIZE));
    page_put(pg);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_put_zeroed");
}

/* Run body on a fresh address space, destroy it, and check that every page
 * came back and the memory system is consistent. */
static void with_vmspace(void (*body)(struct vmspace *), const char *name)
{
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID);
    KT_CHECK(vm);
    body(vm);
    vmspace_destroy(vm);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check(name);
}

/* ---- page tables at index boundaries ------------------------------------ */

/* In increasing order. 511 * 4 KiB is also 2 MiB - 4 KiB, 512 * 4 KiB is
 * 2 MiB. Each pair straddles the end of a table at some level. */
static const uintptr_t edges[] = {
    0x1000, 511 * PAGE_SIZE, 512 * PAGE_SIZE,
    GIB - PAGE_SIZE, GIB,
    PML4_SPAN - PAGE_SIZE, PML4_SPAN,
    255 * PML4_SPAN - PAGE_SIZE, 255 * PML4_SPAN,   /* into the last user PML4 slot */
    USER_TOP - PAGE_SIZE,
};
#define NEDGES ARRAY_SIZE(edges)
#define MAX_TABLES 64

static uint64_t edge_word(uintptr_t va, size_t i) { return va * 31 + i * 0x9e3779b97f4a7c15UL; }

static void map_edges_one(struct vmspace *vm, uintptr_t va)
{
    struct page *pg = page_alloc(PAGE_USER, vm->id, 0);
    KT_CHECK(pg);
    uint64_t *w = page_kva(pg);
    for (size_t i = 0; i < PAGE_SIZE / 8; i++)
        w[i] = edge_word(va, i);
    if (kt_map_page(vm, va, pg, PTE_USER_RW) < 0) {
        page_put(pg);
        KT_CHECK(!"kt_map_page failed");
    }
    pte_t pte = pt_lookup(vm->pml4, va);
    KT_CHECK_EQ(PTE_ADDR(pte), page_to_pa(pg));
    KT_CHECK_EQ(PTE_FLAGS(pte), PTE_P | PTE_W | PTE_U | pte_nx);
    pte_t *slot = pt_walk(vm->pml4, va, 0, PT_NO_ALLOC, 0);
    KT_CHECK(slot);
    KT_CHECK_EQ(*slot, pte);
    pte_t *next = pt_walk(vm->pml4, va + PAGE_SIZE, 0, PT_NO_ALLOC, 0);
    KT_CHECK(next != slot);
    if (PT_INDEX(0, va) != PT_ENTRIES - 1)
        KT_CHECK(next == slot + 1);
    /* Tables on the way never restrict: P|W|U, no large page. */
    for (int level = 1; level < PT_LEVELS; level++) {
        pte_t e = *pt_walk(vm->pml4, va, level, PT_NO_ALLOC, 0);
        KT_CHECK_EQ(PTE_FLAGS(e) & (PTE_P | PTE_W | PTE_U | PTE_PS | PTE_NX), PTE_P | PTE_W | PTE_U);
    }
}

/* pt_iter: exactly the edges, in order; also over a window of them. */
static void map_edges_iter(struct vmspace *vm)
{
    struct pt_iter it;
    size_t n = 0;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it); n++) {
        KT_CHECK(n < NEDGES);
        KT_CHECK_EQ(it.va, edges[n]);
        KT_CHECK(it.pte == pt_walk(vm->pml4, it.va, 0, PT_NO_ALLOC, 0));
        const uint64_t *w = pa_to_kva(PTE_ADDR(*it.pte));
        KT_CHECK_EQ(w[7], edge_word(it.va, 7));
    }
    KT_CHECK_EQ(n, NEDGES);
    n = 0;
    for (pt_iter_init(&it, vm->pml4, GIB - PAGE_SIZE, PML4_SPAN + 1); pt_iter_next(&it); n++)
        KT_CHECK_EQ(it.va, edges[3 + n]);
    KT_CHECK_EQ(n, 4);
}

/* ptp_iter: every table page once, each after all of its children, each
 * with the right parent slot and record. *count: how many. */
static void map_edges_tables(struct vmspace *vm, size_t *count)
{
    pte_t *seen[MAX_TABLES];
    size_t n = 0;
    struct ptp_iter it;
    for (ptp_iter_init(&it, vm->pml4); ptp_iter_next(&it); n++) {
        KT_CHECK(n < MAX_TABLES);
        KT_CHECK_EQ(PTE_ADDR(*it.parent_slot), kva_to_pa(it.table));
        struct page *pg = pa_to_page(kva_to_pa(it.table));
        KT_CHECK_EQ(pg->kind, PAGE_PAGETABLE);
        KT_CHECK_EQ(pg->owner, vm->id);
        for (size_t j = 0; j < n; j++)
            KT_CHECK(seen[j] != it.table);
        for (int i = 0; it.table_level > 0 && i < PT_ENTRIES; i++) {
            if (!pte_present(it.table[i]))
                continue;
            size_t j = 0;
            while (j < n && kva_to_pa(seen[j]) != PTE_ADDR(it.table[i]))
                j++;
            KT_CHECK(j < n);                 /* the child came first */
        }
        seen[n] = it.table;
        *count = n + 1;
    }
}

static void map_edges_body(struct vmspace *vm)
{
    size_t before = page_navailable();
    for (size_t i = 0; i < NEDGES; i++) {
        map_edges_one(vm, edges[i]);
        if (ktest_failures())
            return;
    }
    size_t tables = before - page_navailable() - NEDGES;
    kprintf("mm_test: %lu edges mapped with %lu table pages\n", NEDGES, tables);
    map_edges_iter(vm);
    size_t counted = 0;
    map_edges_tables(vm, &counted);
    KT_CHECK_EQ(counted, tables);
    mm_check("mm_map_edges: mapped");

    /* Unmap half by hand, half through the address space. */
    for (size_t i = 0; i < NEDGES; i++) {
        uintptr_t va = edges[i];
        paddr_t pa = PTE_ADDR(pt_lookup(vm->pml4, va));
        if (i % 2) {
            KT_CHECK(kt_unmap_page(vm, va));
        } else {
            pte_t old = pt_unmap(vm->pml4, va);
            vm->rss -= swap_pte_counts(old);    /* by hand: the space's count too */
            if (pte_present(old))
                page_put(pa_to_page(PTE_ADDR(old)));
            KT_CHECK_EQ(PTE_ADDR(old), pa);
        }
        KT_CHECK_EQ(pt_lookup(vm->pml4, va), 0);
        KT_CHECK(!kt_unmap_page(vm, va));
    }
    /* Only the (now empty) tables remain. */
    KT_CHECK_EQ(before - page_navailable(), tables);
    mm_check("mm_map_edges: unmapped");
}

KTEST(mm_map_edges)
{
    with_vmspace(map_edges_body, "mm_map_edges");
}

/* ---- pt_protect --------------------------------------------------------- */

static void protect_body(struct vmspace *vm)
{
    uintptr_t va = USER_TEXT_BASE;
    struct page *pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
    KT_CHECK(pg);
    if (kt_map_page(vm, va, pg, PTE_USER_RW) < 0) {
        page_put(pg);
        KT_CHECK(!"kt_map_page failed");
    }
    KT_CHECK_EQ(pt_protect(vm->pml4, va, 0, PTE_W), 0);
    pte_t e = pt_lookup(vm->pml4, va);
    KT_CHECK_EQ(e, page_to_pa(pg) | PTE_USER_RO);
    KT_CHECK_EQ(pt_protect(vm->pml4, va, PTE_W, 0), 0);
    e = pt_lookup(vm->pml4, va);
    KT_CHECK_EQ(e, page_to_pa(pg) | PTE_USER_RW);
    /* Nothing mapped: in a table that exists, and where no table is. */
    KT_CHECK_EQ(pt_protect(vm->pml4, va + PAGE_SIZE, PTE_W, 0), -EFAULT);
    KT_CHECK_EQ(pt_protect(vm->pml4, 3 * PML4_SPAN, PTE_W, 0), -EFAULT);
    KT_CHECK_EQ(pt_lookup(vm->pml4, va + PAGE_SIZE), 0);
    KT_CHECK_EQ(pt_lookup(vm->pml4, 3 * PML4_SPAN), 0);
    mm_check("mm_protect: mapped");
}

KTEST(mm_protect)
{
    with_vmspace(protect_body, "mm_protect");
}

/* ---- teardown of a big tree --------------------------------------------- */

#define SCATTER_PAGES 300
#define SCATTER_STRIDE 0x41000UL          /* 260 KiB: a new table every ~8 pages */
#define ALIAS_BASE 0x600000000000UL

/* Six regions of 50 pages, each crossing 2 MiB boundaries; two of them also
 * cross a 1 GiB and a 512 GiB boundary. */
static uintptr_t scatter_va(int i)
{
    static const uintptr_t bases[] = {
        0x10000, GIB - 0x200000, 16 * GIB + 0x123000, PML4_SPAN + 0x5000,
        0x123456000000, 255 * PML4_SPAN - 0x400000,
    };
    return bases[i % 6] + (uintptr_t)(i / 6) * SCATTER_STRIDE;
}

/* Map what fits (all of it unless mem= is tiny); every 7th page is also
 * mapped read-only at a second address. Returns the leaves mapped. */
static size_t destroy_map(struct vmspace *vm, int *shared)
{
    size_t leaves = 0;
    for (int i = 0; i < SCATTER_PAGES; i++) {
        /* Every 14th is a shared kind from the start: a page's kind is
         * settled before it is mapped (a space's count of the pages swap
         * could take goes by it, mm/swap.h). */
        struct page *pg = page_alloc(i % 14 == 0 ? PAGE_SHARED : PAGE_USER, vm->id, 0);
        if (!pg)
            break;
        if (kt_map_page(vm, scatter_va(i), pg, PTE_USER_RW) < 0) {
            page_put(pg);
            break;
        }
        leaves++;
        if (i % 7)
            continue;
        page_ref(pg);
        if (kt_map_page(vm, ALIAS_BASE + (uintptr_t)i * PAGE_SIZE, pg, PTE_USER_RO) < 0) {
            page_put(pg);
            break;
        }
        leaves++;
        (*shared)++;
    }
    return leaves;
}

static void destroy_body(struct vmspace *vm)
{
    size_t before = page_navailable();
    int shared = 0;
    size_t leaves = destroy_map(vm, &shared);
    size_t pages = leaves - shared;
    size_t tables = before - page_navailable() - pages;
    kprintf("mm_test: mapped %lu pages (%d twice) with %lu table pages, %lu pages left\n",
            pages, shared, tables, page_navailable());
    /* Stopping early is right only when memory ran out (one page back). */
    KT_CHECK(pages == SCATTER_PAGES || page_navailable() <= 1);
    KT_CHECK(pages > 0);
    /* Every leaf is found; the shared pages, twice, with two references. */
    struct pt_iter it;
    size_t n = 0, twice = 0;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it); n++) {
        uint32_t refs = page_refcount(pa_to_page(PTE_ADDR(*it.pte)));
        KT_CHECK(refs == 1 || refs == 2);
        twice += refs == 2;
    }
    KT_CHECK_EQ(n, leaves);
    KT_CHECK_EQ(twice, 2 * shared);
    struct ptp_iter pit;
    n = 0;
    for (ptp_iter_init(&pit, vm->pml4); ptp_iter_next(&pit);)
        n++;
    KT_CHECK_EQ(n, tables);
    if (pages == SCATTER_PAGES)
        KT_CHECK(tables >= 6 * 7);
    mm_check("mm_destroy_frees_all: mapped");
}

KTEST(mm_destroy_frees_all)
{
    with_vmspace(destroy_body, "mm_destroy_frees_all");
}

/* ---- kmalloc ------------------------------------------------------------ */

#define KM_SMALL 380          /* a few slabs' worth */
#define KM_LARGE 100
#define KM_PAGE 20
#define KM_N (KM_SMALL + KM_LARGE + KM_PAGE)

/* In a page the test takes, not in the Debug kernel's image (mem=2M has
 * few pages to spare). */
static void **km_objs;
_Static_assert(KM_N * sizeof(void *) <= PAGE_SIZE, "the objects' table fits a page");

static size_t km_size(int i) { return i < KM_SMALL ? 48 : i < KM_SMALL + KM_LARGE ? 2000 : 3000; }

/* Allocate all; each object starts zeroed, then gets its own byte. */
static void kmalloc_fill(void)
{
    for (int i = 0; i < KM_N; i++) {
        km_objs[i] = kmalloc(km_size(i));
        KT_CHECK(km_objs[i]);
        KT_CHECK(mem_all(km_objs[i], 0, km_size(i)));
        memset(km_objs[i], i & 0xff, km_size(i));
    }
    /* Nothing overlaps: every object still holds its byte. */
    for (int i = 0; i < KM_N; i++)
        KT_CHECK(mem_all(km_objs[i], i & 0xff, km_size(i)));
}

KTEST(mm_kmalloc_returns_pages)
{
    struct page *table = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(table);
    if (!table)
        return;
    km_objs = page_kva(table);
    size_t before = page_navailable(), slabs = kmalloc_pages();
    kmalloc_fill();
    size_t used = before - page_navailable();
    kprintf("mm_test: %d objects took %lu pages\n", KM_N, used);
    /* 48 bytes round up to 64: 63 per slab; 2000 bytes take a slab each. */
    bool dropped = used >= KM_SMALL / 63 + KM_LARGE + KM_PAGE;
    /* Free in a scrambled order (617 is prime to KM_N). */
    for (int i = 0; i < KM_N; i++) {
        int j = (int)(((long)i * 617) % KM_N);
        kfree(km_objs[j]);
        km_objs[j] = 0;
    }
    KT_CHECK(dropped);
    KT_CHECK_EQ(page_navailable(), before);
    KT_CHECK_EQ(kmalloc_pages(), slabs);
    page_put(table);
    km_objs = 0;
    mm_check("mm_kmalloc_returns_pages");
}
