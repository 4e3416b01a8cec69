/* vm_fault.c -- resolving user page faults (see vm_fault.h). */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "mm/vm_fault.h"
#include "mm/vm_area.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/shm.h"
#include "mm/vm_object.h"
#include "mm/swap.h"
#include "include/weensy/errno.h"

/* Step 3a: a write to a private page that others hold too. The last holder
 * just gets write access back; anyone else gets a copy. */
static int vm_fault_cow(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va)
{
    struct page *old = pa_to_page(PTE_ADDR(*slot));
    if (page_refcount(old) == 1 || swap_page_own(old)) {
        vm->rss += !swap_pte_counts(*slot);      /* program text becomes ours */
        page_set_owner(old, PAGE_USER, vm->id);   /* it is ours alone now */
        pt_set(vm->pml4, slot, va, PTE_ADDR(*slot) | vm_area_pte(a, old) | PTE_A);
        return 0;
    }
    struct page *copy = page_alloc(PAGE_USER, vm->id, 0);
    if (!copy)
        return -ENOMEM;
    mem_copy_page(page_kva(copy), page_kva(old));
    vm->rss += !swap_pte_counts(*slot);
    pt_set(vm->pml4, slot, va, page_to_pa(copy) | vm_area_pte(a, copy) | PTE_A);
    swap_page_put(old);
    return 0;
}

/* Fault-around, as Linux's: a read fault on an object's page also maps the
 * pages of the same aligned 64 KiB that the object has in memory already
 * (a file's cached pages), so a program reading through a mapped file
 * takes one fault per 16 pages. They are mapped as the fault's page is
 * (copy-on-write in a private area), without the accessed bit, so the
 * swap clock sees which were really used; pages not there are left for
 * their own fault. The window lies in the faulting page's page table. */
#define FAULT_AROUND_PAGES 16

static void vm_fault_around(struct vmspace *vm, const struct vm_area *a, uintptr_t va, pte_t *va_slot)
{
    if (!a->obj->ops->peek || !a->prot)
        return;
    _Static_assert(FAULT_AROUND_PAGES * PAGE_SIZE <= (1UL << 21), "the window lies in one page table");
    uintptr_t lo = va & ~(FAULT_AROUND_PAGES * PAGE_SIZE - 1), hi = lo + FAULT_AROUND_PAGES * PAGE_SIZE;
    lo = lo > a->start ? lo : a->start;
    hi = hi < a->end ? hi : a->end;
    for (uintptr_t p = lo; p < hi; p += PAGE_SIZE) {
        /* The window is aligned inside va's page table: its slots are
         * va_slot's neighbours, no walk from the root needed. */
        pte_t *slot = va_slot + ((intptr_t)p - (intptr_t)va) / (intptr_t)PAGE_SIZE;
        if (p == va || *slot)
            continue;                        /* the fault's own, mapped, or swapped */
        struct page *pg = a->obj->ops->peek(a->obj, a->pgoff + (p - a->start) / PAGE_SIZE);
        if (!pg)
            continue;
        pt_set(vm->pml4, slot, p, page_to_pa(pg) | vm_area_pte(a, pg));
        vm->rss += swap_pte_counts(*slot);
    }
}

/* Step 3b: the first touch of a page in the area: a zeroed page of its
 * own, or its object's page (mm/vm_object.h). A private file area maps
 * the file's page copy-on-write, and a first touch that writes copies it
 * at once. */
static int vm_fault_missing(struct vmspace *vm, const struct vm_area *a, pte_t *slot, uintptr_t va,
                            int access)
{
    struct page *pg;
    if (a->obj) {
        uint32_t out = 0;
        int err = -ENOMEM;
        bool write = (access & VM_WRITE) && a->kind == VMA_SHARED;
        pg = vm_object_get(a->obj, a->pgoff + (va - a->start) / PAGE_SIZE, write, &out, &err);
        if (!pg && out)
            return swap_read_slot(vm, out);   /* on the device: read, then ask again */
        if (!pg)
            return err;
    } else {
        pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
        if (!pg)
            return -ENOMEM;
    }
    pt_set(vm->pml4, slot, va, page_to_pa(pg) | vm_area_pte(a, pg) | PTE_A);   /* see swap_clock_take */
    vm->rss += swap_pte_counts(*slot);
    if ((access & VM_WRITE) && !(*slot & PTE_W))
        return vm_fault_cow(vm, a, slot, va);
    if (a->obj && !(access & VM_WRITE))
        vm_fault_around(vm, a, va, slot);
    return 0;
}

static int vm_fault_resolve(struct vmspace *vm, uintptr_t va, int access, uint32_t *clean);

/* Global pressure: reclaim with vm->lock let go (it visits vm too, and
 * sleeps for the writes). Before the fault, one round of each hand (a
 * page used since the hand passed stays); after a fault found no page,
 * two (swap_reclaim_more), since one sends nothing out when every space
 * has used all its pages since its hand passed. */
static int vm_fault_reclaim(struct vmspace *vm, bool failed)
{
    spin_unlock(&vm->lock);
    int n = failed ? swap_reclaim_more(1) : swap_reclaim();
    spin_lock(&vm->lock);
    return n;
}

/* vm_fault_needs_no_page: the fault at va maps a page the swap cache has
 * read: it takes no free page, and reclaim first would drop the page
 * (and those read ahead with it) before it is mapped, as orphans, which
 * reclaim takes first. A hint, looked at under vm->lock. */
static bool vm_fault_needs_no_page(struct vmspace *vm, uintptr_t va)
{
    pte_t *slot = va < USER_TOP ? pt_walk(vm->pml4, PAGE_ALIGN_DOWN(va), 0, PT_NO_ALLOC, 0) : 0;
    return slot && swap_in_cached(*slot);
}

/* A page that had to go for the frame limit is written (if it must be)
 * after the fault, with vm->lock let go. */
int vm_fault(struct vmspace *vm, uintptr_t va, int access)
{
    uint64_t t0 = btrace_start();
    if (swap_pressure() && !vm_fault_needs_no_page(vm, va))
        vm_fault_reclaim(vm, false);    /* few pages free: every space gives some back first */
    uint32_t clean = 0;
    int err = vm_fault_resolve(vm, va, access, &clean);
    if (clean) {
        spin_unlock(&vm->lock);
        swap_clean(clean);
        spin_lock(&vm->lock);
    }
    if (err == -ENOMEM && swap_on() && vm_fault_reclaim(vm, true) > 0)
        err = -EAGAIN;           /* pages went out or came free: look again */
    btrace_end(BT_FAULT, t0);
    return err;
}

/* vm_fault_slot: the PTE slot for va, its tables made if missing; NULL
 * when no page is free for one. Faults mostly land where the last one
 * did, in the same leaf table (a sweep through new memory, a stack
 * growing), so that table is kept and the walk down four levels, a tenth
 * of a first-touch fault, is skipped then. */
static pte_t *vm_fault_slot(struct vmspace *vm, uintptr_t va)
{
    uintptr_t base = ALIGN_DOWN(va, PT_SPAN(1));
    if (vm->fault_table && vm->fault_table_va == base)
        return &vm->fault_table[PT_INDEX(0, va)];
    pte_t *slot = pt_walk(vm->pml4, va, 0, vm->id, 0);
    if (slot) {
        vm->fault_table = slot - PT_INDEX(0, va);
        vm->fault_table_va = base;
    }
    return slot;
}

static int vm_fault_resolve(struct vmspace *vm, uintptr_t va, int access, uint32_t *clean)
{
    assert(spin_holding(&vm->lock));
    va = PAGE_ALIGN_DOWN(va);
    const struct vm_area *a = va < USER_TOP ? vm_area_find(vm, va) : 0;
    if (!a)
        return -EFAULT;
    if (!vm_area_permits(a, access))
        return -EACCES;
    pte_t *slot = vm_fault_slot(vm, va);
    if (!slot)
        return -ENOMEM;
    if (!pte_present(*slot) && vm->frame_limit && vm->rss >= vm->frame_limit &&
        swap_make_room(vm, clean) < 0)   /* the page about to come needs a frame */
        return -ENOMEM;
    if (pte_swapped(*slot))
        return swap_in(vm, a, slot, va);
    if (!pte_present(*slot))
        return vm_fault_missing(vm, a, slot, va, access);
    if ((access & VM_WRITE) && !(*slot & PTE_W))
        return vm_fault_cow(vm, a, slot, va);
    return 0;                    /* already resolved: a stale TLB entry */
}

const char *vm_fault_why(struct vmspace *vm, uintptr_t va, int err)
{
    if (err == -ENOMEM)
        return swap_on() && swap_nused() >= swap_nslots() ? "out of memory (swap full)" : "out of memory";
    if (err == -EIO)
        return "I/O error reading it back from swap";
    if (err == -EACCES)
        return "not allowed by the area's permissions";
    if (err == -ENXIO)
        return "past the end of the mapped file";
    uintptr_t limit = vm->stack_top - USER_STACK_MAX;
    if (va < limit && va >= limit - USER_STACK_GAP)
        return "stack overflow (below the stack's 8 MiB limit)";
    return "outside any mapped area";
}
