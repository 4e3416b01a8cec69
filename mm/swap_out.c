/* swap_out.c -- choosing pages to send out (the clock) and sending them
 * (swap.h).
 *
 * Each address space has a clock hand: an address in its user half. The
 * hand sweeps the present pages from there, in address order, wrapping
 * at the top: a page whose accessed bit is set gets a second chance (the
 * bit is cleared), the first one found with the bit clear goes out. Only
 * private user pages go (not shared memory, not program text held by the
 * program cache). */
#include "kernel/kernel.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/swap_io.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "include/weensy/errno.h"

uint64_t swap_stat_out, swap_stat_in, swap_stat_clean;

void swap_stats(uint64_t *outs, uint64_t *ins, uint64_t *clean)
{
    spin_lock(&swap_lock);
    *outs = swap_stat_out;
    *ins = swap_stat_in;
    *clean = swap_stat_clean;
    spin_unlock(&swap_lock);
}

bool swap_pte_counts(pte_t e)
{
    if (!pte_present(e) || (e & PTE_SHARED))
        return false;
    const struct page *pg = pa_to_page(PTE_ADDR(e));
    return pg && pg->kind == PAGE_USER;
}

/* swap_out_pte: the page at va leaves vm for slot s (its cache slot, or a
 * new one), its PTE names s. 0 when the device is full. */
static uint32_t swap_out_pte(struct vmspace *vm, pte_t *pte, uintptr_t va)
{
    struct page *pg = pa_to_page(PTE_ADDR(*pte));
    spin_lock(&swap_lock);
    uint32_t s = pg->swap_slot;
    if (!(pg->flags & PG_SWAPCACHE)) {
        s = swap_slot_alloc();
        if (!s) {
            spin_unlock(&swap_lock);
            return 0;
        }
        page_ref(pg);            /* the cache's */
        swap_cache_add(s, pg, PG_SWAPDIRTY);
    }
    swap_slot_name(s);
    spin_unlock(&swap_lock);
    pt_store(pte, swap_pte(s));
    tlb_flush_user(vm->pml4, &va, 1);    /* no CPU writes it from here on */
    vm->rss--;
    swap_page_put(pg);           /* the PTE's; the cache keeps it */
    return s;
}

/* swap_clock_scan: sweep [lo, hi) of vm: clear the accessed bits met
 * (their flushes gathered in fl) until a page without one; its address
 * in *victim. */
static bool swap_clock_scan(struct vmspace *vm, uintptr_t lo, uintptr_t hi, struct pt_flush *fl,
                            uintptr_t *victim)
{
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, lo, hi); pt_iter_next(&it);) {
        pte_t e = *it.pte;
        if (!swap_pte_counts(e))
            continue;
        if (!(e & PTE_A)) {
            *victim = it.va;
            return true;
        }
        __atomic_fetch_and(it.pte, ~PTE_A, __ATOMIC_RELAXED);
        pt_flush_add(fl, it.va);
    }
    return false;
}

int swap_make_room(struct vmspace *vm, uint32_t *clean)
{
    assert(spin_holding(&vm->lock));
    *clean = 0;
    if (!swap_on())
        return 0;
    struct pt_flush fl = { .pml4 = vm->pml4 };
    uintptr_t hand = MAX(vm->clock_hand, USER_BASE), victim = 0;
    /* From the hand to the top, then round once more, which finds a page
     * unless none can go (every bit cleared on the first round). */
    bool found = swap_clock_scan(vm, hand, USER_TOP, &fl, &victim) ||
                 swap_clock_scan(vm, USER_BASE, USER_TOP, &fl, &victim) ||
                 swap_clock_scan(vm, USER_BASE, hand, &fl, &victim);
    pt_flush_done(&fl);
    if (!found)
        return 0;                /* nothing it holds can go: it goes past the limit */
    vm->clock_hand = victim + PAGE_SIZE;
    pte_t *pte = pt_walk(vm->pml4, victim, 0, PT_NO_ALLOC, 0);
    assert(pte && swap_pte_counts(*pte));
    *clean = swap_out_pte(vm, pte, victim);
    return *clean ? 0 : -ENOMEM;
}

void swap_clean(uint32_t s)
{
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (!pg || (pg->flags & PG_SWAPIO) || page_refcount(pg) != 1) {
        spin_unlock(&swap_lock);
        return;                  /* mapped again, or someone else's work */
    }
    if (!(pg->flags & PG_SWAPDIRTY)) {
        swap_stat_clean++;       /* its slot holds it already */
        swap_cache_drop(pg);
        spin_unlock(&swap_lock);
        return;
    }
    pg->flags = (uint8_t)((pg->flags & ~PG_SWAPDIRTY) | PG_SWAPIO);
    spin_unlock(&swap_lock);
    int err = swap_io_write(s, pg);
    spin_lock(&swap_lock);
    pg->flags &= ~PG_SWAPIO;
    if (err) {
        pg->flags |= PG_SWAPDIRTY;
        kprintf("swap: writing slot %u failed; its page stays in memory\n", s);
    } else {
        swap_stat_out++;
    }
    if (page_refcount(pg) == 1 && (!err || !swap_slot_count(s)))
        swap_cache_drop(pg);
    spin_unlock(&swap_lock);
}
