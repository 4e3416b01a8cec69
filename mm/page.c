/* page.c -- the physical page allocator: records for every page below the
 * top of (capped) RAM, LIFO free lists threaded through the records, O(1)
 * allocation and free. The records past a frontier are written only when
 * the shared list runs short (page_grow; page_init.c says why); their
 * free pages count as free all along.
 *
 * Free pages sit on the shared list (page_lock) or in a CPU's stock (its
 * own lock), a short list each CPU allocates from and frees to, moving
 * PAGE_STOCK_BATCH pages at a time to and from the shared list. With one
 * list, two CPUs faulting at once took turns on page_lock for every page,
 * and were handed neighbouring pages whose records (two to a cache line)
 * then went back and forth between them: each of their faults took 1.5
 * times as long as one CPU's alone (docs/performance.md). A stock's lock
 * is its CPU's alone but for one case: when the shared list runs dry,
 * the allocating CPU empties every stock into it (page_stocks_drain), so
 * no allocation fails while any page is free. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/cmdline.h"
#include "mm/page.h"
#include "mm/page_internal.h"
#include "arch/x86_64/x86.h"
#include "mm/failalloc.h"
#include "arch/x86_64/cpu.h"


static struct spinlock page_lock = SPINLOCK_INIT("page");
struct page *page_records;        /* records, indexed by pfn */
size_t page_records_n;            /* [page_lock; read atomically] records written: the frontier */
size_t page_records_cap;          /* records there will be (page_init.c) */
static size_t nmanaged;           /* pages the allocator manages, from boot on */
static size_t nfree;              /* [page_lock] pages on the shared list */
static size_t ndeferred;          /* [page_lock] free pages past the frontier (page_init.c) */
static uint32_t free_head = NO_PFN;   /* [page_lock] */

struct page_stock stocks[MAX_CPUS] = {
    [0 ... MAX_CPUS - 1] = { .lock = SPINLOCK_INIT("page stock"), .head = NO_PFN },
};
bool page_junk;

static size_t (*reclaimer_count)(void);     /* set once at boot, before other CPUs */
static bool (*reclaimer_reclaim)(void);

void page_set_reclaimer(size_t (*count)(void), bool (*reclaim)(void))
{
    reclaimer_count = count;
    reclaimer_reclaim = reclaim;
}

static bool (*shrinker)(void);              /* set once at boot, before other CPUs */

void page_set_shrinker(bool (*shrink)(void)) { shrinker = shrink; }

size_t page_nkept(void) { return reclaimer_count ? reclaimer_count() : 0; }
size_t page_navailable(void) { return page_nfree() + page_nkept(); }

/* Pages moving between a stock and the shared list are counted in both
 * for a moment, or in neither: page_moves is odd while a batch moves
 * (written under page_lock), so that a count of the free pages taken
 * meanwhile is taken again. Without it the leak checks, which compare two
 * counts, saw a page or two too many or too few now and then on 2 CPUs
 * (another CPU refilling or giving back its stock). */
static unsigned page_moves;

static void page_moves_begin(void)
{
    assert(spin_holding(&page_lock));
    __atomic_store_n(&page_moves, page_moves + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static void page_moves_end(void)
{
    __atomic_store_n(&page_moves, page_moves + 1, __ATOMIC_RELEASE);
}

/* page_nfree: the shared list, every stock, and the free pages whose
 * records are not written yet. A count that a batch's move (or the
 * frontier's) overlapped is taken again; alloc and free change it for
 * real. */
size_t page_nfree(void)
{
    for (;;) {
        unsigned seq = __atomic_load_n(&page_moves, __ATOMIC_ACQUIRE);
        if (seq & 1) {
            cpu_relax();
            continue;
        }
        size_t n = __atomic_load_n(&nfree, __ATOMIC_RELAXED) + __atomic_load_n(&ndeferred, __ATOMIC_RELAXED);
        for (int i = 0; i < MAX_CPUS; i++)
            n += __atomic_load_n(&stocks[i].count, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&page_moves, __ATOMIC_RELAXED) == seq)
            return n;
    }
}
size_t page_nmanaged(void) { return nmanaged; }

void page_adopt(struct page *pg)
{
    assert(pg && pg->kind == PAGE_KERNEL && page_refcount(pg) == 1);
    spin_lock(&page_lock);
    nmanaged++;
    spin_unlock(&page_lock);
    page_put(pg);
}
size_t page_nrecords(void) { return __atomic_load_n(&page_records_n, __ATOMIC_ACQUIRE); }
paddr_t page_top(void) { return (paddr_t)page_records_cap << PAGE_SHIFT; }

/* The frontier and the free pages past it, as one picture (the same
 * retry as page_nfree's). */
void page_frontier(size_t *ready, size_t *deferred)
{
    for (;;) {
        unsigned seq = __atomic_load_n(&page_moves, __ATOMIC_ACQUIRE);
        *ready = __atomic_load_n(&page_records_n, __ATOMIC_ACQUIRE);
        *deferred = __atomic_load_n(&ndeferred, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (!(seq & 1) && __atomic_load_n(&page_moves, __ATOMIC_RELAXED) == seq)
            return;
        cpu_relax();
    }
}

/* The free pages of records [lo, hi) onto the shared list, the lowest
 * first out (so the memory viewer fills up from the left, as in
 * WeensyOS); how many. Caller holds page_lock, or is page_init. */
static size_t page_list_push_free(size_t lo, size_t hi)
{
    size_t n = 0;
    for (size_t pfn = hi; pfn-- > lo;) {
        if (page_records[pfn].kind != PAGE_FREE)
            continue;
        page_records[pfn].link = free_head;
        free_head = pfn;
        n++;
    }
    return n;
}

void page_free_list_start(size_t ready, size_t deferred)
{
    nfree = page_list_push_free(0, ready);
    ndeferred = deferred;
    nmanaged = nfree + deferred;
    __atomic_store_n(&page_records_n, ready, __ATOMIC_RELEASE);
}

/* page_grow: the next run of records past the frontier written, its free
 * pages onto the shared list; false when every record is written. The
 * run's pages stay counted as free throughout (page_moves). */
static bool page_grow(void)
{
    assert(spin_holding(&page_lock));
    size_t lo = page_records_n, hi = MIN(lo + PAGE_GROW_RUN, page_records_cap);
    if (lo == hi)
        return false;
    page_records_init(lo, hi);
    page_moves_begin();
    size_t n = page_list_push_free(lo, hi);
    /* The boot count of the free pages past the frontier was right. */
    assert(hi < page_records_cap ? n <= ndeferred : n == ndeferred);
    __atomic_store_n(&nfree, nfree + n, __ATOMIC_RELAXED);
    __atomic_store_n(&ndeferred, ndeferred - n, __ATOMIC_RELAXED);
    __atomic_store_n(&page_records_n, hi, __ATOMIC_RELEASE);
    page_moves_end();
    return true;
}


/* page_alloc: take a free page for `kind` held by `owner`; refcount 1.
 * Returns NULL when memory is exhausted, or when fault injection says so
 * (mm/failalloc.h). */

/* The first n pages of the list at *head, cut off it: the pfn of the
 * first, and in *last that of the n-th. The list holds at least n. */
static uint32_t page_list_cut(uint32_t *head, uint32_t n, uint32_t *last)
{
    uint32_t first = *head, end = first;
    for (uint32_t i = 1; i < n; i++)
        end = page_records[end].link;
    *head = page_records[end].link;
    page_records[end].link = NO_PFN;
    *last = end;
    return first;
}

/* A batch from the shared list into an empty stock, in the list's order
 * (low addresses first, as at boot). Caller holds the stock's lock. */
static __attribute__((noinline)) void page_stock_refill(struct page_stock *s)
{
    assert(spin_holding(&s->lock) && s->count == 0);
    spin_lock(&page_lock);
    while (nfree < PAGE_STOCK_BATCH && page_grow())
        ;
    uint32_t n = MIN((size_t)PAGE_STOCK_BATCH, nfree), last;
    if (n) {
        page_moves_begin();
        s->head = page_list_cut(&free_head, n, &last);
        __atomic_store_n(&s->count, n, __ATOMIC_RELAXED);
        __atomic_store_n(&nfree, nfree - n, __ATOMIC_RELAXED);
        page_moves_end();
    }
    spin_unlock(&page_lock);
}

/* The last n pages of a stock onto the shared list: the oldest, as the
 * list is LIFO; the ones freed last stay, warm, for this CPU's next
 * allocations. Caller holds the stock's lock. */
__attribute__((noinline)) void page_stock_give_back(struct page_stock *s, uint32_t n)
{
    assert(spin_holding(&s->lock) && n <= s->count);
    if (n == 0)
        return;
    uint32_t *from = &s->head;
    for (uint32_t i = 0; i < s->count - n; i++)
        from = &page_records[*from].link;
    uint32_t last, first = page_list_cut(from, n, &last);
    spin_lock(&page_lock);
    page_moves_begin();
    __atomic_store_n(&s->count, s->count - n, __ATOMIC_RELAXED);
    page_records[last].link = free_head;
    free_head = first;
    __atomic_store_n(&nfree, nfree + n, __ATOMIC_RELAXED);
    page_moves_end();
    spin_unlock(&page_lock);
}

/* Every CPU's stock back onto the shared list: the shared list ran dry,
 * and the pages the stocks keep must not make an allocation fail. */
static void page_stocks_drain(void)
{
    for (int i = 0; i < MAX_CPUS; i++) {
        spin_lock(&stocks[i].lock);
        page_stock_give_back(&stocks[i], stocks[i].count);
        spin_unlock(&stocks[i].lock);
    }
}

/* One page off this CPU's stock, refilled from the shared list when
 * empty, the record made the caller's under the stock's lock (so mm_check
 * never sees a page that is neither free nor held); 0 if both are empty. */
static inline __attribute__((always_inline)) struct page *page_stock_pop(struct page_stock *s,
                                                                           enum page_kind kind, int owner,
                                                                           bool *zeroed)
{
    assert(spin_holding(&s->lock));
    if (s->count == 0)
        page_stock_refill(s);
    if (s->count == 0)
        return 0;
    struct page *pg = &page_records[s->head];
    assert(pg->kind == PAGE_FREE && pg->refcount == 0);
    s->head = pg->link;
    s->count--;
    *zeroed = pg->flags & PG_ZEROED;
    pg->link = NO_PFN;
    pg->kind = kind;
    pg->owner = owner;
    pg->flags = 0;
    pg->refcount = 1;
    return pg;
}

static inline __attribute__((always_inline)) struct page *page_take(enum page_kind kind, int owner,
                                                                      bool *zeroed)
{
    struct page_stock *s = page_stock_lock();
    struct page *pg = page_stock_pop(s, kind, owner, zeroed);
    spin_unlock(&s->lock);
    return pg;
}

/* page_alloc_n: up to n (at most 64) pages, each as page_alloc_raw gives
 * it without PAGE_ZERO, under one stock lock: fork's page tables (a lock
 * pair and the calls were half of each allocation's cost, 2026-12-07).
 * Bit i of *zeroed says out[i] is all zeros already. Fewer, even none,
 * when this CPU's stock and the shared list run short, and none while
 * fault injection is armed: the caller asks page_alloc for the rest,
 * which reclaims, and counts for injection, one page at a time. */
int page_alloc_n(enum page_kind kind, int owner, struct page **out, int n, uint64_t *zeroed)
{
    assert(n <= 64);
    *zeroed = 0;
    if (__atomic_load_n(&failalloc_live, __ATOMIC_RELAXED))
        return 0;
    struct page_stock *s = page_stock_lock();
    int got = 0;
    for (bool z; got < n && (out[got] = page_stock_pop(s, kind, owner, &z)); got++)
        *zeroed |= (uint64_t)z << got;
    spin_unlock(&s->lock);
    return got;
}

/* When this CPU's stock and the shared list are empty: the other CPUs'
 * stocks, then, one at a time, what the reclaimer keeps. It may be called
 * holding any lock but the allocator's own (it frees a kernel stack:
 * unmapping it needs none, its shootdown reaches every CPU by NMI). */
static struct page *page_take_any(enum page_kind kind, int owner, bool *zeroed)
{
    struct page *pg = page_take(kind, owner, zeroed);
    if (!pg) {
        page_stocks_drain();
        pg = page_take(kind, owner, zeroed);
    }
    return pg;
}

/* page_take_hard: page_take found this CPU's stock and the shared list
 * empty. Out of line, so the common way stays one call deep. */
static __attribute__((noinline)) struct page *page_take_hard(enum page_kind kind, int owner, bool *zeroed)
{
    struct page *pg = page_take_any(kind, owner, zeroed);
    while (!pg && reclaimer_reclaim && reclaimer_reclaim())
        pg = page_take_any(kind, owner, zeroed);
    while (!pg && shrinker && shrinker())
        pg = page_take_any(kind, owner, zeroed);
    return pg;
}

/* page_get: the allocation both entries share, inline in each: every
 * page fault and every table fork makes comes here (four calls deep
 * before, 190 instructions a page under -icount, 2026-12-07). */
static inline __attribute__((always_inline)) struct page *page_get(enum page_kind kind, int owner, int flags)
{
    bool zeroed = false;
    struct page *pg = page_take(kind, owner, &zeroed);
    if (unlikely(!pg) && !(pg = page_take_hard(kind, owner, &zeroed)))
        return 0;
    if ((flags & PAGE_ZERO) && !zeroed)
        mem_zero_page(page_kva(pg));
    return pg;
}

struct page *page_alloc_raw(enum page_kind kind, int owner, int flags)
{
    return page_get(kind, owner, flags);
}

struct page *page_alloc(enum page_kind kind, int owner, int flags)
{
    return failalloc_now() ? 0 : page_get(kind, owner, flags);
}
