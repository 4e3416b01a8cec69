/* shm_internal.h -- a segment's insides, for the files of shm (shm.c,
 * shm_swap.c). */
#ifndef MM_SHM_INTERNAL_H
#define MM_SHM_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "mm/shm.h"
#include "mm/vm_object.h"
#include "arch/x86_64/memlayout.h"

struct page;

#define SHM_PER_TABLE (PAGE_SIZE / sizeof(struct page *))
#define SHM_TABLES (SHM_SIZE_MAX / PAGE_SIZE / SHM_PER_TABLE)

struct shm_seg {
    struct vm_object obj;         /* what areas map (shm.c's ops); first */
    bool used;
    bool anon;                    /* MAP_SHARED: no key, not in shmget's view */
    bool ever_attached;
    bool removed;                 /* IPC_RMID: goes when no area is left */
    long key;                     /* 0: IPC_PRIVATE */
    size_t npages;
    int areas;                    /* areas mapping it */
    struct page *tables[SHM_TABLES];  /* kernel pages of entries: a page, or a
                                       * swap slot (shm_entry_swapped) */
};

extern struct spinlock shm_lock;
extern struct shm_seg shm_segs[SHM_SEGS_MAX];     /* [shm_lock] */

/* shm_slot: where entry `index` of s is (its table made if make). */
struct page **shm_slot(struct shm_seg *s, size_t index, bool make);

/* An entry that names a swap slot: the slot shifted up, bit 0 set (a
 * page record's address never has it). */
static inline bool shm_entry_swapped(const struct page *e) { return (uintptr_t)e & 1; }
static inline uint32_t shm_entry_slot(const struct page *e) { return (uint32_t)((uintptr_t)e >> 1); }
static inline struct page *shm_entry_of_slot(uint32_t s) { return (struct page *)(((uintptr_t)s << 1) | 1); }

/* shm_swap_take: *entry names a slot whose page is in the swap cache and
 * not being read or written: the segment takes it back (the entry is the
 * page again, the slot's name goes). False if it is not there. Caller
 * holds shm_lock. */
bool shm_swap_take(struct page **entry);
#endif
