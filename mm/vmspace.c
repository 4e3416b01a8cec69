/* vmspace.c -- create, destroy and switch address spaces. */
#include "kernel/kernel.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

struct vmspace kernel_vmspace = { .id = PAGE_OWNER_KERNEL, .lock = SPINLOCK_INIT("kernel vmspace") };
struct spinlock vmspace_list_lock = SPINLOCK_INIT("vmspace list");
struct vmspace *vmspace_list;

#define KERNEL_HALF_FIRST (PT_ENTRIES / 2)

struct vmspace *vmspace_create(int id)
{
    struct vmspace *vm = kmalloc(sizeof(*vm));
    if (!vm)
        return 0;
    struct page *pg = page_alloc(PAGE_PAGETABLE, id, 0);
    if (!pg) {
        kfree(vm);
        return 0;
    }
    vm->pml4 = page_kva(pg);
    vm->id = id;
    spinlock_init(&vm->lock, "vmspace");
    /* The kernel half's top-level entries are fixed at boot (kmap_init),
     * so copying them shares every kernel mapping, now and later. */
    memset(vm->pml4, 0, PAGE_SIZE / 2);
    memcpy(vm->pml4 + KERNEL_HALF_FIRST, kernel_vmspace.pml4 + KERNEL_HALF_FIRST, PAGE_SIZE / 2);
    spin_lock(&vmspace_list_lock);
    vm->next = vmspace_list;
    vmspace_list = vm;
    spin_unlock(&vmspace_list_lock);
    return vm;
}

static void vmspace_unlist(struct vmspace *vm)
{
    spin_lock(&vmspace_list_lock);
    struct vmspace **pp = &vmspace_list;
    while (*pp != vm)
        pp = &(*pp)->next;
    *pp = vm->next;
    spin_unlock(&vmspace_list_lock);
}

void vmspace_destroy(struct vmspace *vm)
{
    assert(vm != &kernel_vmspace);
    assert(PTE_ADDR(read_cr3()) != kva_to_pa(vm->pml4));
    vmspace_unlist(vm);
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);) {
        if (pte_present(*it.pte))
            page_put(pa_to_page(PTE_ADDR(*it.pte)));
        *it.pte = 0;
    }
    struct ptp_iter pit;
    for (ptp_iter_init(&pit, vm->pml4); ptp_iter_next(&pit);) {
        *pit.parent_slot = 0;
        page_put(pa_to_page(kva_to_pa(pit.table)));
    }
    page_put(pa_to_page(kva_to_pa(vm->pml4)));
    kfree(vm);
}

void vmspace_activate(struct vmspace *vm)
{
    paddr_t pa = kva_to_pa(vm->pml4);
    if (PTE_ADDR(read_cr3()) != pa)
        write_cr3(pa);
}

struct vmspace *vmspace_current(void)
{
    paddr_t cr3 = PTE_ADDR(read_cr3());
    if (cr3 == kva_to_pa(kernel_vmspace.pml4))
        return &kernel_vmspace;
    spin_lock(&vmspace_list_lock);
    struct vmspace *vm = vmspace_list;
    while (vm && kva_to_pa(vm->pml4) != cr3)
        vm = vm->next;
    spin_unlock(&vmspace_list_lock);
    return vm;
}

int vmspace_map_page(struct vmspace *vm, uintptr_t va, struct page *pg, uint64_t perm)
{
    return pt_map(vm->pml4, va, page_to_pa(pg), perm, vm->id);
}

bool vmspace_unmap_page(struct vmspace *vm, uintptr_t va)
{
    pte_t old = pt_unmap(vm->pml4, va);
    if (!pte_present(old))
        return false;
    page_put(pa_to_page(PTE_ADDR(old)));
    return true;
}
