/* page_internal.h -- what the allocator (page.c) and the records' set-up
 * (page_init.c) share; nothing else includes it. */
#ifndef MM_PAGE_INTERNAL_H
#define MM_PAGE_INTERNAL_H
#include "mm/page.h"

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
#endif
