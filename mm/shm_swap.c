/* shm_swap.c -- shared memory and swap (shm.h, docs/swap.md). A
 * segment's page goes out only when no PTE maps it any more (global
 * reclaim's clock unmaps shared pages whose accessed bit stays clear,
 * mm/swap_out.c): it joins the swap cache with a slot, which the
 * segment's entry names in its place. The next use of the page takes it
 * back from the cache, or reads it (shm_seg_page, swap_read_slot). */
#include "kernel/kernel.h"
#include "mm/shm_internal.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static int shm_hand;             /* [shm_lock] the segment the clock looks at next */

bool shm_swap_take(struct page **entry)
{
    assert(spin_holding(&shm_lock));
    uint32_t s = shm_entry_slot(*entry);
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    bool take = pg && !(pg->flags & PG_SWAPIO);
    if (take) {
        page_ref(pg);            /* the segment's again */
        swap_slot_unname(s);     /* its name on the slot: held twice, the page stays */
        swap_cache_drop(pg);     /* the slot is free; the copy on it is stale from now */
        /* Read in by a fault (or read-ahead) as any process's page: the
         * segment's, of its kind, now. */
        page_set_owner(pg, PAGE_SHARED, PAGE_OWNER_NONE);
        *entry = pg;
    }
    spin_unlock(&swap_lock);
    return take;
}

/* shm_swap_entry: the page at *entry goes to the swap cache with a new
 * slot, which the entry names. False when the device is full. */
static bool shm_swap_entry(struct page **entry, uint32_t *slot)
{
    spin_lock(&swap_lock);
    uint32_t s = swap_slot_alloc();
    if (s) {
        swap_cache_add(s, *entry, PG_SWAPDIRTY);   /* the segment's reference is the cache's now */
        swap_slot_name(s);
        *entry = shm_entry_of_slot(s);
        *slot = s;
    }
    spin_unlock(&swap_lock);
    return s != 0;
}

int shm_swap_out(int n, uint32_t *slots)
{
    if (!swap_on())
        return 0;
    int taken = 0;
    bool room = true;
    spin_lock(&shm_lock);
    for (int k = 0; k < SHM_SEGS_MAX && taken < n && room; k++, shm_hand = (shm_hand + 1) % SHM_SEGS_MAX) {
        struct shm_seg *s = &shm_segs[shm_hand];
        for (size_t i = 0; s->used && i < s->npages && taken < n && room; i++) {
            struct page **entry = shm_slot(s, i, false);
            if (!entry || !*entry || shm_entry_swapped(*entry) || page_refcount(*entry) != 1)
                continue;        /* none, out already, or mapped */
            room = shm_swap_entry(entry, &slots[taken]);
            taken += room;
        }
    }
    spin_unlock(&shm_lock);
    return taken || room ? taken : -ENOMEM;
}

void shm_check_swap(void)
{
    spin_lock(&shm_lock);
    for (struct shm_seg *s = shm_segs; s < shm_segs + SHM_SEGS_MAX; s++)
        for (size_t i = 0; s->used && i < s->npages; i++) {
            struct page **entry = shm_slot(s, i, false);
            const char *why = entry && shm_entry_swapped(*entry) ? swap_check_name(swap_pte(shm_entry_slot(*entry))) : 0;
            if (why)
                panic("mm_check: segment %ld page %lu names swap slot %u, which %s", (long)(s - shm_segs), i,
                      shm_entry_slot(*entry), why);
        }
    spin_unlock(&shm_lock);
}

void shm_visit_swapped(void (*fn)(int seg, size_t index, uint32_t slot))
{
    spin_lock(&shm_lock);
    for (struct shm_seg *s = shm_segs; s < shm_segs + SHM_SEGS_MAX; s++)
        for (size_t i = 0; s->used && i < s->npages; i++) {
            struct page **entry = shm_slot(s, i, false);
            if (entry && shm_entry_swapped(*entry))
                fn((int)(s - shm_segs), i, shm_entry_slot(*entry));
        }
    spin_unlock(&shm_lock);
}
