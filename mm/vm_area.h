/* vm_area.h -- the areas of an address space (Weenix's vmmap of vmareas):
 * which ranges of the user half a process may use, with what permissions,
 * and what backs them. A page table says what is mapped now; the areas say
 * what may be, so a page that is missing inside an area is simply made on
 * first touch (mm/vm_fault.c).
 *
 * Each address space keeps its areas in an array sorted by address, found
 * by binary search: O(log n) lookups, and simple splits and merges (an
 * insertion moves the tail of a small array). Ranges are [start, end):
 * end is exclusive, so an area ending at x does not contain x, and two
 * areas may touch without overlapping. At most VM_AREAS_MAX areas per
 * space (Linux's max_map_count, scaled down): more gives -ENOMEM.
 *
 * All functions take the address space's lock (vm->lock) as held.
 */
#ifndef MM_VM_AREA_H
#define MM_VM_AREA_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "mm/vm_fault.h"          /* VM_READ, VM_WRITE, VM_EXEC */

struct vmspace;
struct shm_seg;
struct page;

enum vm_area_kind {
    VMA_ANON,        /* private, zero-filled on first touch (mmap, page_alloc, brk) */
    VMA_STACK,       /* the same, below USER_STACK_TOP, with a guard gap under it */
    VMA_IMAGE,       /* a program's segment, mapped at exec */
    VMA_SHARED,      /* pages of a shared segment (shmat, MAP_SHARED) */
};

/* An area's maximum permissions (maxprot) are fixed when it is made:
 * mprotect may change prot to anything within them, never beyond (-EACCES).
 * A read-only shm attachment may only ever be read; everything else weensy
 * makes today may be anything (private memory and program images are
 * copy-on-write, so writing them changes nobody else's view). */
#define VM_PROT_ALL (VM_READ | VM_WRITE | VM_EXEC)

struct vm_area {
    uintptr_t start, end;        /* page-aligned, start < end */
    uint8_t prot;                /* VM_READ | VM_WRITE | VM_EXEC (0: PROT_NONE) */
    uint8_t maxprot;             /* what prot may ever be; prot is within it */
    uint8_t kind;                /* enum vm_area_kind */
    uint8_t attach;              /* VMA_SHARED: nonzero for a shmat attachment */
    uint32_t shm_first;          /* VMA_SHARED: segment page that start maps */
    struct shm_seg *shm;         /* VMA_SHARED: the segment, else NULL */
};
_Static_assert(sizeof(struct vm_area) == 32, "an area record is 32 bytes");

#define VM_AREAS_MAX 128         /* one page of struct vm_area */

struct vm_areas {
    struct vm_area *v;           /* sorted by start, never overlapping */
    int n, cap;
};

struct vm_area *vm_area_find(struct vmspace *vm, uintptr_t va);
/* vm_area_is_free: no area meets [lo, hi). */
bool vm_area_is_free(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* vm_area_permits: does area a allow `access`? On x86 every present page
 * is readable, so any permission allows a read (as on Linux, PROT_WRITE and
 * PROT_EXEC imply PROT_READ). */
bool vm_area_permits(const struct vm_area *a, int access);
/* vm_area_allows: is all of [lo, hi) inside areas that permit `access`? */
bool vm_area_allows(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int access);
/* vm_area_add: a new area (which must not overlap any), merged with
 * touching neighbours that are alike. 0 or -ENOMEM. Takes a reference on
 * a->shm. */
int vm_area_add(struct vmspace *vm, const struct vm_area *a);
/* vm_area_unmap: remove [lo, hi) from every area (splitting the ones
 * partly inside) and unmap its pages. 0 or -ENOMEM (too many areas). */
int vm_area_unmap(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* vm_area_protect: set prot on [lo, hi) and on the pages mapped there.
 * The range must be covered by areas (-ENOMEM otherwise) whose maximum
 * permissions include prot (-EACCES otherwise); on any error nothing has
 * changed. */
int vm_area_protect(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int prot);
/* vm_area_gap: the highest free range of len bytes below `below` and at or
 * above `above`; 0 if none. */
uintptr_t vm_area_gap(struct vmspace *vm, size_t len, uintptr_t above, uintptr_t below);
/* vm_area_copy: dst (empty) gets src's areas (fork). 0 or -ENOMEM. */
int vm_area_copy(struct vmspace *dst, struct vmspace *src);
/* vm_area_clear: drop every area (the pages are the caller's business). */
void vm_area_clear(struct vmspace *vm);
/* vm_area_pte: the PTE flags for page pg mapped in area a: user unless
 * PROT_NONE, no-execute unless VM_EXEC; writable only if the area is and,
 * for a private area, the page has no other holder (else copy-on-write). */
uint64_t vm_area_pte(const struct vm_area *a, struct page *pg);
const char *vm_area_kind_name(int kind);
#endif
