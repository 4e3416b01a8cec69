/* page_put.c -- pages going back: the panics of page_ref and page_put,
 * the last put that frees a page into this CPU's stock (one page, or a
 * batch of emptied page tables under one lock), and a held page's change
 * of owner. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/page.h"
#include "mm/page_internal.h"

void page_ref_bad(struct page *pg, uint32_t old)
{
    panic("page_ref: %s page %#lx has refcount %u", page_kind_name(pg->kind), page_to_pa(pg), old);
}

void page_put_bad(struct page *pg)
{
    panic("page_put: %s page %#lx", page_kind_name(pg->kind), page_to_pa(pg));
}

/* page_junk_free: with page_junk on, check that a page freed as zeroed
 * is, and fill it with junk; whether it is still all zeros. */
static bool page_junk_free(struct page *pg, bool zeroed)
{
    if (!page_junk)
        return zeroed;
    if (zeroed && !mem_page_is_zero(page_kva(pg)))
        panic("page_put_zeroed: page %#lx (%s, owner %d) is not all zeros", page_to_pa(pg),
              page_kind_name(pg->kind), pg->owner);
    mem_fill_page(page_kva(pg), 0x0101010101010101UL * PAGE_JUNK_FREE);
    return false;
}

/* page_stock_put: pg, whose last reference is gone, onto stock s (locked),
 * giving a batch back to the shared list when the stock is full; zeroed:
 * it holds only zeros. */
static void page_stock_put(struct page_stock *s, struct page *pg, bool zeroed)
{
    assert(spin_holding(&s->lock));
    pg->kind = PAGE_FREE;
    pg->owner = PAGE_OWNER_NONE;
    pg->flags = zeroed ? PG_ZEROED : 0;
    pg->rmap = 0;
    pg->link = s->head;
    s->head = pg - page_records;
    s->count++;
    if (s->count > PAGE_STOCK_HIGH)
        page_stock_give_back(s, PAGE_STOCK_BATCH);
}

static void page_free(struct page *pg, bool zeroed)
{
    zeroed = page_junk_free(pg, zeroed);
    struct page_stock *s = page_stock_lock();
    page_stock_put(s, pg, zeroed);
    spin_unlock(&s->lock);
}

/* page_drop: drop a reference that may be the last one; zeroed: the
 * holder left the page all zeros. Interrupts stay off from the count's
 * drop until the page is on the free list: a kernel page is freed outside
 * any lock mm_check takes (kfree, kernel stacks, exec's path page), and
 * mm_check -- which any process may run, at any tick -- must never find a
 * page that nobody holds but that is not free yet. On one CPU the tick
 * cannot land in the window; with more, mm_check pauses the others by an
 * ordinary interrupt (kernel/pause.c), which cannot land there either.
 * The junk fill makes that window long. */
static void page_drop(struct page *pg, bool zeroed)
{
    push_off();
    uint32_t old = __atomic_fetch_sub(&pg->refcount, 1, __ATOMIC_ACQ_REL);
    if (old == 0)
        panic("page_put: page %#lx (%s, owner %d) has no references", page_to_pa(pg),
              page_kind_name(pg->kind), pg->owner);
    if (old == 1)
        page_free(pg, zeroed);
    pop_off();
}

void page_put_last(struct page *pg)
{
    if (pg->kind == PAGE_FREE || pg->kind == PAGE_RESERVED || pg->kind == PAGE_CONSOLE)
        page_put_bad(pg);
    page_drop(pg, false);
}

void page_put_zeroed(struct page *pg)
{
    page_put_zeroed_n(&pg, 1);
}

/* One stock lock for all the pages that go back (page_drop says why
 * interrupts stay off throughout). */
void page_put_zeroed_n(struct page **pgs, int n)
{
    page_put_n(pgs, n, ~0UL);
}

void page_put_n(struct page **pgs, int n, uint64_t zeroed_mask)
{
    assert(n <= 64);
    struct page_stock *s = 0;
    push_off();
    for (int i = 0; i < n; i++) {
        struct page *pg = pgs[i];
        if (pg->kind == PAGE_FREE || pg->kind == PAGE_RESERVED || pg->kind == PAGE_CONSOLE)
            page_put_bad(pg);
        uint32_t old = __atomic_fetch_sub(&pg->refcount, 1, __ATOMIC_ACQ_REL);
        if (old == 0)
            page_put_bad(pg);
        if (old > 1)
            continue;
        bool zeroed = page_junk_free(pg, zeroed_mask >> i & 1);
        if (!s)
            s = page_stock_lock();
        page_stock_put(s, pg, zeroed);
    }
    if (s)
        spin_unlock(&s->lock);
    pop_off();
}

/* No lock: a held page's record is its holder's (the allocator touches
 * only free pages' records), and the one caller, a copy-on-write fault,
 * holds the only reference under its space's lock. Readers that take no
 * lock (the viewer, page_count_kinds) see one field or the other change;
 * mm_check pauses the other CPUs, which never stop inside a spinlock.
 * page_lock here had every parent's first write after a fork queue with
 * the other CPUs' allocations. */
void page_set_owner(struct page *pg, enum page_kind kind, int owner)
{
    assert(page_refcount(pg) >= 1);
    __atomic_store_n(&pg->kind, (uint8_t)kind, __ATOMIC_RELAXED);
    __atomic_store_n(&pg->owner, owner, __ATOMIC_RELAXED);
}
