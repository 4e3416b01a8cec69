/* pcache.h -- a file's page cache: the pages of one file by index, each
 * read (filled) once and shared by every read, write and mapping of the
 * file (docs/files.md, "The page cache").
 *
 * A cached page is a PAGE_CACHE page holding one reference for the cache;
 * whoever gets one from pcache_get holds another. A page of a read-only
 * file (droppable) that only the cache holds may be dropped when memory
 * runs out (pcache_shrink) and is filled again on next use; a tmpfs
 * file's pages (swappable) have nowhere else to be, so they go to swap
 * instead, when there is a swap device (pcache_swap.c).
 *
 * Index space: up to PCACHE_MAX_PAGES (a file of 1 GiB), in a table of
 * kernel pages made as they are needed: one page for a file of up to
 * 2 MiB, a second level beyond.
 *
 * Locks: pc->lock (a spin lock, so the fault path may take it under
 * vm->lock) guards the table. Order: vm->lock -> pcache -> page_lock.
 */
#ifndef FS_PCACHE_H
#define FS_PCACHE_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/spinlock.h"

struct page;

#define PCACHE_PER_TABLE 512
#define PCACHE_MAX_PAGES ((uint64_t)PCACHE_PER_TABLE * PCACHE_PER_TABLE)
#define PCACHE_MAX_BYTES (PCACHE_MAX_PAGES * 4096)

struct pcache {
    struct spinlock lock;
    struct page *root;               /* [lock] the leaf, or the table of leaves, or NULL */
    bool two_level;                  /* [lock] root is a table of leaves (pcache.c) */
    size_t npages;                   /* [lock] pages cached */
    size_t ndirty;                   /* [lock] of which written */
    size_t nswapped;                 /* [lock] entries out on the swap device */
    uint64_t hand;                   /* [lock] the swap clock's next index */
    bool droppable;                  /* [const] its pages can be filled again (a
                                      * read-only file): pcache_shrink may drop them */
    bool swappable;                  /* [const] its pages may go to swap (tmpfs) */
    struct page *io;                 /* [lock] the page a read or write is copying
                                      * (pcache_get_io): its reference is counted */
    struct pcache *next;             /* [pcache_list_lock] every cache (pcache.c) */
};

typedef void pcache_fill_fn(void *owner, uint64_t index, void *kva);

/* pcache_init: an empty cache, on the list of all caches until
 * pcache_release. */
void pcache_init(struct pcache *pc);
/* pcache_get: page `index`, filled by fill(owner, index, kva) if it is not
 * cached, with a reference for the caller; dirty marks it written. NULL:
 * out of memory (or index >= PCACHE_MAX_PAGES), or the page is on the swap
 * device only: then *slot names the slot, for the caller to read
 * (swap_read_slot) and ask again (else *slot is 0). Never sleeps. */
struct page *pcache_get(struct pcache *pc, uint64_t index, bool dirty, pcache_fill_fn *fill, void *owner,
                        uint32_t *slot);
/* pcache_get_io / pcache_put_io: pcache_get and page_put for a copy to or
 * from user memory, which may fault, sleep or be preempted while it holds
 * the page: the reference is the cache's `io` meanwhile, so mm_check (in
 * another process, at any moment) counts it. One at a time per cache
 * (vnode_rw holds the file's lock). */
struct page *pcache_get_io(struct pcache *pc, uint64_t index, bool dirty, pcache_fill_fn *fill, void *owner,
                           uint32_t *slot);
void pcache_put_io(struct pcache *pc, struct page *pg);
/* pcache_peek: page `index` if cached in memory (referenced), else NULL.
 * pcache_has: the cache has page `index`, in memory or out on swap. */
struct page *pcache_peek(struct pcache *pc, uint64_t index);
bool pcache_has(struct pcache *pc, uint64_t index);
/* pcache_truncate: drop the pages from index `from` on (vnode_truncate has
 * unmapped them everywhere first: vm_object_unmap; docs/files.md) and zero
 * the bytes of page from-1 past byte `tail` (0: none), which the caller
 * holds in memory (a reference) if tail is not 0. */
void pcache_truncate(struct pcache *pc, uint64_t from, size_t tail);
/* pcache_shrink: drop up to n pages of droppable caches that only their
 * cache holds (no mapping, no reader, not the program cache's), as memory
 * runs out (mm/page.h's shrinker); how many went. Try-locks only. */
size_t pcache_shrink(size_t n);
/* pcache_release: drop every page and table (the vnode is going). */
void pcache_release(struct pcache *pc);
/* pcache_visit_swapped: fn(pc, index, slot, arg) for each entry out on
 * the swap device (the memory dump). */
void pcache_visit_swapped(void (*fn)(struct pcache *pc, uint64_t index, uint32_t slot, void *arg), void *arg);
/* pcache_count_refs: mm_check's count of the cache's references. */
void pcache_count_refs(struct pcache *pc);
/* pcache_total: pages held by every cache (Cached in /proc/meminfo). */
size_t pcache_total(void);
/* pcache_kept: those pages and the caches' table pages: what the caches
 * keep between uses, which the leak checks count as not lost. */
size_t pcache_kept(void);
#endif
