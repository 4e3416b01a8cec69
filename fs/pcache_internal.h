/* pcache_internal.h -- between pcache.c and pcache_swap.c.
 *
 * The table: a leaf is a kernel page of PCACHE_PER_TABLE entries. A file
 * of at most that many pages (2 MiB, nearly every file) has one leaf, at
 * pc->root; a bigger one has a top table there, of PCACHE_PER_TABLE
 * pointers to leaves (two_level), made when the first page past the first
 * leaf is.
 *
 * An entry is 0 (no page), a page record pointer (records are 32-byte
 * aligned, so the low bits are free for flags), or, for a page out on the
 * swap device, its slot shifted up with ENTRY_SWAPPED set:
 *   ENTRY_DIRTY    the page was written (kept while it is out)
 *   ENTRY_USED     used since the swap clock last passed (a second chance)
 *   ENTRY_SWAPPED  the entry names a swap slot, not a page
 */
#ifndef FS_PCACHE_INTERNAL_H
#define FS_PCACHE_INTERNAL_H
#include "fs/pcache.h"
#include "mm/swap_obj.h"

#define ENTRY_DIRTY 1UL
#define ENTRY_USED 2UL
#define ENTRY_SWAPPED 4UL
#define ENTRY_FLAGS 7UL
#define ENTRY_SLOT_SHIFT 3

static inline struct page *entry_page(uintptr_t e) { return (struct page *)(e & ~ENTRY_FLAGS); }
static inline uint32_t entry_slot(uintptr_t e) { return (uint32_t)(e >> ENTRY_SLOT_SHIFT); }
static inline uintptr_t entry_of_page(struct page *pg)
{
    assert(((uintptr_t)pg & ENTRY_FLAGS) == 0);
    return (uintptr_t)pg;
}
static inline uintptr_t entry_of_slot(uint32_t s) { return ((uintptr_t)s << ENTRY_SLOT_SHIFT) | ENTRY_SWAPPED; }

extern struct spinlock pcache_list_lock;
extern struct pcache *pcache_list;           /* [pcache_list_lock] */
extern struct pcache *pcache_hand;           /* [pcache_list_lock] the swap clock's next cache */
extern size_t pcache_pages;                  /* [atomic] pages in every cache */

/* pcache_leaf_ref: where leaf t is kept (NULL: it cannot be, the table is
 * one level). pcache_slot: the entry for index, its leaf made if make
 * (NULL: no memory, or none). Caller holds pc->lock. */
struct page **pcache_leaf_ref(struct pcache *pc, uint64_t t);
uintptr_t *pcache_slot(struct pcache *pc, uint64_t index, bool make);

/* pcache_swap_take: the page *e names a slot of is taken back from the
 * swap cache into the entry; false if the slot must be read first. Caller
 * holds pc->lock. */
bool pcache_swap_take(struct pcache *pc, uintptr_t *e);
/* pcache_swap_init: register the caches' pages with swap (once). */
void pcache_swap_init(void);
#endif
