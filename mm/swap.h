/* swap.h -- page replacement: pages of user memory go to a swap device
 * and come back on the next touch (docs/swap.md).
 *
 * A PTE is in one of three states: empty (0), present (PTE_P and a page),
 * or swapped (PTE_SWAPPED, not present, and a slot number where the
 * address would be: arch/x86_64/mmu.h). A slot is one page of the device.
 *
 * Sharing: a page several address spaces map (copy-on-write after fork)
 * goes out once. The first PTE to go takes the page into the swap cache,
 * which gives it a slot and holds a reference; each PTE that goes out
 * after it names the same slot, and a fault on any of them finds the page
 * in the cache while it is there. The slot counts the PTEs that name it;
 * the page leaves the cache (written first if it never was) when no PTE
 * maps it, and the slot is free when no PTE names it and no page is
 * cached for it. A cached page is never mapped writable: a write faults
 * and the writer takes it out of the cache (or copies it), so a cached
 * page always equals its slot's contents once written.
 *
 * Locking: swap_lock guards the slots' counts, the cache (slot <-> page)
 * and the PG_SWAP* flags of cached pages. Order: vm->lock, then
 * swap_lock, then the page allocator's locks. Disk I/O runs with no
 * spinlock held: a fault that must wait lets go of vm->lock, sleeps, and
 * is retried (vm_fault's -EAGAIN).
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "kernel/spinlock.h"
#include "mm/pagetable.h"
#include "mm/page.h"

struct page;
struct vmspace;
struct vm_area;

extern struct spinlock swap_lock;

/* swap_init: take the device the command line names (swap=), if any. */
void swap_init(void);
bool swap_on(void);
size_t swap_nslots(void);
size_t swap_nused(void);          /* slots named or cached */
/* swap_stats: pages written out, read back in, and dropped clean. */
void swap_stats(uint64_t *outs, uint64_t *ins, uint64_t *clean);
/* swap_read_stats: faults on swapped PTEs, and read requests sent. */
void swap_read_stats(uint64_t *faults, uint64_t *reads);

static inline bool pte_swapped(pte_t e)
{
    return (e & (PTE_P | PTE_SWAPPED)) == PTE_SWAPPED;
}

/* swap_pte_counts: e maps a page the clock may send out: present, private
 * (not PTE_SHARED), a process's own kind (PAGE_USER, not program text the
 * program cache holds). These are what vm->rss counts and what frames=N
 * limits. */
static inline bool swap_pte_counts(pte_t e)
{
    if (!pte_present(e) || (e & PTE_SHARED))
        return false;
    const struct page *pg = pa_to_page(PTE_ADDR(e));
    return pg && pg->kind == PAGE_USER;
}

static inline pte_t swap_pte(uint32_t s)
{
    return ((pte_t)s << PAGE_SHIFT) | PTE_SWAPPED;
}

/* swap_pte_dup: one more PTE names e's slot (fork). */
void swap_pte_dup(pte_t e);
/* swap_pte_drop: a swapped PTE is gone (munmap, exit); the slot is freed
 * with its last name (and its cached page, if nobody maps it). */
void swap_pte_drop(pte_t e);
/* swap_page_put: drop a PTE's reference to user page pg: page_put, and if
 * that leaves pg only in the swap cache with no slot name, free both.
 * Inline, as exit and munmap call it for every page: out of line it was a
 * fifth of fork+exit+wait's cost with 4 MiB touched.
 *
 * A page put without swap_lock may join the cache (another space sending
 * it out) just as this reference goes, and the other space's last name
 * may go too: each side then looks at the other's write after its own
 * (both are locked instructions, full fences on x86), so at least one of
 * them sees the page as garbage and collects it. */
void swap_page_put_cached(struct page *pg, bool put);
static inline void swap_page_put(struct page *pg)
{
    if (__atomic_load_n(&pg->flags, __ATOMIC_SEQ_CST) & PG_SWAPCACHE) {
        swap_page_put_cached(pg, false);
        return;
    }
    page_put(pg);
    if (__atomic_load_n(&pg->flags, __ATOMIC_SEQ_CST) & PG_SWAPCACHE)
        swap_page_put_cached(pg, true);
}
/* swap_page_own: a write to pg, mapped once by the caller's PTE, which
 * also finds it in the swap cache: take it out, so the caller may write
 * it. False if it cannot be had (others name its slot, or it is being
 * written out): the caller copies it. Caller holds the vm->lock. */
bool swap_page_own(struct page *pg);

/* swap_in: the fault path's step for a swapped PTE at va (caller holds
 * vm->lock). 0: mapped; -EAGAIN: vm->lock was let go (the page was read,
 * or someone else was reading it) and the fault must look again; -ENOMEM;
 * -EIO (the device failed). */
int swap_in(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va);

/* swap_in_cached: e is swapped and its page is in the swap cache, read: a
 * fault on it needs no new page (a hint: looked at without swap_lock). */
bool swap_in_cached(pte_t e);
/* swap_read_slot: a fault needs slot s's page, which an object names
 * (mm/swap_obj.h): read it into the swap cache (or wait for the I/O on
 * it), with vm->lock let go; -EAGAIN then (ask again), or -ENOMEM, -EIO.
 * Caller holds vm->lock, or passes NULL (a read or write of a file, under
 * no spin lock). */
int swap_read_slot(struct vmspace *vm, uint32_t s);
/* swap_make_room: vm is at its frame limit: its clock sends one page out.
 * Caller holds vm->lock. *clean: the slot whose page may need writing, to
 * pass to swap_clean once the lock is let go (0: none). -ENOMEM when the
 * device is full; 0 otherwise, also when none of vm's pages can go
 * (shared ones only), and then vm goes past its limit. */
int swap_make_room(struct vmspace *vm, uint32_t *clean);
/* swap_out_range: every page of vm in [lo, hi) that swap could take goes
 * out now, written before the call returns (madvise's MADV_PAGEOUT).
 * Caller holds vm->lock, which is let go for the writes. 0, or -ENOMEM
 * when the device is full (the pages before stay out). */
int swap_out_range(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* swap_clean: write slot s's cached page if nobody maps it and it was
 * never written, then drop it from memory. Caller holds no spinlock
 * (it may sleep). */
void swap_clean(uint32_t s);
/* swap_clean_many: swap_clean for n slots (at most SWAP_CLEAN_MAX), the
 * writes sent together and waited for together. */
#define SWAP_CLEAN_MAX 16
void swap_clean_many(const uint32_t *slots, int n);
/* Global pressure (mm/swap_reclaim.c). swap_pressure: free pages are
 * below the low watermark. swap_reclaim: send pages of every space out,
 * in turn, until free pages reach the high watermark or nothing more can
 * go; how many went, or -ENOMEM if the device is full. Caller holds no
 * spinlock (it sleeps for the writes). */
void swap_reclaim_init(void);
bool swap_pressure(void);
/* swap_headroom: free pages above the low watermark (0: none), what
 * read-ahead may take before reclaim must start. */
size_t swap_headroom(void);
int swap_reclaim(void);
/* swap_reclaim_if_low: reclaim if under pressure; for the calls that take
 * kernel memory (fork, clone, exec), which cannot reclaim where they
 * allocate (under spinlocks). Caller holds no spinlock. */
void swap_reclaim_if_low(void);
/* swap_reclaim_more: reclaim until `pages` more are free than now (a
 * kernel allocation that failed, to try again); how many went out, or
 * came free meanwhile (0: none, try no more). */
int swap_reclaim_more(size_t pages);
/* One instruction may touch four pages a process could lose: a string
 * move's source and destination, each across a page boundary. A limit
 * below that could send out a page the instruction needs to bring in the
 * next, for ever. */
#define SWAP_FRAMES_MIN 4

/* swap_frames_default: the frame limit of every new process (frames=N on
 * the command line; 0: none). */
long swap_frames_default(void);

/* mm_check's rules for swap (mm/mm_check.c): begin, a call per swapped
 * PTE found, then end, which says what is wrong (NULL: nothing). */
void swap_check_begin(void);
const char *swap_check_name(pte_t e);
const char *swap_check_end(uint32_t *bad_slot);

/* swap_visit_slots: fn(slot, count, cached page or NULL) for every slot
 * in use, in order (the memory dump; caller has every other CPU paused). */
void swap_visit_slots(void (*fn)(uint32_t s, uint32_t count, struct page *pg));

/* mm_check's view: the count of slot s, and its cached page or NULL
 * (caller holds swap_lock, or has every other CPU paused). */
uint32_t swap_slot_count(uint32_t s);
struct page *swap_slot_page(uint32_t s);
#endif
