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
#include "kernel/completion.h"
#include "dev/block.h"
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

/* swap_clock_shared: a page of an object mapped in place (a segment, a
 * MAP_SHARED file), met by global reclaim's hand (n > 1 in
 * swap_clock_sweep: not a frame limit, which counts private pages only):
 * a second chance if used, else unmapped, with no swap entry (the object
 * knows where its page is: a fault asks it). With no PTE left, the
 * object's page can go out (mm/swap_obj.h). */
static void swap_clock_shared(struct vmspace *vm, pte_t *pte, uintptr_t va, struct pt_flush *fl)
{
    if (*pte & PTE_A) {
        __atomic_fetch_and(pte, ~PTE_A, __ATOMIC_RELAXED);
        pt_flush_add(fl, va);
        return;
    }
    struct page *pg = pa_to_page(PTE_ADDR(pt_take(pte)));
    tlb_flush_user(vm->pml4, &va, 1);
    page_put(pg);                /* the segment's reference keeps it */
}

/* swap_clock_sweep: the hand goes over [lo, hi) of vm: a page with its
 * accessed bit set loses the bit (a second chance; the flushes gathered in
 * fl), one without goes out, until *taken reaches n. False when the device
 * is full. */
static bool swap_clock_sweep(struct vmspace *vm, uintptr_t lo, uintptr_t hi, struct pt_flush *fl, int n,
                             uint32_t *slots, int *taken)
{
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, lo, hi); *taken < n && pt_iter_next(&it);) {
        pte_t e = *it.pte;
        if (pte_present(e) && (e & PTE_SHARED) && n > 1) {
            swap_clock_shared(vm, it.pte, it.va, fl);
            continue;
        }
        if (!swap_pte_counts(e))
            continue;
        if (e & PTE_A) {
            __atomic_fetch_and(it.pte, ~PTE_A, __ATOMIC_RELAXED);
            pt_flush_add(fl, it.va);
            continue;
        }
        uint32_t s = swap_out_pte(vm, it.pte, it.va);
        if (!s)
            return false;
        slots[(*taken)++] = s;
        vm->clock_hand = it.va + PAGE_SIZE;
    }
    return true;
}

/* swap_clock_take: up to n of vm's pages go out, picked by its clock;
 * their slots in slots[] for swap_clean. The hand goes round at most
 * `rounds` times, and a second time only if the first found nothing. With
 * one round a call never takes a page used since the hand last passed it,
 * such as the one a fault has just brought in (faults map pages with the
 * accessed bit set), which global reclaim, run at the start of a fault,
 * must not take from under the fault. -ENOMEM if the device filled up
 * before one could go; else how many went (0: none of vm's pages can). */
int swap_clock_take(struct vmspace *vm, int n, int rounds, uint32_t *slots)
{
    assert(spin_holding(&vm->lock));
    int taken = 0;
    bool room = true;
    for (int round = 0; round < rounds && taken == 0 && room; round++) {
        struct pt_flush fl = { .pml4 = vm->pml4 };
        uintptr_t hand = MAX(vm->clock_hand, USER_BASE);
        room = swap_clock_sweep(vm, hand, USER_TOP, &fl, n, slots, &taken) &&
               swap_clock_sweep(vm, USER_BASE, hand, &fl, n, slots, &taken);
        pt_flush_done(&fl);
    }
    return taken || room ? taken : -ENOMEM;
}

int swap_make_room(struct vmspace *vm, uint32_t *clean)
{
    *clean = 0;
    if (!swap_on())
        return 0;
    /* Two rounds: the limit needs a page to go (the new one is not in
     * yet, and at least SWAP_FRAMES_MIN others are). */
    int n = swap_clock_take(vm, 1, 2, clean);
    return n < 0 ? n : 0;        /* none could go: vm goes past its limit */
}

#define SWAP_OUT_BATCH SWAP_CLEAN_MAX

/* swap_out_range: a batch at a time, each batch written with vm->lock
 * let go. */
int swap_out_range(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    assert(spin_holding(&vm->lock));
    int err = 0;
    while (lo < hi && !err) {
        uint32_t slots[SWAP_OUT_BATCH];
        int n = 0;
        struct pt_iter it;
        for (pt_iter_init(&it, vm->pml4, lo, hi); n < SWAP_OUT_BATCH && pt_iter_next(&it);) {
            lo = it.va + PAGE_SIZE;
            if (!swap_pte_counts(*it.pte))
                continue;
            uint32_t s = swap_out_pte(vm, it.pte, it.va);
            if (!s) {
                err = -ENOMEM;
                break;
            }
            slots[n++] = s;
        }
        if (n == 0)
            break;
        spin_unlock(&vm->lock);
        swap_clean_many(slots, n);
        spin_lock(&vm->lock);
    }
    return err;
}

/* swap_clean_begin: what slot s's page needs: nothing (mapped again, or
 * someone else's I/O), a drop (its slot holds it already), or a write (it
 * is marked as being written and returned). */
static struct page *swap_clean_begin(uint32_t s)
{
    spin_lock(&swap_lock);
    struct page *pg = swap_slot_page(s);
    if (pg && !(pg->flags & PG_SWAPIO) && page_refcount(pg) == 1) {
        if (!(pg->flags & PG_SWAPDIRTY)) {
            swap_stat_clean++;
            swap_cache_drop(pg);
            pg = 0;
        } else {
            pg->flags = (uint8_t)((pg->flags & ~PG_SWAPDIRTY) | PG_SWAPIO);
        }
    } else {
        pg = 0;
    }
    spin_unlock(&swap_lock);
    return pg;
}

/* swap_clean_end: slot s's page has been written (or not: err). */
static void swap_clean_end(uint32_t s, struct page *pg, int err)
{
    if (err)                     /* not under swap_lock: the memory dump takes it inside the log's */
        kprintf("swap: writing slot %u failed; its page stays in memory\n", s);
    spin_lock(&swap_lock);
    pg->flags &= ~PG_SWAPIO;
    if (err)
        pg->flags |= PG_SWAPDIRTY;
    else
        swap_stat_out++;
    if (page_refcount(pg) == 1 && (!err || !swap_slot_count(s)))
        swap_cache_drop(pg);
    spin_unlock(&swap_lock);
    swap_io_wake(pg);            /* a segment's fault may wait for the write */
}

struct swap_writes {
    struct completion all;
    int left;                    /* [atomic] writes not ended yet */
};

static void swap_clean_wrote(struct blk_req *r)
{
    struct swap_writes *w = r->arg;
    if (__atomic_sub_fetch(&w->left, 1, __ATOMIC_ACQ_REL) == 0)
        completion_signal(&w->all);
}

/* swap_clean_runs: the pages to write as runs of consecutive slots, one
 * request each: head[i] is the first page of page i's run; how many runs. */
static int swap_clean_runs(const uint32_t *slots, struct page *const *pages, int n, int *head)
{
    uint32_t most = swap_io_max_pages();
    int runs = 0;
    for (int i = 0; i < n; i++) {
        if (!pages[i])
            continue;
        bool joins = i > 0 && pages[i - 1] && slots[i] == slots[i - 1] + 1 &&
                     (uint32_t)(i - head[i - 1]) < most;
        head[i] = joins ? head[i - 1] : i;
        runs += !joins;
    }
    return runs;
}

/* The writes of a batch go to the device together (one burst; slots that
 * follow each other as one request) and are waited for together. A
 * request that fails leaves all its pages in memory. */
void swap_clean_many(const uint32_t *slots, int n)
{
    assert(n <= SWAP_CLEAN_MAX);
    struct page *pages[SWAP_CLEAN_MAX];
    struct blk_req reqs[SWAP_CLEAN_MAX];
    paddr_t pas[SWAP_CLEAN_MAX];
    int head[SWAP_CLEAN_MAX];
    for (int i = 0; i < n; i++)
        pages[i] = swap_clean_begin(slots[i]);
    struct swap_writes w = { .left = swap_clean_runs(slots, pages, n, head) };
    if (!w.left)
        return;
    completion_init(&w.all);
    swap_io_plug();
    for (int i = 0, len; i < n; i += len) {
        len = 1;
        if (!pages[i])
            continue;
        while (i + len < n && pages[i + len] && head[i + len] == i)
            len++;
        for (int j = 0; j < len; j++)
            pas[i + j] = page_to_pa(pages[i + j]);
        swap_io_start(slots[i], (uint32_t)len, &pas[i], true, &reqs[i], swap_clean_wrote, &w);
    }
    swap_io_unplug();
    completion_wait(&w.all);
    for (int i = 0; i < n; i++)
        if (pages[i])
            swap_clean_end(slots[i], pages[i], reqs[head[i]].status ? -EIO : 0);
}

void swap_clean(uint32_t s)
{
    swap_clean_many(&s, 1);
}
