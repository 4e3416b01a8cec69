/* swap_ahead.c -- reading ahead on a page-in (swap.h). A fault that must
 * read slot s from the device also starts reads of the SWAP_AHEAD slots
 * after it that PTEs name and that have no page in memory, into pages
 * that join the swap cache. The clock sends pages out in address order,
 * a batch at a time, so the slots after s hold the pages after the
 * faulting one more often than not: a program going through its memory
 * finds them in the cache, without a fault that waits for the device.
 * Linux reads a cluster of 8 the same way (vm.page-cluster = 3).
 *
 * A page read ahead is counted as a page-in, and, until a fault maps it,
 * is an orphan that reclaim drops first (it is clean: its slot holds it).
 * No reading ahead when memory is low: the pages would only push others
 * out. The reads end in interrupt context (swap_in_done). */
#include "kernel/kernel.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/swap_io.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "dev/block.h"
#include "include/weensy/errno.h"

#define SWAP_AHEAD 7

struct swap_ahead_read {
    struct blk_req req;
    struct page *pg;
    uint32_t s;
};

static void swap_ahead_done(struct blk_req *r)
{
    struct swap_ahead_read *a = r->arg;
    swap_in_done(a->s, a->pg, r->status ? -EIO : 0, true);
    kfree(a);
}

/* swap_ahead_page: a page for slot t in the cache, marked as being read;
 * NULL if t needs none (no name, or a page already) or memory is out.
 * Allocated under swap_lock, which makes it reachable: mm_check (which
 * pauses the other CPUs, and they hold no lock when paused) must never
 * see a user page that nothing holds. */
static struct page *swap_ahead_page(uint32_t t, int owner)
{
    spin_lock(&swap_lock);
    struct page *pg = 0;
    if (swap_slot_count(t) && !swap_slot_page(t) && (pg = page_alloc(PAGE_USER, owner, 0)))
        swap_cache_add(t, pg, PG_SWAPIO | PG_SWAPREAD);
    spin_unlock(&swap_lock);
    return pg;
}

void swap_ahead(uint32_t s, int owner)
{
    for (uint32_t t = s + 1; t <= s + SWAP_AHEAD && t <= swap_nslots() && !swap_pressure(); t++) {
        struct swap_ahead_read *a = kmalloc(sizeof(*a));
        if (!a)
            return;
        a->pg = swap_ahead_page(t, owner);
        if (!a->pg) {
            kfree(a);
            continue;
        }
        a->s = t;
        swap_io_start(t, a->pg, false, &a->req, swap_ahead_done, a);
    }
}
