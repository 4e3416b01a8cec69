/* vm_area.h -- the areas of an address space (Weenix's vmmap of vmareas):
 * which ranges of the user half a process may use, with what permissions,
 * and what backs them. A page table says what is mapped now; the areas say
 * what may be, so a page that is missing inside an area is simply made on
 * first touch (mm/vm_fault.c).
 *
 * Each address space keeps its areas in a balanced tree (mm/vm_tree.h) of
 * records from pages of its own (mm/vm_pool.h): finding the area at an
 * address, adding, removing, splitting and merging are O(log n), and so is
 * finding a gap for mmap. Ranges are [start, end): end is exclusive, so an
 * area ending at x does not contain x, and two areas may touch without
 * overlapping. Touching areas that are alike are always merged into one.
 *
 * At most VM_AREAS_MAX areas per space, Linux's default vm.max_map_count.
 * A change is made all at once or not at all: it first works out how many
 * areas it will leave (merges included) and how many records it needs on
 * the way, and reserves those; a change that would leave more than
 * VM_AREAS_MAX areas, or whose records cannot be had, fails with -ENOMEM
 * and changes nothing, as does one that is not allowed.
 *
 * All functions take the address space's lock (vm->lock) as held.
 */
#ifndef MM_VM_AREA_H
#define MM_VM_AREA_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "mm/vm_fault.h"          /* VM_READ, VM_WRITE, VM_EXEC */
#include "mm/pagetable.h"         /* vm_area_pte: the PTE bits, pte_nx */

struct vmspace;
struct vm_object;
struct page;

/* Linux's default vm.max_map_count (USHRT_MAX less 5 kept back for core
 * dumps). What it costs: a record of 88 bytes per area, 46 to a page, so
 * 1425 pages (5.6 MiB) at the limit, plus whatever page tables the areas'
 * pages need. */
#define VM_AREAS_MAX 65530

enum vm_area_kind {
    VMA_ANON,        /* private, zero-filled on first touch (mmap, page_alloc, brk) */
    VMA_STACK,       /* the same, below USER_STACK_TOP, with a guard gap under it */
    VMA_IMAGE,       /* a program's segment, mapped at exec */
    VMA_SHARED,      /* an object's own pages (shmat, MAP_SHARED of memory or a file) */
    VMA_FILE,        /* a file's pages, private: copied at the first write (MAP_PRIVATE) */
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
    uint32_t pgoff;              /* with an object: its page that start maps */
    struct vm_object *obj;       /* VMA_SHARED, VMA_FILE: what backs it (mm/vm_object.h),
                                  * else NULL */
};
_Static_assert(sizeof(struct vm_area) == 32, "an area is 32 bytes");

/* ---- looking ------------------------------------------------------------- */
const struct vm_area *vm_area_find(struct vmspace *vm, uintptr_t va);
/* vm_area_first, vm_area_next: every area, in address order (NULL at the
 * end); nothing may change them meanwhile. */
const struct vm_area *vm_area_first(struct vmspace *vm);
const struct vm_area *vm_area_next(const struct vm_area *a);
/* vm_area_from: the first area ending after va (the one holding va, or the
 * next one); NULL if none. A walk that lets go of vm->lock between steps
 * (/proc's maps) takes up again from where it stopped with it. */
const struct vm_area *vm_area_from(struct vmspace *vm, uintptr_t va);
int vm_area_count(struct vmspace *vm);
/* vm_area_is_free: no area meets [lo, hi). */
bool vm_area_is_free(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* vm_area_permits: does area a allow `access`? On x86 every present page
 * is readable, so any permission allows a read (as on Linux, PROT_WRITE and
 * PROT_EXEC imply PROT_READ). */
static inline bool vm_area_permits(const struct vm_area *a, int access)
{
    if (access & VM_WRITE)
        return a->prot & VM_WRITE;
    if (access & VM_EXEC)
        return a->prot & VM_EXEC;
    return a->prot != 0;
}
/* vm_area_allows: is all of [lo, hi) inside areas that permit `access`? */
bool vm_area_allows(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int access);
/* vm_area_gap: the highest free range of len bytes below `below` and at or
 * above `above`; 0 if none. */
uintptr_t vm_area_gap(struct vmspace *vm, size_t len, uintptr_t above, uintptr_t below);

/* vm_area_alike: can b, which starts where a ends, be part of a? Same
 * permissions, maximum permissions, kind and backing (and, for a segment,
 * the page that follows). Such areas are always merged. */
static inline bool vm_area_alike(const struct vm_area *a, const struct vm_area *b)
{
    return a->end == b->start && a->prot == b->prot && a->maxprot == b->maxprot && a->kind == b->kind &&
           a->obj == b->obj && a->attach == b->attach &&
           (!a->obj || a->pgoff + (a->end - a->start) / 4096 == b->pgoff);
}

/* ---- changing (each: 0, or an error and nothing changed) ----------------- */
/* vm_area_map: area a replaces whatever was in [a->start, a->end) (those
 * areas' pages unmapped), merged with touching neighbours that are alike.
 * The area takes a reference on a->obj. -ENOMEM. */
int vm_area_map(struct vmspace *vm, const struct vm_area *a);
/* vm_area_map_ready: the same, but ready(vm, arg) runs once everything the
 * change needs is reserved, just before anything changes; if it fails,
 * nothing changes and its error is returned. (page_alloc makes the page
 * table for its page there, so that mapping the page cannot fail after
 * the old area is gone.) */
int vm_area_map_ready(struct vmspace *vm, const struct vm_area *a, int (*ready)(struct vmspace *vm, void *arg),
                      void *arg);
/* vm_area_add: vm_area_map where [a->start, a->end) must be free. */
int vm_area_add(struct vmspace *vm, const struct vm_area *a);
/* vm_area_unmap: remove [lo, hi) from every area (splitting the ones
 * partly inside) and unmap its pages. -ENOMEM (an area split in two). */
int vm_area_unmap(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* vm_area_protect: set prot on [lo, hi) and on the pages mapped there.
 * The range must be covered by areas (-ENOMEM otherwise) whose maximum
 * permissions include prot (-EACCES otherwise): the first problem in
 * address order is reported. -ENOMEM also for the splits. */
int vm_area_protect(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int prot);
/* vm_area_copy: dst (empty) gets src's areas (fork); both locks held.
 * each(area, arg), if each is not NULL, runs on every area as it is
 * copied, in no particular order. -ENOMEM, dst still empty. */
int vm_area_copy(struct vmspace *dst, struct vmspace *src, void (*each)(const struct vm_area *a, void *arg),
                 void *arg);
/* vm_area_clear: drop every area and give back their pages of records
 * (the pages the areas mapped are the caller's business). */
void vm_area_clear(struct vmspace *vm);

/* vm_area_check: NULL if vm's areas are sound (the tree, each area's
 * fields, no two touching areas alike, the records all counted), else
 * what is wrong, and *where an address it concerns. For mm_check. */
const char *vm_area_check(struct vmspace *vm, uintptr_t *where);

/* vm_area_pte: the PTE flags for page pg mapped in area a: user unless
 * PROT_NONE, no-execute unless VM_EXEC; writable only if the area is and,
 * for a private area, the page has no other holder (else copy-on-write).
 * Inline: every page fault asks it. */
static inline uint64_t vm_area_pte(const struct vm_area *a, struct page *pg)
{
    uint64_t f = PTE_P;
    if (a->prot)
        f |= PTE_U;
    if (!(a->prot & VM_EXEC))
        f |= pte_nx;
    if (a->kind == VMA_SHARED)
        return f | PTE_SHARED | (a->prot & VM_WRITE ? PTE_W : 0);
    if (a->prot & VM_WRITE)
        f |= page_refcount(pg) == 1 ? PTE_W : PTE_COW;
    return f;
}
const char *vm_area_kind_name(int kind);
#endif
