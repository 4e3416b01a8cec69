/* shm_swap.c -- shared memory and swap (shm.h, mm/swap_obj.h, docs/swap.md).
 * A segment's page goes out only when no PTE maps it any more (global
 * reclaim's clock unmaps shared pages whose accessed bit stays clear,
 * mm/swap_out.c): it joins the swap cache with a slot, which the
 * segment's entry names in its place. The next use of the page takes it
 * back from the cache, or reads it (shm_seg_page, swap_read_slot). */
#include "kernel/kernel.h"
#include "mm/shm_internal.h"
#include "mm/swap.h"
#include "mm/swap_obj.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static int shm_hand;             /* [shm_lock] the segment the clock looks at next */

bool shm_swap_take(struct page **entry)
{
    assert(spin_holding(&shm_lock));
    struct page *pg = swap_obj_take(shm_entry_slot(*entry), PAGE_SHARED);
    if (pg)
        *entry = pg;
    return pg != 0;
}

static int shm_swap_out(int n, uint32_t *slots)
{
    int taken = 0;
    bool room = true;
    spin_lock(&shm_lock);
    for (int k = 0; k < SHM_SEGS_MAX && taken < n && room; k++, shm_hand = (shm_hand + 1) % SHM_SEGS_MAX) {
        struct shm_seg *s = &shm_segs[shm_hand];
        for (size_t i = 0; s->used && i < s->npages && taken < n && room; i++) {
            struct page **entry = shm_slot(s, i, false);
            if (!entry || !*entry || shm_entry_swapped(*entry) || page_refcount(*entry) != 1)
                continue;        /* none, out already, or mapped */
            uint32_t slot = swap_obj_out(*entry);
            room = slot != 0;
            if (room) {
                *entry = shm_entry_of_slot(slot);
                slots[taken++] = slot;
            }
        }
    }
    spin_unlock(&shm_lock);
    return taken || room ? taken : -ENOMEM;
}

static void shm_swap_visit(swap_obj_name_fn *fn, void *arg)
{
    spin_lock(&shm_lock);
    for (struct shm_seg *s = shm_segs; s < shm_segs + SHM_SEGS_MAX; s++)
        for (size_t i = 0; s->used && i < s->npages; i++) {
            struct page **entry = shm_slot(s, i, false);
            if (entry && shm_entry_swapped(*entry))
                fn(shm_entry_slot(*entry), arg);
        }
    spin_unlock(&shm_lock);
}

static const struct swap_obj_kind shm_swap_kind = {
    .name = "shm", .out = shm_swap_out, .visit = shm_swap_visit,
};

void shm_swap_init(void) { swap_obj_register(&shm_swap_kind); }

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
