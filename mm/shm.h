/* shm.h -- shared memory segments: memory that several address spaces map
 * on purpose, System V style (shmget/shmat/shmdt/shmctl) or anonymous
 * (mmap MAP_SHARED|MAP_ANONYMOUS, which fork keeps shared).
 *
 * A segment's pages appear on first touch and belong to the segment (kind
 * PAGE_SHARED, one reference held by the segment, one by each mapping).
 * Every area that maps the segment holds a reference on it (a split area
 * holds two). Lifetime: a segment and its pages are freed when it has no
 * areas left and either it has been attached before or it was removed with
 * IPC_RMID (an anonymous segment goes with its last area). So a segment
 * outlives its creator while anyone is attached, as the tests require, and
 * a segment nobody ever attached stays until IPC_RMID, as on Linux.
 *
 * Swap (docs/swap.md): a page no PTE maps can go out; the segment's entry
 * then names its swap slot instead of the page (as a swapped PTE does),
 * and the next use reads it back. A page of a segment is in the swap
 * cache only while it is out.
 *
 * Locks: shm_lock guards the table, every segment's counts and its page
 * tables. Order: vm->lock -> shm_lock -> swap_lock -> page_lock.
 */
#ifndef MM_SHM_H
#define MM_SHM_H
#include <stddef.h>
#include <stdint.h>

struct shm_seg;
struct page;

#define SHM_SEGS_MAX 32
#define SHM_SIZE_MAX (16UL << 20)

void shm_init(void);
void shm_seg_ref(struct shm_seg *s);
void shm_seg_unref(struct shm_seg *s);
/* shm_seg_page: page `index` of s, made (zeroed) on first use, or taken
 * back from the swap cache; NULL when memory is out, or when the page is
 * on the swap device only: then *slot names the slot, for the caller to
 * read (swap_read_slot) and ask again. The page comes with a reference
 * for the caller's mapping. */
struct page *shm_seg_page(struct shm_seg *s, size_t index, uint32_t *slot);
/* shm_swap_init: segments' pages can go to swap (mm/shm_swap.c: a clock
 * over the segments picks those no PTE maps, mm/swap_obj.h). */
void shm_swap_init(void);
/* shm_visit_swapped: fn(segment, index, slot) for each page out (the
 * memory dump). */
void shm_visit_swapped(void (*fn)(int seg, size_t index, uint32_t slot));
size_t shm_seg_npages(const struct shm_seg *s);
/* shm_seg_obj: the segment as the memory object areas map; shm_seg_of:
 * the segment an object is, or NULL if it is none. */
struct vm_object *shm_seg_obj(struct shm_seg *s);
struct shm_seg *shm_seg_of(struct vm_object *o);
/* shm_anon_create: a new anonymous segment of npages (for MAP_SHARED), or
 * NULL; with a reference for the caller (drop it with shm_seg_unref once
 * an area holds its own). Its lifetime is that of the areas that map it. */
struct shm_seg *shm_anon_create(size_t npages);
/* shm_attach_get: the System V segment with this id, with a temporary
 * reference (drop it with shm_seg_unref once the area holds its own), or
 * NULL if there is none. */
struct shm_seg *shm_attach_get(long id);
#endif
