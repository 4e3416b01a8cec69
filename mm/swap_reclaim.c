/* swap_reclaim.c -- global pressure: when free pages run low, every
 * address space gives up pages in turn (swap.h).
 *
 * The global clock: a hand over the list of address spaces, and in each
 * one that space's own clock hand over its pages. A turn visits the next
 * space after the hand and sends out up to SWAP_BATCH of its pages, picked
 * by its clock (second chance on the accessed bit), then writes them with
 * no lock held. Together the hands sweep every user page of the machine,
 * as one clock over all of them would, without a reverse map (which page
 * table maps a physical page) to find a page's PTEs from the page.
 *
 * Watermarks (pages free, or kept and taken back on demand): below
 * swap_low a fault first reclaims until swap_high (a turn for each space
 * at most), unless its page is in the swap cache already, read (it takes
 * no free page, and reclaim would drop the orphans it has just read:
 * vm_fault.c); a fault that finds no page at all reclaims too, two rounds
 * of each hand (swap_reclaim_more), and tries again. A process dies for want of memory only when a turn over every
 * space sent nothing out: swap is full, or nothing left in memory can go. */
#include "kernel/kernel.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/swap_obj.h"
#include "include/weensy/errno.h"

#define SWAP_BATCH SWAP_CLEAN_MAX

static size_t swap_low, swap_high;    /* [const after swap_reclaim_init] */
static int swap_global_hand;          /* [vmspace_list_lock] id of the space visited last */

void swap_reclaim_init(void)
{
    size_t managed = page_nmanaged();
    swap_low = MAX(managed / 64, (size_t)16);
    swap_high = swap_low * 2;
}

bool swap_pressure(void)
{
    return swap_on() && page_navailable() < swap_low;
}

size_t swap_headroom(void)
{
    size_t n = page_navailable();
    return n > swap_low ? n - swap_low : 0;
}

/* swap_next_space: the space after the global hand, with a user taken so
 * that it cannot go while we look (NULL: none). Also how many there are. */
static struct vmspace *swap_next_space(int *nspaces)
{
    spin_lock(&vmspace_list_lock);
    struct vmspace *vm = vmspace_list, *pick = 0;
    int n = 0;
    for (struct vmspace *v = vmspace_list; v; v = v->next, n++)
        if (v->id == swap_global_hand && v->next)
            vm = v->next;
    for (int tries = 0; vm && tries < n && !pick; tries++) {
        swap_global_hand = vm->id;
        if (vmspace_tryget(vm))
            pick = vm;
        vm = vm->next ? vm->next : vmspace_list;
    }
    spin_unlock(&vmspace_list_lock);
    *nspaces = n;
    return pick;
}

/* swap_reclaim_turn: one space gives up to SWAP_BATCH pages; how many
 * went out (-ENOMEM: the device is full). */
static int swap_reclaim_turn(int *nspaces, int rounds)
{
    struct vmspace *vm = swap_next_space(nspaces);
    if (!vm)
        return 0;
    uint32_t slots[SWAP_BATCH];
    spin_lock(&vm->lock);
    int n = swap_clock_take(vm, SWAP_BATCH, rounds, slots);
    spin_unlock(&vm->lock);
    vmspace_put(vm);
    swap_clean_many(slots, n);
    return n;
}

/* swap_reclaim_orphans: write and free the cached pages nothing maps;
 * how many were taken. */
static int swap_reclaim_orphans(size_t target)
{
    uint32_t slots[SWAP_BATCH];
    int n, went = 0;
    while (page_navailable() < target && (n = swap_orphans_take(slots, SWAP_BATCH)) > 0) {
        swap_clean_many(slots, n);
        went += n;
    }
    return went;
}

/* One turn per space at most: a second turn on a space would find the
 * accessed bits the first one cleared still clear, and take the pages a
 * fault (maybe the caller's) has just brought in before they are used. */
static int swap_reclaim_to(size_t target, int rounds)
{
    int went = swap_reclaim_orphans(target), nspaces = 1;
    for (int turn = 0; turn < nspaces && page_navailable() < target; turn++) {
        int n = swap_reclaim_turn(&nspaces, rounds);
        if (n == -ENOMEM)
            return went ? went : -ENOMEM;
        went += n;
    }
    while (page_navailable() < target) {         /* then the objects' unmapped pages */
        uint32_t slots[SWAP_BATCH];
        int n = swap_obj_reclaim(SWAP_BATCH, slots);
        if (n <= 0)
            return went ? went : n;
        swap_clean_many(slots, n);
        went += n;
    }
    return went;
}

void swap_reclaim_if_low(void)
{
    if (swap_pressure())
        swap_reclaim();
}

int swap_reclaim(void)
{
    return swap_reclaim_to(swap_high, 1);
}

int swap_reclaim_more(size_t pages)
{
    if (!swap_on())
        return 0;
    /* Two rounds of each hand: a call made when an allocation failed
     * must find pages even where every one was used since the last look
     * (no fault of the caller's is under way to lose its page). */
    size_t before = page_navailable();
    int went = swap_reclaim_to(before + pages, 2);
    /* Pages that came free meanwhile count too: reclaim stops once its
     * target is free, so a process exiting while the caller is preempted
     * here (a child just forked, on one CPU) made it send nothing, and a
     * fault killed its process with 42 pages free (vm.random.pressure, 1
     * run in 8 with the host loaded). Growth, not "some are free": an
     * allocation that fails for want of kernel memory while pages are
     * free must not go round for ever. */
    size_t now = page_navailable();
    return went > 0 || now <= before ? went : (int)MIN(now - before, (size_t)INT32_MAX);
}
