/* mm_area_test.c -- in-kernel tests of the areas (mm/vm_area*.c,
 * mm/vm_tree.c, mm/vm_pool.c), on address spaces of their own with no page
 * mapped: only the areas are looked at.
 *
 *   mm_area_model: random maps (replacing), unmaps and protects in a
 *     window of pages against a model of what each page should be; after
 *     each step every page is looked up, the count must be that of the
 *     model's runs (alike areas always merge) and vm_area_check must pass;
 *   mm_area_gap: vm_area_gap against a search page by page;
 *   mm_area_limit: VM_AREAS_MAX areas, one more refused, lookups, a fork's
 *     copy, all unmapped; every page of records given back.
 * Each ends with the free-page count as it found it and mm_check(). */
#include "kernel/ktest.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define TEST_ID 4243
#define W_PAGES 40
#define W_BASE 0x100000000UL

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static int below(int n) { return (int)(rnd() % (uint64_t)n); }
static uintptr_t wpage(int i) { return W_BASE + (uintptr_t)i * PAGE_SIZE; }

/* ---- the model ------------------------------------------------------------ */

struct model_page {
    bool mapped;
    uint8_t prot, maxprot;
};
static struct model_page model[W_PAGES];

static bool model_alike(int i, int j)
{
    return model[i].mapped && model[j].mapped && model[i].prot == model[j].prot &&
           model[i].maxprot == model[j].maxprot;
}

/* What mprotect of [lo, hi) must answer: the first problem in order. */
static int model_protect(int lo, int hi, int prot)
{
    for (int i = lo; i < hi; i++) {
        if (!model[i].mapped)
            return -ENOMEM;
        if (prot & ~model[i].maxprot)
            return -EACCES;
    }
    for (int i = lo; i < hi; i++)
        model[i].prot = (uint8_t)prot;
    return 0;
}

static int fail_ready(struct vmspace *vm, void *arg)
{
    (void)vm;
    (void)arg;
    return -ENOMEM;
}

/* One random step on vm and on the model; false if the results differ. */
static bool model_step(struct vmspace *vm, int step)
{
    int lo = below(W_PAGES), hi = lo + 1 + below(W_PAGES - lo), op = below(8);
    static const uint8_t maxprots[] = { VM_PROT_ALL, VM_PROT_ALL, VM_READ, VM_READ | VM_WRITE };
    uint8_t maxprot = maxprots[below(4)], prot = (uint8_t)(below(8) & maxprot);
    struct vm_area a = { .start = wpage(lo), .end = wpage(hi), .prot = prot, .maxprot = maxprot };
    int got, want = 0;
    if (op < 3) {
        got = vm_area_map(vm, &a);
        for (int i = lo; i < hi; i++)
            model[i] = (struct model_page){ true, prot, maxprot };
    } else if (op < 5) {
        got = vm_area_unmap(vm, wpage(lo), wpage(hi));
        for (int i = lo; i < hi; i++)
            model[i].mapped = false;
    } else if (op < 7) {
        prot = (uint8_t)below(8);
        got = vm_area_protect(vm, wpage(lo), wpage(hi), prot);
        want = model_protect(lo, hi, prot);
    } else {
        got = vm_area_map_ready(vm, &a, fail_ready, 0);     /* changes nothing */
        want = -ENOMEM;
    }
    if (got != want)
        ktest_fail(__FILE__, __LINE__, "step %d: op %d on pages [%d, %d) prot %d: got %d, want %d", step, op, lo, hi,
                   prot, got, want);
    return got == want;
}

/* The walk in address order: each area is one whole run of the model. */
static bool model_walk_agrees(struct vmspace *vm)
{
    int i = 0;
    for (const struct vm_area *a = vm_area_first(vm); a; a = vm_area_next(a)) {
        while (i < W_PAGES && !model[i].mapped)
            i++;
        if (i == W_PAGES || a->start != wpage(i))
            return false;
        for (i++; i < W_PAGES && model_alike(i - 1, i); i++)
            ;
        if (a->end != wpage(i))
            return false;
    }
    while (i < W_PAGES && !model[i].mapped)
        i++;
    return i == W_PAGES;
}

/* Does vm hold what the model says, page by page, in as many areas as the
 * model has runs of alike pages, in order? */
static bool model_agrees(struct vmspace *vm, int step)
{
    int runs = 0;
    for (int i = 0; i < W_PAGES; i++) {
        const struct vm_area *a = vm_area_find(vm, wpage(i) + 123);
        bool ok = !!a == model[i].mapped &&
                  (!a || (a->prot == model[i].prot && a->maxprot == model[i].maxprot && a->kind == VMA_ANON));
        if (!ok) {
            ktest_fail(__FILE__, __LINE__, "step %d: page %d is not as the model says", step, i);
            return false;
        }
        runs += model[i].mapped && (i == 0 || !model_alike(i - 1, i));
    }
    uintptr_t where;
    const char *why = vm_area_check(vm, &where);
    if (why || vm_area_count(vm) != runs || !model_walk_agrees(vm)) {
        ktest_fail(__FILE__, __LINE__, "step %d: %d areas for %d runs; check: %s at %#lx; walk: %s", step,
                   vm_area_count(vm), runs, why ? why : "ok", where, model_walk_agrees(vm) ? "ok" : "wrong");
        return false;
    }
    return true;
}

KTEST(mm_area_model)
{
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID);
    KT_CHECK(vm);
    memset(model, 0, sizeof(model));
    spin_lock(&vm->lock);
    int step = 0;
    while (step < 3000 && model_step(vm, step) && model_agrees(vm, step))
        step++;
    spin_unlock(&vm->lock);
    vmspace_destroy(vm);
    kprintf("mm_test: %d steps of areas against the model\n", step);
    KT_CHECK_EQ(step, 3000);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_area_model");
}

/* ---- the gap search ------------------------------------------------------- */

/* The highest free range of len below `hi` and at or above `lo`, looked
 * for page by page. */
static uintptr_t gap_by_pages(struct vmspace *vm, size_t len, uintptr_t lo, uintptr_t hi)
{
    for (uintptr_t top = hi; top >= lo + len; top -= PAGE_SIZE)
        if (vm_area_is_free(vm, top - len, top))
            return top - len;
    return 0;
}

static bool gap_round(struct vmspace *vm, int round)
{
    if (vm_area_unmap(vm, wpage(-8), wpage(W_PAGES + 8)))
        return false;
    for (int k = below(12); k > 0; k--) {
        int lo = below(W_PAGES), hi = lo + 1 + below(MIN(6, W_PAGES - lo));
        struct vm_area a = { .start = wpage(lo), .end = wpage(hi), .prot = (uint8_t)below(2), .maxprot = VM_PROT_ALL };
        if (vm_area_map(vm, &a))
            return false;
    }
    for (int q = 0; q < 24; q++) {
        size_t len = (size_t)(1 + below(6)) * PAGE_SIZE;
        uintptr_t lo = wpage(below(W_PAGES + 8) - 4), hi = lo + (uintptr_t)below(W_PAGES) * PAGE_SIZE;
        uintptr_t want = gap_by_pages(vm, len, lo, hi), got = vm_area_gap(vm, len, lo, hi);
        if (got != want) {
            ktest_fail(__FILE__, __LINE__, "round %d: gap of %#lx in [%#lx, %#lx): got %#lx, want %#lx", round,
                       len, lo, hi, got, want);
            return false;
        }
    }
    return true;
}

KTEST(mm_area_gap)
{
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID);
    KT_CHECK(vm);
    spin_lock(&vm->lock);
    int round = 0;
    while (round < 300 && gap_round(vm, round))
        round++;
    uintptr_t whole = vm_area_gap(vm, PAGE_SIZE, 0x10000, USER_TOP);
    spin_unlock(&vm->lock);
    vmspace_destroy(vm);
    KT_CHECK_EQ(round, 300);
    KT_CHECK_EQ(whole, USER_TOP - PAGE_SIZE);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_area_gap");
}

/* ---- the limit ------------------------------------------------------------ */

#define L_BASE 0x40000000000UL

static uint8_t limit_prot(long i) { return i % 2 ? 0 : VM_READ; }

static int limit_map(struct vmspace *vm, long i, uint8_t prot)
{
    struct vm_area a = { .start = L_BASE + (uintptr_t)i * PAGE_SIZE, .end = L_BASE + (uintptr_t)(i + 1) * PAGE_SIZE,
                         .prot = prot, .maxprot = VM_PROT_ALL };
    return vm_area_map(vm, &a);
}

static void count_area(const struct vm_area *a, void *arg)
{
    (void)a;
    ++*(int *)arg;
}

/* Lookups among VM_AREAS_MAX areas, and a fork's copy of them. */
static void limit_checks(struct vmspace *vm, struct vmspace *copy)
{
    uintptr_t where;
    KT_CHECK(!vm_area_check(vm, &where));
    KT_CHECK_EQ(vm_area_count(vm), VM_AREAS_MAX);
    KT_CHECK(vm->areas.root->height <= 22);   /* AVL: 22 levels hold up to 75024 */
    for (int k = 0; k < 1000; k++) {
        long i = below(VM_AREAS_MAX);
        const struct vm_area *a = vm_area_find(vm, L_BASE + (uintptr_t)i * PAGE_SIZE + 8);
        KT_CHECK(a && a->start == L_BASE + (uintptr_t)i * PAGE_SIZE && a->prot == limit_prot(i));
    }
    KT_CHECK(!vm_area_find(vm, L_BASE - 1));
    KT_CHECK_EQ(vm_area_gap(vm, PAGE_SIZE, L_BASE, L_BASE + VM_AREAS_MAX * PAGE_SIZE), 0);
    KT_CHECK_EQ(limit_map(vm, VM_AREAS_MAX + 1, VM_READ), -ENOMEM);          /* one more */
    KT_CHECK_EQ(limit_map(vm, VM_AREAS_MAX, limit_prot(VM_AREAS_MAX - 1)), 0);  /* merges */
    KT_CHECK_EQ(vm_area_unmap(vm, L_BASE + VM_AREAS_MAX * PAGE_SIZE, L_BASE + (VM_AREAS_MAX + 1) * PAGE_SIZE), 0);
    KT_CHECK_EQ(vm_area_unmap(vm, L_BASE, L_BASE + PAGE_SIZE), 0);     /* one fewer */
    KT_CHECK_EQ(limit_map(vm, 0, limit_prot(0)), 0);
    spin_lock_nested(&copy->lock, 1);     /* inside vm's, as fork's copy does */
    int seen = 0;
    int err = vm_area_copy(copy, vm, count_area, &seen);
    const char *why = vm_area_check(copy, &where);
    int n = vm_area_count(copy);
    spin_unlock(&copy->lock);
    KT_CHECK_EQ(err, 0);
    KT_CHECK(!why);
    KT_CHECK_EQ(n, VM_AREAS_MAX);
    KT_CHECK_EQ(seen, VM_AREAS_MAX);
}

KTEST(mm_area_limit)
{
    size_t before = page_navailable();
    struct vmspace *vm = vmspace_create(TEST_ID), *copy = vmspace_create(TEST_ID + 1);
    KT_CHECK(vm && copy);
    spin_lock(&vm->lock);
    long made = 0;
    uint64_t t0 = rdtsc();
    while (made < VM_AREAS_MAX && limit_map(vm, made, limit_prot(made)) == 0)
        made++;
    uint64_t t1 = rdtsc();
    int height = vm->areas.root ? vm->areas.root->height : 0;
    size_t records = before - page_navailable();
    if (made == VM_AREAS_MAX)
        limit_checks(vm, copy);
    int unmapped = 0;
    uint64_t t2 = rdtsc();
    for (long i = 0, n; i < made && unmapped == 0; i += n) {    /* in pieces of up to 5000 */
        n = MIN(made - i, 1 + below(5000));
        unmapped = vm_area_unmap(vm, L_BASE + (uintptr_t)i * PAGE_SIZE, L_BASE + (uintptr_t)(i + n) * PAGE_SIZE);
    }
    uint64_t t3 = rdtsc();
    int left = vm_area_count(vm), pages = vm->area_pool.pages;
    spin_unlock(&vm->lock);
    vmspace_destroy(vm);
    vmspace_destroy(copy);
    kprintf("mm_test: %ld areas in %lu pages (with the space's own); TSC cycles per area: %lu to map "
            "(at the end, the tree %d high), %lu to unmap\n", made, records, (t1 - t0) / (made ? made : 1),
            height, (t3 - t2) / (made ? made : 1));
    KT_CHECK_EQ(unmapped, 0);
    KT_CHECK_EQ(made, VM_AREAS_MAX);
    KT_CHECK_EQ(left, 0);
    KT_CHECK(pages <= VM_POOL_KEEP);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_area_limit");
}
