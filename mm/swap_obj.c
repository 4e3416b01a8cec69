/* swap_obj.c -- swap for the pages of memory objects (swap_obj.h). */
#include "kernel/kernel.h"
#include "mm/swap.h"
#include "mm/swap_obj.h"
#include "mm/swap_internal.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static struct spinlock swap_obj_lock = SPINLOCK_INIT("swap objects");
static const struct swap_obj_kind *swap_obj_kinds[SWAP_OBJ_KINDS];   /* [swap_obj_lock] */
static int swap_obj_nkinds;                                          /* [swap_obj_lock] */
static int swap_obj_hand;        /* [swap_obj_lock] the kind reclaim asks first */

uint32_t swap_obj_out(struct page *pg)
{
    assert(page_refcount(pg) == 1);
    spin_lock(&swap_lock);
    uint32_t s = swap_slot_alloc();
    if (s) {
        swap_cache_add(s, pg, PG_SWAPDIRTY);
        swap_slot_name(s);
    }
    spin_unlock(&swap_lock);
    return s;
}

struct page *swap_obj_take(uint32_t s, enum page_kind kind)
{
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (pg && !(pg->flags & PG_SWAPIO)) {
        page_ref(pg);            /* the object's again */
        swap_slot_unname(s);     /* held twice: the page stays */
        swap_cache_drop(pg);     /* the slot is free; the copy on it is stale from now */
        /* Read in as any process's page (swap_read.c): the object's now. */
        page_set_owner(pg, kind, PAGE_OWNER_NONE);
    } else {
        pg = 0;
    }
    spin_unlock(&swap_lock);
    return pg;
}

void swap_obj_drop(uint32_t s) { swap_pte_drop(swap_pte(s)); }

void swap_obj_register(const struct swap_obj_kind *k)
{
    spin_lock(&swap_obj_lock);
    assert(swap_obj_nkinds < SWAP_OBJ_KINDS);
    swap_obj_kinds[swap_obj_nkinds++] = k;
    spin_unlock(&swap_obj_lock);
}

/* swap_obj_next: the kind after the hand (NULL: none registered). The
 * kinds never go, so it is used with no lock held. */
static const struct swap_obj_kind *swap_obj_next(int *nkinds)
{
    spin_lock(&swap_obj_lock);
    const struct swap_obj_kind *k = 0;
    *nkinds = swap_obj_nkinds;
    if (swap_obj_nkinds) {
        swap_obj_hand = (swap_obj_hand + 1) % swap_obj_nkinds;
        k = swap_obj_kinds[swap_obj_hand];
    }
    spin_unlock(&swap_obj_lock);
    return k;
}

int swap_obj_reclaim(int n, uint32_t *slots)
{
    if (!swap_on())
        return 0;
    int nkinds = 1, taken = 0;
    bool full = false;
    for (int i = 0; i < nkinds && taken < n; i++) {
        const struct swap_obj_kind *k = swap_obj_next(&nkinds);
        int got = k ? k->out(n - taken, slots + taken) : 0;
        if (got == -ENOMEM)
            full = true;
        else
            taken += got;
    }
    return taken || !full ? taken : -ENOMEM;
}

struct swap_obj_bad {
    const char *why, *kind, *kind_now;
    uint32_t slot;
};

static void swap_obj_check_name(uint32_t s, void *arg)
{
    struct swap_obj_bad *bad = arg;
    const char *why = swap_check_name(swap_pte(s));
    if (why && !bad->why) {
        bad->why = why;
        bad->kind = bad->kind_now;
        bad->slot = s;
    }
}

const char *swap_obj_check(const char **kind, uint32_t *slot)
{
    struct swap_obj_bad bad = { 0, 0, 0, 0 };
    spin_lock(&swap_obj_lock);   /* kinds never go: visited with it let go */
    int n = swap_obj_nkinds;
    spin_unlock(&swap_obj_lock);
    for (int i = 0; i < n; i++) {
        bad.kind_now = swap_obj_kinds[i]->name;
        swap_obj_kinds[i]->visit(swap_obj_check_name, &bad);
    }
    *kind = bad.kind;
    *slot = bad.slot;
    return bad.why;
}
