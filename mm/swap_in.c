/* swap_in.c -- a fault on a swapped PTE (swap.h): the page comes back
 * from the swap cache, or is read from the device into a new page, with
 * vm->lock let go for the read. */
#include "kernel/kernel.h"
#include "kernel/wait.h"
#include "kernel/completion.h"
#include "kernel/btrace.h"
#include "dev/block.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/swap_io.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

/* Faults wait for a page being read under a lock of their own, not under
 * swap_lock: sleeping takes the sleeper's p->lock, and fork takes
 * swap_lock (naming its parent's slots) inside p->lock and vm->lock. */
static struct spinlock swap_wait_lock = SPINLOCK_INIT("swap wait");

static void swap_in_wake(struct blk_req *r)
{
    completion_signal(r->arg);
}

/* swap_in_read: slot s has no page in memory: read it into a new one,
 * which joins the cache, while no spinlock is held. The fault is then
 * retried and finds the page in the cache. Holds vm->lock on entry and
 * on return, swap_lock on entry only. */
static int swap_in_read(struct vmspace *vm, uint32_t s)
{
    spin_unlock(&swap_lock);
    struct page *pg = page_alloc(PAGE_USER, vm->id, 0);
    if (!pg)
        return -ENOMEM;
    spin_lock(&swap_lock);
    if (swap_slot_page(s)) {     /* another space's fault was quicker */
        spin_unlock(&swap_lock);
        page_put(pg);
        return -EAGAIN;
    }
    swap_cache_add(s, pg, PG_SWAPIO | PG_SWAPREAD);
    spin_unlock(&swap_lock);
    spin_unlock(&vm->lock);
    /* This page's read first, then the ones after it, then the wait: the
     * device has them all in hand while this fault sleeps. */
    struct completion c;
    struct blk_req r;
    completion_init(&c);
    uint64_t t0 = btrace_start();
    swap_io_plug();              /* one transfer for all, where the device can merge */
    swap_io_start(s, pg, false, &r, swap_in_wake, &c);
    swap_ahead(s, vm->id);
    swap_io_unplug();
    completion_wait(&c);
    btrace_end(BT_SWAPIN_READ, t0);
    int err = r.status ? -EIO : 0;
    if (err)                     /* not under swap_lock: the memory dump takes it inside the log's */
        kprintf("swap: reading slot %u failed\n", s);
    swap_in_done(s, pg, err, false);
    spin_lock(&vm->lock);
    return err ? -EIO : -EAGAIN;
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
    assert(spin_holding(&vm->lock));
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (!pg)
        return swap_in_read(vm, s);
    if (pg->flags & PG_SWAPIO)
        return swap_in_wait(vm, s);
    spin_unlock(&swap_lock);
    return -EAGAIN;              /* it is in memory: ask again */
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
    spin_unlock(&vm->lock);
    uint64_t t0 = btrace_start();
    spin_lock(&swap_wait_lock);
    if (swap_in_busy(s, pg))
        wait_sleep(pg, &swap_wait_lock);
    spin_unlock(&swap_wait_lock);
    btrace_end(BT_SWAPIN_WAIT, t0);
    spin_lock(&vm->lock);
    return -EAGAIN;
}

int swap_in(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va)
{
    assert(spin_holding(&vm->lock));
    uint32_t s = (uint32_t)PTE_SWAP_SLOT(*slot);
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (!pg)
        return swap_in_read(vm, s);
    if (pg->flags & PG_SWAPREAD)
        return swap_in_wait(vm, s);
    page_ref(pg);                /* the PTE's, for the name it gives up */
    swap_slot_unname(s);
    spin_unlock(&swap_lock);
    /* Two holders at least (the cache and this PTE): vm_area_pte maps it
     * read-only, copy-on-write in a writable area (a cached page is never
     * writable, swap.h). */
    pt_set(vm->pml4, slot, va, page_to_pa(pg) | vm_area_pte(a, pg) | PTE_A);
    vm->rss++;
    return 0;
}
