/* vmspace.c -- create, destroy and switch address spaces. */
#include "kernel/kernel.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/tlb.h"
#include "mm/swap.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/cpu.h"
#include "include/weensy/errno.h"

struct vmspace kernel_vmspace = { .id = PAGE_OWNER_KERNEL, .lock = SPINLOCK_INIT("kernel vmspace") };
struct spinlock vmspace_list_lock = SPINLOCK_INIT("vmspace list");
struct vmspace *vmspace_list;
static struct vmspace **vmspace_tail = &vmspace_list;   /* [vmspace_list_lock] where the next goes */

#define KERNEL_HALF_FIRST (PT_ENTRIES / 2)

/* Pages are allocated and freed under the lock that makes them reachable
 * (vmspace_list_lock for a root, vm->lock for everything below it), so
 * mm_check, which takes the same locks, never sees a page in flight. */
/* vmspace_share_kernel: give a new top-level table the kernel half's
 * entries (share), or take them out again so that it goes back to the
 * allocator all zeros, as emptied tables do. Those entries are fixed at
 * boot (kmap_init), so copying them shares every kernel mapping; only the
 * few that exist are touched, listed at the first call: a copy of the
 * whole half and a clear of the other were 3 % of fork+exit+wait under
 * -icount, where each 8 bytes of rep movs and stos counts. */
static uint16_t kernel_slots[PT_ENTRIES / 2];   /* [vmspace_list_lock] */
static int nkernel_slots = -1;                  /* [vmspace_list_lock] -1: not listed yet */

static void vmspace_share_kernel(pagetable_t pml4, bool share)
{
    assert(spin_holding(&vmspace_list_lock));
    pagetable_t k = kernel_vmspace.pml4;
    if (nkernel_slots < 0) {
        nkernel_slots = 0;
        for (int i = KERNEL_HALF_FIRST; i < PT_ENTRIES; i++)
            if (k[i])
                kernel_slots[nkernel_slots++] = (uint16_t)i;
    }
    for (int j = 0; j < nkernel_slots; j++)
        pml4[kernel_slots[j]] = share ? k[kernel_slots[j]] : 0;
}

struct vmspace *vmspace_create(int id)
{
    struct vmspace *vm = kmalloc(sizeof(*vm));
    if (!vm)
        return 0;
    vm->id = id;                 /* kmalloc zeroed the rest: no areas */
    vm->users = 1;
    vm->stack_top = USER_STACK_TOP;   /* the fixed layout, until exec sets it */
    vm->mmap_top = USER_MMAP_TOP;
    vm->frame_limit = (size_t)swap_frames_default();
    spinlock_init(&vm->lock, "vmspace");
    spin_lock(&vmspace_list_lock);
    struct page *pg = page_alloc(PAGE_PAGETABLE, id, PAGE_ZERO);
    if (pg) {
        vm->pml4 = page_kva(pg);
        vmspace_share_kernel(vm->pml4, true);
        pg->pt_used = ~0UL << (KERNEL_HALF_FIRST / 8);   /* pt_store's summary */
        *vmspace_tail = vm;      /* last: the list is in creation order (vmspace.h) */
        vmspace_tail = &vm->next;
    }
    spin_unlock(&vmspace_list_lock);
    if (!pg) {
        kfree(vm);
        return 0;
    }
    return vm;
}

/* Drop every leaf of a level-0 table: its page's reference, and the slot
 * (so the table goes back to the allocator empty). */
static void vmspace_clear_leaves(pte_t *t)
{
    for (size_t i = 0; i < PT_ENTRIES; i++) {
        pte_t e = t[i];
        if (!e) {
            i = pt_next_used(t, i + 1, PT_ENTRIES) - 1;   /* over a run of empty slots */
            continue;
        }
        t[i] = 0;
        if (pte_present(e))
            swap_page_put(pte_page(e));
        else if (pte_swapped(e))
            swap_pte_drop(e);
    }
}

/* The emptied tables, given back a batch at a time (one allocator lock
 * for all: a lock and the calls for each were a tenth of a small
 * process's fork+exit+wait). */
#define VMSPACE_FREE_BATCH 16
struct vmspace_freeing {
    int n;
    struct page *tables[VMSPACE_FREE_BATCH];
};

static void vmspace_free_tables(struct vmspace_freeing *f)
{
    page_put_zeroed_n(f->tables, f->n);
    f->n = 0;
}

/* vmspace_clear_table: empty table t (level `level`) and free every
 * table below it, in one walk down the tree: each slot is zeroed as it is
 * left, so every table goes back to the allocator all zeros. */
static void vmspace_clear_table(pte_t *t, int level, struct vmspace_freeing *f)
{
    int limit = level == PT_LEVELS - 1 ? (int)PT_USER_PML4_ENTRIES : PT_ENTRIES;
    for (int i = pt_next_used(t, 0, limit); i < limit; i = pt_next_used(t, i + 1, limit)) {
        pte_t e = t[i];
        if (!pte_present(e) || (e & PTE_PS))
            continue;
        pte_t *child = pte_table(e);
        if (level == 1)
            vmspace_clear_leaves(child);
        else
            vmspace_clear_table(child, level - 1, f);
        t[i] = 0;
        if (f->n == VMSPACE_FREE_BATCH)
            vmspace_free_tables(f);
        f->tables[f->n++] = pte_page(e);   /* emptied above */
    }
}

/* Empty the user half: its pages, its tables, its areas. */
static void vmspace_clear(struct vmspace *vm)
{
    spin_lock(&vm->lock);
    struct vmspace_freeing f;    /* not an initializer: it would clear the array */
    f.n = 0;
    vmspace_clear_table(vm->pml4, PT_LEVELS - 1, &f);
    vmspace_free_tables(&f);
    vm_area_clear(vm);
    vm->rss = 0;
    vm->fault_table = 0;         /* mm_check may look before the list lets go of vm */
    spin_unlock(&vm->lock);
}

void vmspace_destroy(struct vmspace *vm)
{
    assert(vm != &kernel_vmspace);
    assert(PTE_ADDR(read_cr3()) != kva_to_pa(vm->pml4));
    for (int i = 0; i < ncpus; i++)
        assert(__atomic_load_n(&cpus[i].vm, __ATOMIC_ACQUIRE) != vm);
    vmspace_clear(vm);
    spin_lock(&vmspace_list_lock);
    struct vmspace **pp = &vmspace_list;
    while (*pp != vm)
        pp = &(*pp)->next;
    *pp = vm->next;
    if (vmspace_tail == &vm->next)
        vmspace_tail = pp;
    vmspace_share_kernel(vm->pml4, false);   /* the user half is empty: all zeros */
    page_put_zeroed(pa_to_page(kva_to_pa(vm->pml4)));
    spin_unlock(&vmspace_list_lock);
    kfree(vm);
}

void vmspace_get(struct vmspace *vm)
{
    int old = __atomic_fetch_add(&vm->users, 1, __ATOMIC_RELAXED);
    assert(old > 0);
}

bool vmspace_tryget(struct vmspace *vm)
{
    int old = __atomic_load_n(&vm->users, __ATOMIC_RELAXED);
    while (old > 0)
        if (__atomic_compare_exchange_n(&vm->users, &old, old + 1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return true;
    return false;
}

/* The release order makes every user's last writes through vm happen
 * before the destroying put frees it. */
void vmspace_put(struct vmspace *vm)
{
    int old = __atomic_fetch_sub(&vm->users, 1, __ATOMIC_ACQ_REL);
    assert(old > 0);
    if (old == 1)
        vmspace_destroy(vm);
}

bool vmspace_shared(struct vmspace *vm)
{
    return __atomic_load_n(&vm->users, __ATOMIC_RELAXED) > 1;
}

void vmspace_activate(struct vmspace *vm)
{
    push_off();
    vmspace_load(vm);
    pop_off();
}

/* The scheduler's, on every switch: without a push_off/pop_off pair of its
 * own, a fifth of what a switch added with more than one CPU. */
void vmspace_load(struct vmspace *vm)
{
    assert(!irqs_enabled());
    paddr_t pa = kva_to_pa(vm->pml4);
    tlb_note_cr3(pa);
    if (PTE_ADDR(read_cr3()) != pa)
        write_cr3(pa);
    __atomic_store_n(&mycpu()->vm, vm, __ATOMIC_RELEASE);
}

/* vmspace_current: the address space this CPU runs in (the kernel's until
 * a process is scheduled). */
struct vmspace *vmspace_current(void)
{
    struct vmspace *vm = cpu_vm();
    return vm ? vm : &kernel_vmspace;
}

int vmspace_map_page(struct vmspace *vm, uintptr_t va, struct page *pg, uint64_t perm)
{
    assert(spin_holding(&vm->lock));
    int err = pt_map(vm->pml4, va, page_to_pa(pg), perm, vm->id);
    if (!err && swap_pte_counts(page_to_pa(pg) | perm))
        vm->rss++;
    return err;
}

bool vmspace_unmap_page(struct vmspace *vm, uintptr_t va)
{
    assert(spin_holding(&vm->lock));
    pte_t old = pt_unmap(vm->pml4, va);
    if (pte_swapped(old))
        swap_pte_drop(old);
    if (!pte_present(old))
        return false;
    vm->rss -= swap_pte_counts(old);
    swap_page_put(pa_to_page(PTE_ADDR(old)));
    return true;
}

/* Flush the pages gathered on every CPU that may cache them, then drop
 * their references: a page is freed only once no TLB can reach it. */
static void vmspace_unmap_flush(struct pt_flush *fl, struct page **pages)
{
    int n = fl->n;
    pt_flush_done(fl);
    for (int i = 0; i < n; i++)
        swap_page_put(pages[i]);
}

/* The flushes go a batch at a time (one round of the other CPUs' NMIs
 * per PT_FLUSH_MAX pages, mm/tlb.h). */
void vmspace_unmap_range(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    assert(spin_holding(&vm->lock));
    struct pt_iter it;
    struct pt_flush fl = { .pml4 = vm->pml4 };
    struct page *pages[PT_FLUSH_MAX];
    for (pt_iter_init(&it, vm->pml4, lo, hi); pt_iter_next(&it);) {
        pte_t e = pt_take(it.pte);
        if (pte_swapped(e))
            swap_pte_drop(e);
        if (!pte_present(e))
            continue;
        vm->rss -= swap_pte_counts(e);
        pages[fl.n] = pa_to_page(PTE_ADDR(e));
        pt_flush_add(&fl, it.va);
        if (fl.n == PT_FLUSH_MAX)
            vmspace_unmap_flush(&fl, pages);
    }
    vmspace_unmap_flush(&fl, pages);
    vm->fault_table = 0;         /* the prune may free it */
    pt_prune(vm->pml4, lo, hi);
}

size_t vmspace_resident(struct vmspace *vm)
{
    assert(spin_holding(&vm->lock));
    size_t n = 0;
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);)
        n += pte_present(*it.pte);
    return n;
}
