/* vmspace.h -- an address space: a page table whose kernel half is shared
 * with every other address space and whose user half is its own.
 *
 * Locks: vmspace_list_lock guards the list of all address spaces (for
 * mm_check and the memory viewer); vm->lock guards vm's user-half page
 * table, its areas (and the pages their records are in) and its break.
 * Order: vmspace_list_lock, then vm->lock,
 * then page_lock (docs/locking.md).
 */
#ifndef MM_VMSPACE_H
#define MM_VMSPACE_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/spinlock.h"
#include "mm/pagetable.h"
#include "mm/vm_area.h"
#include "mm/vm_pool.h"
#include "arch/x86_64/memlayout.h"

struct page;

struct vmspace {
    pagetable_t pml4;            /* [const] */
    int id;                      /* [const] owner id in page records (the pid) */
    struct spinlock lock;
    struct vm_tree areas;        /* [lock] what the user half may hold */
    struct vm_pool area_pool;    /* [lock] the pages the areas' records are in */
    int areas_obj;               /* [lock] areas holding an object (fork and
                                  * exit visit the areas only if some do) */
    uintptr_t brk_start, brk;    /* [lock] the program break (brk) */
    uintptr_t stack_top;         /* [exec] the stack's top; its 8 MiB reach and
                                  * the guard gap lie under it */
    uintptr_t mmap_top;          /* [exec] where mmap places areas from, down
                                  * (both set by exec before the space runs,
                                  * copied by fork: proc/aslr.h) */
    size_t rss;                  /* [lock] pages mapped that swap could take (swap_pte_counts) */
    size_t frame_limit;          /* [lock] at most this many, or 0: no limit (mm/swap.h) */
    uintptr_t clock_hand;        /* [lock] where the swap clock looks next */
    int fork_tables;             /* [lock] page-table pages the last fork's copy
                                  * of it made: the next one's batch (vmspace_copy.c) */
    uintptr_t swap_ra_next;      /* [lock] where an in-order swap-in fault comes next */
    int swap_ra_win;             /* [lock] pages of the last swap-in window (swap_in.c) */
    uintptr_t fault_table_va;    /* [lock] the 2 MiB the last fault's leaf table maps, */
    pte_t *fault_table;          /* [lock] and that table, or NULL (vm_fault.c); cleared
                                  * wherever a table may be freed (vmspace_unmap_range,
                                  * vmspace_clear) */
    struct vmspace *next;        /* [vmspace_list_lock] */
    int users;                   /* [atomic] threads using it (vmspace_get/put):
                                  * the threads of one process share one space */
};

/* vmspace_stack_floor: the bottom of the stack's reach and guard gap:
 * nothing but MAP_FIXED may place an area above it. */
static inline uintptr_t vmspace_stack_floor(const struct vmspace *vm)
{
    return vm->stack_top - USER_STACK_MAX - USER_STACK_GAP;
}

extern struct vmspace kernel_vmspace;   /* the kernel's own table */
extern struct spinlock vmspace_list_lock;
/* The user spaces, oldest first: a space is added at the end when it is
 * made, so a fork's child always comes after its parent. A walk that lets
 * go of the lock between spaces (holding the one it is at: vmspace_tryget)
 * and reads ->next afresh meets every space made meanwhile, and meets a
 * child only after its parent (vm_object_unmap relies on that). */
extern struct vmspace *vmspace_list;    /* [vmspace_list_lock] */

/* vmspace_create: an address space with the kernel half shared and the
 * user half empty; page records name `id` as the owner. NULL when memory
 * is out. */
struct vmspace *vmspace_create(int id);
/* vmspace_destroy: release every user page (through its refcount), free
 * every page-table page, free the record. vm must not be active anywhere,
 * and no one else may hold a user on it: a space is on vmspace_list from
 * vmspace_create, where walks take users (vmspace_tryget), so outside
 * single-threaded tests drop the last user with vmspace_put instead. */
void vmspace_destroy(struct vmspace *vm);
/* vmspace_get / vmspace_put: one more (or one fewer) thread uses vm; the
 * last put destroys it (so vm must then be active nowhere). A space starts
 * with one user, its creator. */
void vmspace_get(struct vmspace *vm);
void vmspace_put(struct vmspace *vm);
/* vmspace_tryget: vmspace_get for one found on the list (caller holds
 * vmspace_list_lock), which may be on its way out: false if its last user
 * has gone already. */
bool vmspace_tryget(struct vmspace *vm);
/* vmspace_shared: more than one thread uses vm (a hint: it may change at
 * once unless the caller is the only thread that could make it change). */
bool vmspace_shared(struct vmspace *vm);
/* vmspace_activate: load vm's page table on this CPU (and publish it for
 * shootdowns); vmspace_load: the same for a caller that has interrupts off
 * already (the scheduler). */
void vmspace_activate(struct vmspace *vm);
void vmspace_load(struct vmspace *vm);
struct vmspace *vmspace_current(void);

/* vmspace_map_page: map pg at va with perm; the mapping takes over the
 * caller's reference. -ENOMEM (reference kept by the caller) if a table
 * could not be allocated. Caller holds vm->lock. */
int vmspace_map_page(struct vmspace *vm, uintptr_t va, struct page *pg, uint64_t perm);
/* vmspace_unmap_page: remove the mapping at va and drop its reference.
 * Returns whether something was mapped. Caller holds vm->lock. */
bool vmspace_unmap_page(struct vmspace *vm, uintptr_t va);
/* vmspace_unmap_range: unmap every page in [lo, hi), present or out on
 * swap, dropping the mappings' references (and slot names) once no TLB
 * can reach them, and free the page tables that empties; the areas stay
 * as they are. Caller holds vm->lock. */
void vmspace_unmap_range(struct vmspace *vm, uintptr_t lo, uintptr_t hi);
/* vmspace_resident: the pages mapped in vm's user half now (ps's RSS;
 * shared pages count in every space that maps them). Caller holds
 * vm->lock. */
size_t vmspace_resident(struct vmspace *vm);
/* vmspace_copy: give the empty dst src's areas and the mappings inside
 * them (fork; mm_check's rule 6 says there are no others): every page
 * shared, private writable ones copy-on-write in both, but for the page
 * at `hot` (0: none), which both sides are about to write (the forking
 * thread's stack): if it is private and writable, dst gets a copy of it
 * now and src keeps it writable. 0 or -ENOMEM (then the caller destroys
 * dst, which frees what was shared). */
int vmspace_copy(struct vmspace *dst, struct vmspace *src, uintptr_t hot);
#endif
