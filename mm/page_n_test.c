/* page_n_test.c -- in-kernel tests of the allocator's batches: fork takes
 * its page tables with page_alloc_n and gives back the ones it did not
 * use with page_put_n (mm/vmspace_copy.c). */
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"

static bool page_all_zero(struct page *pg)
{
    const uint64_t *w = page_kva(pg);
    for (size_t i = 0; i < PAGE_SIZE / 8; i++)
        if (w[i])
            return false;
    return true;
}

/* n pages, each held once, of the kind and owner asked; the zeroed bits
 * say true; all of them back, the count where it was. A page freed as
 * zeroed comes back first (the stock is LIFO) with its bit set, unless
 * junk-filling is on (it is junk then, and its bit clear). Once fault
 * injection has been armed (the fail_* tests, before this one in
 * smp.ktests), none at all: the caller's page_alloc counts each page. */
KTEST(mm_alloc_n)
{
    size_t before = page_navailable();
    if (__atomic_load_n(&failalloc_live, __ATOMIC_RELAXED)) {
        struct page *none[2];
        uint64_t z = 1;
        KT_CHECK_EQ(page_alloc_n(PAGE_KERNEL, PAGE_OWNER_KERNEL, none, 2, &z), 0);
        KT_CHECK_EQ(z, 0UL);
        KT_CHECK_EQ(page_navailable(), before);
        return;
    }
    struct page *zp = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(zp);
    page_put_zeroed(zp);
    struct page *pg[8];
    uint64_t zeroed;
    int got = page_alloc_n(PAGE_PAGETABLE, 4242, pg, 8, &zeroed);
    KT_CHECK_EQ(got, 8);
    KT_CHECK_EQ(page_navailable(), before - 8);
    KT_CHECK(pg[0] == zp);
    KT_CHECK_EQ(zeroed & 1, page_junk ? 0UL : 1UL);
    for (int i = 0; i < got; i++) {
        KT_CHECK_EQ(pg[i]->kind, PAGE_PAGETABLE);
        KT_CHECK_EQ(pg[i]->owner, 4242);
        KT_CHECK_EQ(page_refcount(pg[i]), 1U);
        if (zeroed >> i & 1)
            KT_CHECK(page_all_zero(pg[i]));
    }
    /* Back: the first as zeroed (it is), the rest as they are. */
    memset(page_kva(pg[1]), 0x5a, PAGE_SIZE);
    page_put_n(pg, got, zeroed & ~2UL);
    KT_CHECK_EQ(page_navailable(), before);
    KT_CHECK_EQ(pg[1]->kind, PAGE_FREE);
    KT_CHECK_EQ(pg[1]->flags & PG_ZEROED, 0);
    KT_CHECK_EQ(page_alloc_n(PAGE_KERNEL, PAGE_OWNER_KERNEL, pg, 0, &zeroed), 0);
    KT_CHECK_EQ(zeroed, 0UL);
    mm_check("mm_alloc_n");
}
