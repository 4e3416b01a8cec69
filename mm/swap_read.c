/* swap_read.c -- reading pages back from the device (swap_internal.h):
 * the slot a fault needs and, with it, the slots of a window after it
 * (read-ahead), each into a new page that joins the swap cache marked as
 * being read. Slots that follow each other on the device go as one
 * request (up to the device's max_pages, dev/block.h): under QEMU a
 * request costs tens of microseconds of round trip whatever its size, so
 * a window of 32 pages costs little more than one page.
 *
 * Which slots: the caller says (swap_in.c: those the PTEs after the
 * faulting one name; a segment's fault: the slots after its own). The
 * clock and MADV_PAGEOUT send pages out in address order, a batch at a
 * time, so these are neighbours on the device more often than not.
 *
 * A page read ahead is counted as a page-in, and until a fault maps it is
 * an orphan that reclaim drops first (it is clean: its slot holds it).
 * Reads end in interrupt context (swap_run_done). */
#include "kernel/kernel.h"
#include "kernel/completion.h"
#include "kernel/btrace.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/swap_io.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "dev/block.h"
#include "include/weensy/errno.h"

static uint64_t swap_stat_reads;     /* [atomic] requests sent */

/* One request: a run of consecutive slots. */
struct swap_run {
    struct blk_req req;
    uint32_t first, n;
    struct swap_read_wait *waiter;   /* the fault's, which waits for every run */
    bool faults;                     /* the run starts with the fault's page */
    struct page *pg[BLK_MAX_PAGES];
    paddr_t pa[BLK_MAX_PAGES];
};

/* What the fault sleeps on: every run of its window, so that the pages
 * read with its own are all in the cache, read, when it maps them
 * (swap_in_around): a page read ahead but not mapped is an orphan, which
 * reclaim drops first, its read wasted. */
struct swap_read_wait {
    struct completion done;
    int left;                        /* [atomic] runs not ended */
    int err;                         /* the fault's own run's */
};

static void swap_run_end(struct swap_run *run, int err)
{
    struct swap_read_wait *w = run->waiter;
    for (uint32_t i = 0; i < run->n; i++)
        swap_in_done(run->first + i, run->pg[i], err, !(run->faults && i == 0));
    if (run->faults)
        w->err = err;
    if (__atomic_sub_fetch(&w->left, 1, __ATOMIC_ACQ_REL) == 0)
        completion_signal(&w->done);
    kfree(run);
}

static void swap_run_done(struct blk_req *r)
{
    swap_run_end(r->arg, r->status ? -EIO : 0);
}

/* swap_run_start: slots[0..n) (consecutive) into pgs[0..n), as one
 * request; faults: it starts with the fault's page. */
static void swap_run_start(const uint32_t *slots, struct page *const *pgs, uint32_t n,
                           struct swap_read_wait *w, bool faults)
{
    _Static_assert(sizeof(struct swap_run) <= KMALLOC_MAX, "a run is one small kmalloc");
    struct swap_run *run = kmalloc(sizeof(*run));
    if (!run) {                  /* the pages leave the cache again */
        for (uint32_t i = 0; i < n; i++)
            swap_in_done(slots[i], pgs[i], -ENOMEM, !(faults && i == 0));
        if (faults)
            w->err = -ENOMEM;
        if (__atomic_sub_fetch(&w->left, 1, __ATOMIC_ACQ_REL) == 0)
            completion_signal(&w->done);
        return;
    }
    *run = (struct swap_run){ .first = slots[0], .n = n, .waiter = w, .faults = faults };
    for (uint32_t i = 0; i < n; i++) {
        run->pg[i] = pgs[i];
        run->pa[i] = page_to_pa(pgs[i]);
    }
    __atomic_add_fetch(&swap_stat_reads, 1, __ATOMIC_RELAXED);
    swap_io_start(run->first, n, run->pa, false, &run->req, swap_run_done, run);
}

uint64_t swap_read_count(void) { return __atomic_load_n(&swap_stat_reads, __ATOMIC_RELAXED); }

/* swap_read_take: pages for the slots of want[0..n) that are named and
 * have none in memory, each in the cache marked as being read, into
 * slots/pgs; how many. Only the first (the fault's) must get one: -ENOMEM
 * if memory is out for it. Allocated under swap_lock, which makes each
 * page reachable: mm_check (which pauses the other CPUs, and they hold no
 * lock when paused) must never see a user page that nothing holds. */
static int swap_read_take(const uint32_t *want, int n, int owner, uint32_t *slots, struct page **pgs)
{
    assert(spin_holding(&swap_lock));
    int got = 0;
    for (int i = 0; i < n; i++) {
        uint32_t t = want[i];
        if (!swap_slot_count(t) || swap_slot_page(t))
            continue;
        struct page *pg = page_alloc(PAGE_USER, owner, 0);
        if (!pg)
            return i == 0 ? -ENOMEM : got;
        swap_cache_add(t, pg, PG_SWAPIO | PG_SWAPREAD);
        slots[got] = t;
        pgs[got++] = pg;
    }
    return got;
}

/* swap_run_len: how many of slots[i..n) follow slots[i] on the device,
 * up to a request's most. */
static int swap_run_len(const uint32_t *slots, int i, int n)
{
    uint32_t most = swap_io_max_pages();
    int len = 1;
    while (i + len < n && (uint32_t)len < most && slots[i + len] == slots[i] + len)
        len++;
    return len;
}

/* swap_read_start: the runs of consecutive slots among slots[0..n), each
 * one request, as one burst to the device (blk_plug). w counts them all
 * before the first is sent: one may end before the next is. */
static void swap_read_start(const uint32_t *slots, struct page *const *pgs, int n, struct swap_read_wait *w)
{
    w->left = 0;
    for (int i = 0; i < n; i += swap_run_len(slots, i, n))
        w->left++;
    swap_io_plug();
    for (int i = 0, len; i < n; i += len) {
        len = swap_run_len(slots, i, n);
        swap_run_start(&slots[i], &pgs[i], (uint32_t)len, w, i == 0);
    }
    swap_io_unplug();
}

int swap_read(struct vmspace *vm, const uint32_t *want, int n)
{
    assert((!vm || spin_holding(&vm->lock)) && spin_holding(&swap_lock));
    assert(n >= 1 && n <= SWAP_READ_MAX && !swap_slot_page(want[0]));
    uint32_t slots[SWAP_READ_MAX];
    struct page *pgs[SWAP_READ_MAX];
    int got = swap_read_take(want, n, vm ? vm->id : PAGE_OWNER_NONE, slots, pgs);
    spin_unlock(&swap_lock);
    if (got < 0)
        return got;
    if (vm)
        spin_unlock(&vm->lock);
    uint64_t t0 = btrace_start();
    struct swap_read_wait w = { .err = 0 };
    completion_init(&w.done);
    swap_read_start(slots, pgs, got, &w);
    completion_wait(&w.done);
    btrace_end(BT_SWAPIN_READ, t0);
    if (w.err == -EIO && got == 1)   /* under no lock: the memory dump takes its own inside the log's */
        kprintf("swap: reading slot %u failed\n", want[0]);
    if (vm)
        spin_lock(&vm->lock);
    if (w.err == -EIO && got > 1) {
        /* One bad page fails its whole run, and the fault's own may be
         * fine: it is read again alone (the others were dropped; later
         * faults read them again). */
        spin_lock(&swap_lock);
        if (swap_slot_count(want[0]) && !swap_slot_page(want[0]))
            return swap_read(vm, want, 1);
        spin_unlock(&swap_lock);
        return -EAGAIN;
    }
    return w.err ? w.err : -EAGAIN;
}
