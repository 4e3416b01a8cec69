/* pcache_swap.c -- a tmpfs file's pages and swap (mm/swap_obj.h,
 * docs/files.md "tmpfs and swap").
 *
 * A tmpfs file's page has no other home than memory, so under pressure it
 * goes to swap as a shared memory segment's page does: only once nothing
 * but the cache holds it (global reclaim's clock unmaps MAP_SHARED pages
 * whose accessed bit stayed clear; a MAP_PRIVATE mapping holds its page
 * in memory until unmapped). The caches' own clock goes over the
 * swappable caches, a hand over the list of caches and one over each
 * cache's entries; an entry used since the hand last passed
 * (ENTRY_USED, set by pcache_get) gets a second chance, as a PTE with its
 * accessed bit set does. An entry that goes names its slot in the page's
 * place; pcache_get takes the page back or says which slot to read.
 *
 * Lock order: pcache_list_lock -> pc->lock -> swap_lock. */
#include "kernel/kernel.h"
#include "fs/pcache.h"
#include "fs/pcache_internal.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

struct pcache *pcache_hand;                /* [pcache_list_lock] */

bool pcache_swap_take(struct pcache *pc, uintptr_t *e)
{
    assert(spin_holding(&pc->lock) && (*e & ENTRY_SWAPPED));
    struct page *pg = swap_obj_take(entry_slot(*e), PAGE_CACHE);
    if (!pg)
        return false;
    *e = entry_of_page(pg) | (*e & ENTRY_DIRTY) | ENTRY_USED;
    pc->nswapped--;
    pc->npages++;
    __atomic_add_fetch(&pcache_pages, 1, __ATOMIC_RELAXED);
    return true;
}

/* pcache_swap_entry: the page at *e goes out if only the cache holds it
 * and it was not used since the last look (which clears the mark). 1 if it
 * went (its slot in *slot), 0 if not, -ENOMEM if the device is full. */
static int pcache_swap_entry(struct pcache *pc, uintptr_t *e, uint32_t *slot)
{
    if (!*e || (*e & ENTRY_SWAPPED) || page_refcount(entry_page(*e)) != 1)
        return 0;                /* none, out already, mapped or in use */
    if (*e & ENTRY_USED) {
        *e &= ~ENTRY_USED;
        return 0;
    }
    /* Under pc->lock nobody can take a new reference on a cached page, so
     * one reference is the cache's alone. */
    uint32_t s = swap_obj_out(entry_page(*e));
    if (!s)
        return -ENOMEM;
    *e = entry_of_slot(s) | (*e & ENTRY_DIRTY);
    pc->npages--;
    pc->nswapped++;
    __atomic_sub_fetch(&pcache_pages, 1, __ATOMIC_RELAXED);
    *slot = s;
    return 1;
}

/* pcache_swap_sweep: pc's hand goes once round its entries, until n have
 * gone; how many (-ENOMEM: the device is full and none went). */
static int pcache_swap_sweep(struct pcache *pc, int n, uint32_t *slots)
{
    assert(spin_holding(&pc->lock));
    uint64_t limit = pc->two_level ? PCACHE_MAX_PAGES : PCACHE_PER_TABLE;
    int taken = 0, r = 0;
    for (uint64_t k = 0; k < limit && taken < n && r >= 0; k++) {
        uint64_t i = (pc->hand + k) % limit;
        struct page **leaf = pcache_leaf_ref(pc, i / PCACHE_PER_TABLE);
        if (!leaf || !*leaf) {
            k += PCACHE_PER_TABLE - 1 - i % PCACHE_PER_TABLE;   /* the next leaf */
            continue;
        }
        r = pcache_swap_entry(pc, (uintptr_t *)page_kva(*leaf) + i % PCACHE_PER_TABLE, &slots[taken]);
        if (r > 0) {
            taken++;
            pc->hand = i + 1;
        }
    }
    return taken || r >= 0 ? taken : -ENOMEM;
}

/* pcache_swap_out: up to n pages of swappable caches go out; two turns of
 * the hand over the list, so that a page marked used on the first is
 * taken on the second. */
static int pcache_swap_out(int n, uint32_t *slots)
{
    int taken = 0, ncaches = 0;
    bool full = false;
    spin_lock(&pcache_list_lock);
    for (struct pcache *pc = pcache_list; pc; pc = pc->next)
        ncaches++;
    for (int k = 0; k < 2 * ncaches && taken < n && !full; k++) {
        struct pcache *pc = pcache_hand ? pcache_hand : pcache_list;
        pcache_hand = pc->next;
        if (!pc->swappable)
            continue;
        spin_lock(&pc->lock);
        int got = pcache_swap_sweep(pc, n - taken, slots + taken);
        spin_unlock(&pc->lock);
        full = got < 0;
        taken += got > 0 ? got : 0;
    }
    spin_unlock(&pcache_list_lock);
    return taken || !full ? taken : -ENOMEM;
}

void pcache_visit_swapped(void (*fn)(struct pcache *pc, uint64_t index, uint32_t slot, void *arg), void *arg)
{
    spin_lock(&pcache_list_lock);
    for (struct pcache *pc = pcache_list; pc; pc = pc->next) {
        spin_lock(&pc->lock);
        for (uint64_t t = 0; pc->nswapped && t < PCACHE_PER_TABLE; t++) {
            struct page **leaf = pcache_leaf_ref(pc, t);
            if (!leaf || !*leaf)
                continue;
            uintptr_t *e = page_kva(*leaf);
            for (uint64_t i = 0; i < PCACHE_PER_TABLE; i++)
                if (e[i] & ENTRY_SWAPPED)
                    fn(pc, t * PCACHE_PER_TABLE + i, entry_slot(e[i]), arg);
        }
        spin_unlock(&pc->lock);
    }
    spin_unlock(&pcache_list_lock);
}

struct pcache_name_visit {
    swap_obj_name_fn *fn;
    void *arg;
};

static void pcache_name_one(struct pcache *pc, uint64_t index, uint32_t slot, void *arg)
{
    (void)pc, (void)index;
    struct pcache_name_visit *v = arg;
    v->fn(slot, v->arg);
}

static void pcache_swap_visit(swap_obj_name_fn *fn, void *arg)
{
    struct pcache_name_visit v = { fn, arg };
    pcache_visit_swapped(pcache_name_one, &v);
}

static const struct swap_obj_kind pcache_swap_kind = {
    .name = "tmpfs", .out = pcache_swap_out, .visit = pcache_swap_visit,
};

void pcache_swap_init(void) { swap_obj_register(&pcache_swap_kind); }
