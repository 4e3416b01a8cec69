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

/* Empty the user half in one pass over its table pages (children before
 * parents): a leaf table's pages, then the table itself. */
static void vmspace_clear(struct vmspace *vm)
{
    spin_lock(&vm->lock);
    struct ptp_iter pit;
    for (ptp_iter_init(&pit, vm->pml4); ptp_iter_next(&pit);) {
        if (pit.table_level == 0)
            vmspace_clear_leaves(pit.table);
        *pit.parent_slot = 0;
        page_put_zeroed(pa_to_page(kva_to_pa(pit.table)));   /* emptied above */
    }
    vm_area_clear(vm);
    vm->rss = 0;
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
    push_off();
    struct vmspace *vm = mycpu()->vm;
    pop_off();
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

/* vmspace_copy_pte: the entry both spaces get for a page fork shares. A
 * private page that is (or could become) writable turns copy-on-write in
 * both: the first write on either side copies it (mm/vm_fault.c). */
static pte_t vmspace_copy_pte(pte_t e)
{
    if (!(e & PTE_SHARED) && (e & (PTE_W | PTE_COW)))
        return (e & ~PTE_W) | PTE_COW;
    return e;
}

/* vmspace_copy_slow: vmspace_copy_leaves' way for an entry that is not
 * a present private page the parent may not write: an empty slot (0), a
 * swapped page, or one that turns copy-on-write here (its parent entry
 * changes and is flushed). The entry the child gets, or 0 for none. */
static pte_t vmspace_copy_slow(pte_t *src, uintptr_t va, struct pt_flush *fl)
{
    pte_t e = *src;
    if (pte_swapped(e)) {
        swap_pte_dup(e);         /* the child names the slot too */
        return e;
    }
    if (!pte_present(e))
        return 0;
    pte_t shared = vmspace_copy_pte(e) & ~(PTE_A | PTE_D);
    if (shared != (e & ~(PTE_A | PTE_D))) {
        *src = shared | (e & (PTE_A | PTE_D));
        pt_flush_add(fl, va);
    }
    page_ref(pa_to_page(PTE_ADDR(e)));
    return shared;
}

/* vmspace_copy_leaves: share slots [first, last) of a parent's level-0
 * table (src, mapping from base) into the child's (dst). Each present page
 * gets one more reference; the parent's entries that lose write access are
 * gathered in fl for one flush at the end. The loop's first test takes the
 * entry every fork after the first meets most: a present private page
 * already read-only or copy-on-write, which the child shares as it is
 * (this loop is most of a fork of a big process: 46 instructions an entry
 * before the test, 2026-12-07). */
static void vmspace_copy_leaves(pte_t *dst, pte_t *src, int first, int last, uintptr_t base,
                                struct pt_flush *fl)
{
    for (size_t i = first; i < (size_t)last; i++) {
        pte_t e = src[i], got;
        if (likely((e & (PTE_P | PTE_W | PTE_SHARED)) == PTE_P)) {
            page_ref(pte_page(e));
            got = e & ~(PTE_A | PTE_D);
        } else if (!e) {
            i = pt_next_used(src, i + 1, last) - 1;       /* over a run of empty slots */
            continue;
        } else if (!(got = vmspace_copy_slow(&src[i], base + i * PAGE_SIZE, fl))) {
            continue;
        }
        if (unlikely(dst[i]))
            panic("vmspace_copy: %#lx is already mapped in the child (pte %#lx)", base + i * PAGE_SIZE, dst[i]);
        dst[i] = got;
    }
    /* The child's used slots are among the parent's: its summary over the
     * range is a fine one for the child (pt_store's rule). */
    uint64_t range = (~0UL << (first / 8)) & (~0UL >> (63 - (last - 1) / 8));
    *pt_used_of(dst) |= *pt_used_of(src) & range;
}

struct vmspace_copying {
    struct vmspace *dst, *src;
    struct pt_flush fl;
    int err;                     /* -ENOMEM: a table for the child */
};

/* vmspace_copy_area: share the pages of one area, a level-0 table at a
 * time; after a failure, nothing more. */
static void vmspace_copy_area(const struct vm_area *area, void *arg)
{
    struct vmspace_copying *c = arg;
    struct pt_iter it;
    pte_t *s;
    int n;
    pt_iter_init(&it, c->src->pml4, area->start, area->end);
    while (!c->err && (s = pt_iter_next_table(&it, &n))) {
        pte_t *d = pt_walk(c->dst->pml4, it.va, 0, c->dst->id, 0);
        int first = PT_INDEX(0, it.va);
        if (d)
            vmspace_copy_leaves(d - first, s - first, first, first + n, it.va - (uintptr_t)first * PAGE_SIZE,
                                &c->fl);
        else
            c->err = -ENOMEM;
    }
}

/* vmspace_copy: fork's copy of an address space. Nothing is copied: every
 * page is shared with one more reference. The copy goes area by area, as
 * each area's record is copied (a leaf outside every area is a bug
 * mm_check reports), and table by table: one walk per 2 MiB on each side,
 * then a loop over the table's slots. The parent's TLB entries are flushed
 * once, at the end, still under its lock, on every CPU running one of its
 * threads (mm/tlb.h): none may keep writing a page now copy-on-write. dst
 * is new and private to the caller, so taking its lock inside src's cannot
 * deadlock; spin_lock_nested says so to the order checker (two vm->locks
 * at once, nowhere else). */
int vmspace_copy(struct vmspace *dst, struct vmspace *src)
{
    spin_lock(&src->lock);
    spin_lock_nested(&dst->lock, 1);
    struct vmspace_copying c = { .dst = dst, .src = src, .fl = { .pml4 = src->pml4 } };
    int err = vm_area_copy(dst, src, vmspace_copy_area, &c);
    err = err ? err : c.err;
    dst->brk_start = src->brk_start;
    dst->brk = src->brk;
    dst->stack_top = src->stack_top;   /* fork keeps the layout; exec picks anew */
    dst->mmap_top = src->mmap_top;
    dst->rss = src->rss;         /* every leaf is in an area (mm_check's rule 6) */
    dst->frame_limit = src->frame_limit;
    dst->clock_hand = src->clock_hand;
    pt_flush_done(&c.fl);
    spin_unlock(&dst->lock);
    spin_unlock(&src->lock);
    return err;
}
