/* swap_obj.h -- swap for the pages a memory object keeps in a table of
 * its own: shared memory segments (mm/shm_swap.c) and tmpfs files (the
 * page cache, fs/pcache.c). docs/swap.md, "Pages of objects".
 *
 * Such a page may be mapped writable by several spaces at once, so it
 * does not wait in the swap cache while mapped as a private page does.
 * The clock of global reclaim unmaps it (swap_out.c) and, once only the
 * object holds it, the object's own clock sends it out: the page joins
 * the swap cache with a new slot, which the object's entry names in the
 * page's place. The next use takes it back from the cache (the slot is
 * freed: its copy is stale from then on) or reads the slot first.
 *
 * The objects live in layers above mm/ (fs/), so reclaim and mm_check
 * reach them through what they register here. */
#ifndef MM_SWAP_OBJ_H
#define MM_SWAP_OBJ_H
#include <stdint.h>
#include <stdbool.h>
#include "mm/page.h"

/* swap_obj_out: pg, which only the object holds (its one reference, now
 * the swap cache's), goes out to a new slot named once (by the object's
 * entry): the slot, for swap_clean; 0 when the device is full. */
uint32_t swap_obj_out(struct page *pg);
/* swap_obj_take: slot s's page, if it is in the swap cache and no I/O
 * holds it, comes back to the object (the slot name and the cache's
 * reference become the object's reference; the slot is freed), of `kind`
 * (page.h) again. NULL: the slot must be read first (swap_read_slot). */
struct page *swap_obj_take(uint32_t s, enum page_kind kind);
/* swap_obj_drop: the object's entry naming s goes (its page is gone). */
void swap_obj_drop(uint32_t s);

/* What an object registers (once, at start-up; at most SWAP_OBJ_KINDS):
 * out(n, slots): up to n unmapped pages go out, picked by its clock,
 * slots in slots[] for swap_clean; how many (-ENOMEM: the device is full);
 * visit(fn, arg): fn(slot, arg) for each slot its entries name (mm_check,
 * with every other CPU paused: no sleeping, spin locks only). */
#define SWAP_OBJ_KINDS 4
typedef void swap_obj_name_fn(uint32_t slot, void *arg);
struct swap_obj_kind {
    const char *name;
    int (*out)(int n, uint32_t *slots);
    void (*visit)(swap_obj_name_fn *fn, void *arg);
};
void swap_obj_register(const struct swap_obj_kind *k);
/* swap_obj_reclaim: up to n pages of every kind go out, in turn; how many
 * (-ENOMEM: the device is full and none went). */
int swap_obj_reclaim(int n, uint32_t *slots);
/* swap_obj_check: mm_check counts every object's names of slots; what is
 * wrong with one (NULL: nothing), its kind and slot in *kind, *slot. */
const char *swap_obj_check(const char **kind, uint32_t *slot);
#endif
