/* page_internal.h -- what the allocator (page.c, page_put.c) and the
 * records' set-up (page_init.c) share; nothing else includes it. */
#ifndef MM_PAGE_INTERNAL_H
#define MM_PAGE_INTERNAL_H
#include "mm/page.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/cpu.h"

#define NO_PFN 0xffffffffu
/* Records written at once when the free list runs short (2 MiB of RAM):
 * long enough to be rare, short enough that page_lock is not held long. */
#define PAGE_GROW_RUN 512

extern size_t page_records_cap;   /* records there will be: pfns below the top of RAM */

/* page_records_init: records [lo, hi) as boot leaves them, from the
 * memory map and the boot marks (page_init.c). */
void page_records_init(size_t lo, size_t hi);
/* page_free_list_start: records [0, ready) are written; thread their free
 * pages, and count deferred more, whose records are not (page.c). */
void page_free_list_start(size_t ready, size_t deferred);
/* page_frontier: the records written and the free pages past them, as
 * one picture (page.c). */
void page_frontier(size_t *ready, size_t *deferred);

#define PAGE_STOCK_BATCH 16     /* pages moved between a stock and the shared list at once */
#define PAGE_STOCK_HIGH 48      /* a stock above this gives a batch back */

/* A CPU's stock (page.c says what it is for): aligned so that no two
 * CPUs' stocks share a cache line. */
struct page_stock {
    struct spinlock lock;
    uint32_t head;      /* [lock] first pfn, NO_PFN when empty */
    uint32_t count;     /* [lock] pages in it; read without the lock by page_nfree */
} __attribute__((aligned(64)));
extern struct page_stock stocks[MAX_CPUS];

/* The stock of the CPU we run on, locked. A thread moved to another CPU
 * between the choice and the lock uses its old CPU's stock: rare, and
 * correct, since the lock (not the CPU) is what guards a stock; a
 * push_off around the choice cost a tenth of a page fault. */
static inline struct page_stock *page_stock_lock(void)
{
    struct page_stock *s = &stocks[mycpu()->id];
    spin_lock(&s->lock);
    return s;
}

/* page_stock_give_back: the last n pages of stock s (locked) onto the
 * shared list (page.c). */
void page_stock_give_back(struct page_stock *s, uint32_t n);
#endif
