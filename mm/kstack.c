/* kstack.c -- allocate kernel stacks in their own region. Slot i covers
 * [KSTACK_BASE + i * KSTACK_SLOT, +KSTACK_SLOT): one guard page, then the
 * stack. kstack_lock guards the slot table; the mappings are the kernel
 * page table's, edited under its lock (kernel_vmspace.lock), like any
 * address space's. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"
#include "mm/tlb.h"

#define KSTACK_SLOT ((KSTACK_PAGES + 1) * PAGE_SIZE)
/* Global like the rest of the kernel half: a freed stack is flushed on
 * every CPU (kstack_release), so no CR3 write need drop it. */
#define PTE_KSTACK PTE_KERNEL_RW
#define KSTACK_SLOTS 1024

extern char boot_stack_guard[];

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint8_t used[KSTACK_SLOTS];          /* [kstack_lock] */

static int kstack_take_slot(void)
{
    spin_lock(&kstack_lock);
    int slot = 0;
    while (slot < KSTACK_SLOTS && used[slot])
        slot++;
    if (slot < KSTACK_SLOTS)
        used[slot] = 1;
    spin_unlock(&kstack_lock);
    return slot < KSTACK_SLOTS ? slot : -1;
}

/* Unmap and free a stack's pages: every CPU forgets the old translations
 * before the pages go back (tlb_flush_kernel), since any of them may
 * have used the stack, and the address will be reused with other pages. */
static void kstack_release(uintptr_t base, int npages, int slot)
{
    pte_t old[KSTACK_PAGES];
    spin_lock(&kernel_vmspace.lock);
    for (int i = 0; i < npages; i++)
        old[i] = pt_unmap(kernel_vmspace.pml4, base + i * PAGE_SIZE);
    tlb_flush_kernel(base, npages);
    for (int i = 0; i < npages; i++)
        page_put(pa_to_page(PTE_ADDR(old[i])));
    spin_unlock(&kernel_vmspace.lock);
    spin_lock(&kstack_lock);
    used[slot] = 0;
    spin_unlock(&kstack_lock);
}

uintptr_t kstack_alloc(void)
{
    int slot = kstack_take_slot();
    if (slot < 0)
        return 0;
    uintptr_t base = KSTACK_BASE + slot * KSTACK_SLOT + PAGE_SIZE;
    int mapped = 0;
    spin_lock(&kernel_vmspace.lock);
    for (; mapped < KSTACK_PAGES; mapped++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
        if (pg && pt_map(kernel_vmspace.pml4, base + mapped * PAGE_SIZE, page_to_pa(pg),
                         PTE_KSTACK, PAGE_OWNER_KERNEL) == 0)
            continue;
        if (pg)
            page_put(pg);
        break;
    }
    spin_unlock(&kernel_vmspace.lock);
    if (mapped < KSTACK_PAGES) {
        kstack_release(base, mapped, slot);
        return 0;
    }
    return base + KSTACK_PAGES * PAGE_SIZE;
}

void kstack_free(uintptr_t top)
{
    uintptr_t base = top - KSTACK_PAGES * PAGE_SIZE;
    int slot = (base - KSTACK_BASE) / KSTACK_SLOT;
    assert(slot >= 0 && slot < KSTACK_SLOTS && used[slot]);
    kstack_release(base, KSTACK_PAGES, slot);
}

bool kstack_is_guard(uintptr_t va)
{
    if (PAGE_ALIGN_DOWN(va) == (uintptr_t)boot_stack_guard)
        return true;
    if (va < KSTACK_BASE || va >= KSTACK_BASE + (uintptr_t)KSTACK_SLOTS * KSTACK_SLOT)
        return false;
    return (va - KSTACK_BASE) % KSTACK_SLOT < PAGE_SIZE;
}
