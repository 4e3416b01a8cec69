/* page_frontier_test.c -- in-kernel tests of the deferred page records
 * (mm/page_init.c): what page_peek says of a page past the frontier is
 * what its record says once written, and the counts stay whole while the
 * frontier moves. */
#include "kernel/ktest.h"
#include "mm/page.h"
#include "mm/mm_check.h"

#define PEEKS 64              /* pages past the frontier whose peeks are kept */

/* Allocate kernel pages, threaded through themselves, until the frontier
 * has passed pfn `past` or memory is out; how many. */
static size_t frontier_push(size_t past, void **head)
{
    size_t n = 0;
    struct page *pg;
    while (page_nrecords() <= past && (pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0))) {
        *(void **)page_kva(pg) = *head;
        *head = page_kva(pg);
        n++;
    }
    return n;
}

static void frontier_release(void *head)
{
    while (head) {
        void *next = *(void **)head;
        page_put(pa_to_page(kva_to_pa(head)));
        head = next;
    }
}

static size_t kinds_total(void)
{
    size_t kinds[PAGE_KIND_COUNT], total = 0;
    page_count_kinds(kinds);
    for (int k = 0; k < PAGE_KIND_COUNT; k++)
        total += kinds[k];
    return total;
}

KTEST(page_frontier_peek_matches_record)
{
    size_t top = page_top() >> PAGE_SHIFT, ready = page_nrecords();
    size_t before = page_navailable();
    KT_CHECK(ready <= top);
    KT_CHECK_EQ(kinds_total(), top);
    /* Earlier tests may have written every record (mm_alloc_all_free_all
     * does): then there is nothing past the frontier to compare. */
    size_t span = MIN(top - ready, (size_t)PEEKS * 8);
    struct page peeked[PEEKS], tmp;
    size_t n = 0;
    for (size_t i = 0; i < span && n < PEEKS; i += 8, n++) {
        const struct page *p = page_peek(ready + i, &tmp);
        KT_CHECK(p == &tmp);
        peeked[n] = *p;
    }
    KT_CHECK(page_peek(top, &tmp) == 0);
    void *head = 0;
    size_t got = n ? frontier_push(ready + (n - 1) * 8, &head) : 0;
    bool passed = page_nrecords() > ready + (n ? (n - 1) * 8 : 0) || !n;
    size_t total = kinds_total();
    size_t mismatched = 0;
    for (size_t j = 0; j < n && passed; j++) {
        const struct page *rec = pfn_to_page(ready + j * 8);
        /* A free page may have been handed out since (to us, or anyone):
         * then it is held, never reserved. */
        bool same = rec && (rec->kind == peeked[j].kind ||
                            (peeked[j].kind == PAGE_FREE && page_refcount(rec) > 0));
        mismatched += !same;
    }
    frontier_release(head);
    kprintf("page_frontier: %lu records of %lu written at start, %lu peeks, %lu pages taken\n", ready, top, n,
            got);
    KT_CHECK(passed);
    KT_CHECK_EQ(total, top);
    KT_CHECK_EQ(mismatched, 0);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("page_frontier_peek_matches_record");
}
