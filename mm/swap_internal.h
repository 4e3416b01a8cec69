/* swap_internal.h -- between the files of the swap code (swap_slot.c,
 * swap_in.c, swap_read.c, swap_out.c, swap_reclaim.c); each says what it
 * needs held. */
#ifndef MM_SWAP_INTERNAL_H
#define MM_SWAP_INTERNAL_H
#include <stdint.h>
struct page;
uint32_t swap_slot_alloc(void);
void swap_slot_name(uint32_t s);
void swap_slot_unname(uint32_t s);
void swap_cache_add(uint32_t s, struct page *pg, uint8_t flags);
void swap_cache_drop(struct page *pg);
/* swap_cache_collect: a cached page nothing maps: freed if its slot has
 * no name, else noted as an orphan for reclaim (caller holds swap_lock). */
void swap_cache_collect(struct page *pg);
/* swap_in_done: slot s's page pg has been read (err: or not): it joins
 * the cache for good or leaves it, and faults waiting for it wake. A page
 * read ahead (no fault maps it yet) is noted for reclaim. Any context. */
void swap_in_done(uint32_t s, struct page *pg, int err, bool ahead);
/* swap_io_wake: wake the faults waiting for pg's I/O to end (after its
 * flags changed under swap_lock). */
void swap_io_wake(struct page *pg);
/* swap_read: read want[0] (a fault's slot, with no page in memory) and
 * the others of want[0..n) that are named and have none, in runs of
 * consecutive slots (swap_read.c). Caller holds vm->lock (if vm: NULL
 * for a read with no space locked, a tmpfs file's) and swap_lock; both
 * are let go, vm->lock taken again. -EAGAIN: the fault asks again;
 * -ENOMEM, -EIO. */
#define SWAP_READ_MAX 128        /* slots read at once, at most */
struct vmspace;
int swap_read(struct vmspace *vm, const uint32_t *want, int n);
uint64_t swap_read_count(void);      /* requests swap_read has sent */
/* swap_orphans_take: up to n slots whose cached pages nothing maps, for
 * swap_clean. */
int swap_orphans_take(uint32_t *slots, int n);
struct vmspace;
int swap_clock_take(struct vmspace *vm, int n, int rounds, uint32_t *slots);
/* Counted at each page's move, for the boot line at the end and the
 * tests: pages written out, read back in, dropped clean. [swap_lock] */
extern uint64_t swap_stat_out, swap_stat_in, swap_stat_clean;
#endif
