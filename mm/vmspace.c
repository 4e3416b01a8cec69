/* vmspace.c -- create, destroy and switch address spaces. */
#include "kernel/kernel.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/cpu.h"
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
    push_off();
    paddr_t pa = kva_to_pa(vm->pml4);
    if (PTE_ADDR(read_cr3()) != pa)
        write_cr3(pa);
    mycpu()->vm = vm;
    pop_off();
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

/* vmspace_copy: give the empty space dst a copy of src's user half, as
 * fork needs: writable pages are copied, read-only ones (program text and
 * constants) shared with one more reference. -ENOMEM leaves dst with
 * whatever was copied so far; the caller destroys it. dst is new and
 * private to the caller, so taking its lock inside src's cannot deadlock. */
int vmspace_copy(struct vmspace *dst, struct vmspace *src)
{
    int err = 0;
    spin_lock(&src->lock);
    spin_lock(&dst->lock);
    struct pt_iter it;
    for (pt_iter_init(&it, src->pml4, 0, USER_TOP); pt_iter_next(&it);) {
        pte_t e = *it.pte;
        if (!pte_present(e))
            continue;
        struct page *pg = pa_to_page(PTE_ADDR(e));
        if (e & PTE_W) {
            struct page *copy = page_alloc(PAGE_USER, dst->id, 0);
            if (!copy) {
                err = -ENOMEM;
                break;
            }
            mem_copy_page(page_kva(copy), page_kva(pg));
            pg = copy;
        } else {
            page_ref(pg);
        }
        err = vmspace_map_page(dst, it.va, pg, PTE_FLAGS(e) & ~(PTE_A | PTE_D));
        if (err) {
            page_put(pg);
            break;
        }
    }
    spin_unlock(&dst->lock);
    spin_unlock(&src->lock);
    return err;
}
