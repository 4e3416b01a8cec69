/* swap_in.c -- a fault on a swapped PTE (swap.h): the page comes back
 * from the swap cache, or is read from the device (swap_read.c) into a
 * new page, with vm->lock let go for the read.
 *
 * Read-ahead follows the address space, not the device: a fault that
 * must read also reads the slots the next PTEs of its area name, a window
 * that doubles while faults come in order (the next one at the end of the
 * last window) from SWAP_WINDOW_MIN up to SWAP_READ_MAX pages, and starts
 * again at the minimum when one does not. When the fault asks again, its
 * page and the pages after it that have been read with it are mapped
 * together (swap_in_around), so a program going through its memory takes
 * one fault per window, not one per page. Past SWAP_WINDOW_MIN, the
 * window takes at most half the free pages above the low watermark
 * (swap_headroom); below that watermark it is the faulting page alone.
 *
 * Between the read and the fault asking again, the window's pages are
 * orphans (cached, unmapped), which reclaim drops first: the fault that
 * asks again must not reclaim before it maps them (vm_fault.c,
 * swap_in_cached). It did, and read 1.4 pages per page under the
 * pressure benchmark. */
#include "kernel/kernel.h"
#include "kernel/wait.h"
#include "kernel/btrace.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

#define SWAP_WINDOW_MIN 8        /* Linux reads a cluster of 8 (vm.page-cluster 3) */

/* Faults wait for a page being read under a lock of their own, not under
 * swap_lock: sleeping takes the sleeper's p->lock, and fork takes
 * swap_lock (naming its parent's slots) inside p->lock and vm->lock. */
static struct spinlock swap_wait_lock = SPINLOCK_INIT("swap wait");
static uint64_t swap_stat_faults;    /* [atomic] swap_in calls */

void swap_read_stats(uint64_t *faults, uint64_t *reads)
{
    *faults = __atomic_load_n(&swap_stat_faults, __ATOMIC_RELAXED);
    *reads = swap_read_count();
}

void swap_in_done(uint32_t s, struct page *pg, int err, bool ahead)
{
    spin_lock(&swap_lock);
    pg->flags &= ~(PG_SWAPIO | PG_SWAPREAD);
    if (!err)
        swap_stat_in++;
    /* Unreadable, or every name went while it was read: it goes. */
    if (err || !swap_slot_count(s))
        swap_cache_drop(pg);
    else if (ahead)
        swap_cache_collect(pg);
    spin_unlock(&swap_lock);
    swap_io_wake(pg);            /* after the change: see swap_in_wait */
}

static int swap_in_wait(struct vmspace *vm, uint32_t s);

int swap_read_slot(struct vmspace *vm, uint32_t s)
{
    assert(!vm || spin_holding(&vm->lock));
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (pg && (pg->flags & PG_SWAPIO))
        return swap_in_wait(vm, s);
    if (pg) {
        spin_unlock(&swap_lock);
        return -EAGAIN;          /* it is in memory: ask again */
    }
    /* A segment's pages went out in index order: the slots after s. */
    uint32_t want[SWAP_WINDOW_MIN];
    int n = 0, win = swap_pressure() ? 1 : SWAP_WINDOW_MIN;
    while (n < win && s + n <= swap_nslots()) {
        want[n] = s + n;
        n++;
    }
    return swap_read(vm, want, n);
}

/* swap_in_busy: slot s's page is still being read or written (looked at
 * without swap_lock: the I/O's end changes it under swap_lock, then wakes
 * under swap_wait_lock, which the waiter holds from this look until
 * asleep). */
static bool swap_in_busy(uint32_t s, struct page *pg)
{
    return swap_slot_page(s) == pg && (__atomic_load_n(&pg->flags, __ATOMIC_ACQUIRE) & PG_SWAPIO);
}

void swap_io_wake(struct page *pg)
{
    spin_lock(&swap_wait_lock);
    wait_wakeup(pg);
    spin_unlock(&swap_wait_lock);
}

/* swap_in_wait: slot s's page is being read (or written): sleep until it
 * is done, then have the fault look again. Holds vm->lock on entry and on
 * return, swap_lock on entry only. */
static int swap_in_wait(struct vmspace *vm, uint32_t s)
{
    struct page *pg = swap_slot_page(s);
    spin_unlock(&swap_lock);
    if (vm)
        spin_unlock(&vm->lock);
    uint64_t t0 = btrace_start();
    spin_lock(&swap_wait_lock);
    if (swap_in_busy(s, pg))
        wait_sleep(pg, &swap_wait_lock);
    spin_unlock(&swap_wait_lock);
    btrace_end(BT_SWAPIN_WAIT, t0);
    if (vm)
        spin_lock(&vm->lock);
    return -EAGAIN;
}

/* swap_in_span: how many of `want` pages from va (whose PTE is *slot) lie
 * in the area and in slot's page-table page (the PTEs after it there). */
static int swap_in_span(const struct vm_area *a, uintptr_t va, int want)
{
    size_t in_table = PT_ENTRIES - (va >> PAGE_SHIFT) % PT_ENTRIES;
    size_t in_area = (a->end - va) >> PAGE_SHIFT;
    return (int)MIN((size_t)want, MIN(in_table, in_area));
}

/* swap_in_window: the slots to read for a fault at va: its own first,
 * then those the PTEs of the window after it name. Sets the window for
 * the next fault. Caller holds vm->lock. */
static int swap_in_window(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va,
                          uint32_t *want)
{
    int win = va == vm->swap_ra_next ? MIN(2 * vm->swap_ra_win, SWAP_READ_MAX) : SWAP_WINDOW_MIN;
    win = (int)MIN((size_t)win, MAX(swap_headroom() / 2, (size_t)SWAP_WINDOW_MIN));
    if (swap_pressure())
        win = 1;
    win = swap_in_span(a, va, win);
    vm->swap_ra_win = win;
    vm->swap_ra_next = va + (uintptr_t)win * PAGE_SIZE;
    int n = 0;
    for (int i = 0; i < win; i++)
        if (pte_swapped(slot[i]))
            want[n++] = (uint32_t)PTE_SWAP_SLOT(slot[i]);
    return n;
}

/* swap_in_take: slot s's cached page, for a PTE that gives up its name of
 * s: one more reference (the PTE's). Caller holds swap_lock. */
static struct page *swap_in_take(uint32_t s)
{
    struct page *pg = swap_slot_page(s);
    page_ref(pg);
    swap_slot_unname(s);
    return pg;
}

/* swap_in_around: after a fault mapped va's page from the cache, map the
 * pages of the window after it that are in the cache, read: as many as the
 * frame limit allows, up to the first that is still being read or not in
 * memory. Not accessed: the clock takes them first if the program does
 * not come. Caller holds vm->lock. */
static void swap_in_around(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va)
{
    int span = swap_in_span(a, va, vm->swap_ra_win);
    struct page *pgs[SWAP_READ_MAX];
    int last = 0, mapped = 0;
    spin_lock(&swap_lock);
    for (int i = 1; i < span && (!vm->frame_limit || vm->rss + mapped < vm->frame_limit); i++) {
        pgs[i] = 0;
        if (!pte_swapped(slot[i]))
            continue;            /* in memory already, or never touched */
        struct page *pg = swap_slot_page((uint32_t)PTE_SWAP_SLOT(slot[i]));
        if (!pg || (pg->flags & PG_SWAPIO))
            break;
        pgs[i] = swap_in_take((uint32_t)PTE_SWAP_SLOT(slot[i]));
        last = i;
        mapped++;
    }
    spin_unlock(&swap_lock);
    for (int i = 1; i <= last; i++)
        if (pgs[i])
            pt_set(vm->pml4, &slot[i], va + (uintptr_t)i * PAGE_SIZE,
                   page_to_pa(pgs[i]) | vm_area_pte(a, pgs[i]));
    vm->rss += mapped;
}

int swap_in(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va)
{
    assert(spin_holding(&vm->lock));
    __atomic_add_fetch(&swap_stat_faults, 1, __ATOMIC_RELAXED);
    uint32_t s = (uint32_t)PTE_SWAP_SLOT(*slot);
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (!pg) {
        uint32_t want[SWAP_READ_MAX];
        int n = swap_in_window(vm, a, slot, va, want);
        return swap_read(vm, want, n);
    }
    if (pg->flags & PG_SWAPREAD)
        return swap_in_wait(vm, s);
    pg = swap_in_take(s);
    spin_unlock(&swap_lock);
    /* Two holders at least (the cache and this PTE): vm_area_pte maps it
     * read-only, copy-on-write in a writable area (a cached page is never
     * writable, swap.h). */
    pt_set(vm->pml4, slot, va, page_to_pa(pg) | vm_area_pte(a, pg) | PTE_A);
    vm->rss++;
    swap_in_around(vm, a, slot, va);
    return 0;
}

bool swap_in_cached(pte_t e)
{
    if (!pte_swapped(e))
        return false;
    /* A look without swap_lock: only a hint (vm_fault.c). */
    struct page *pg = swap_slot_page((uint32_t)PTE_SWAP_SLOT(e));
    return pg && !(__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PG_SWAPREAD);
}
