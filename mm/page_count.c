/* page_count.c -- the page records summed up: the kinds' names, how
 * many pages are of each kind, the free pages past the frontier (whose
 * records are not written yet: page_init.c). */
#include "kernel/kernel.h"
#include "mm/page.h"
#include "mm/page_internal.h"

static const char *const kind_names[PAGE_KIND_COUNT] = {
    "free", "reserved", "kernel", "boot", "console", "pagetable", "user", "shared", "cache",
};

const char *page_kind_name(enum page_kind k) { return k < PAGE_KIND_COUNT ? kind_names[k] : "?"; }

size_t page_ndeferred(void)
{
    size_t ready, deferred;
    page_frontier(&ready, &deferred);
    return deferred;
}

/* Past the frontier: the free pages as free, the rest (the records' own
 * pages, holes in the map) as reserved until their records say more. */
void page_count_kinds(size_t counts[PAGE_KIND_COUNT])
{
    for (int k = 0; k < PAGE_KIND_COUNT; k++)
        counts[k] = 0;
    size_t ready, deferred;
    page_frontier(&ready, &deferred);
    for (const struct page *pg = page_records, *end = pg + ready; pg < end; pg++) {
        uint8_t kind = __atomic_load_n(&pg->kind, __ATOMIC_RELAXED);
        if (kind < PAGE_KIND_COUNT)
            counts[kind]++;
    }
    counts[PAGE_FREE] += deferred;
    counts[PAGE_RESERVED] += page_records_cap - ready - deferred;
}
