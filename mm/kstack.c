/* kstack.c -- allocate kernel stacks in their own region. Slot i covers
 * [KSTACK_BASE + i * KSTACK_SLOT, +KSTACK_SLOT): one guard page, then the
 * stack. kstack_lock guards the slot table and the kept stacks. Mapping
 * a slot may build page tables, under the kernel page table's lock
 * (kernel_vmspace.lock), like any address space's; a mapped slot's own
 * entries are its owner's alone, and tables in this region are never
 * freed, so unmapping them needs no lock.
 *
 * A freed stack is kept mapped, two per CPU online, for the next
 * kstack_alloc: a stack whose mapping never changes needs no TLB flush,
 * and with more than one CPU that flush is an NMI to every other CPU --
 * one per process exit, waking idle CPUs, before this cache. Kept stacks'
 * pages count as free (page_nkept): when nothing else is free, the page
 * allocator takes them back (kstack_reclaim), and only then are they
 * unmapped and flushed everywhere, before their pages are reused. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"
#include "mm/tlb.h"
#include "arch/x86_64/cpu.h"

#define KSTACK_SLOT ((KSTACK_PAGES + 1) * PAGE_SIZE)
/* Global like the rest of the kernel half: a released stack is flushed on
 * every CPU (kstack_release), so no CR3 write need drop it. */
#define PTE_KSTACK PTE_KERNEL_RW
#define KSTACK_SLOTS 1024
#define KSTACK_KEEP_PER_CPU 2    /* freed stacks kept mapped, per CPU online (as Linux) */
#define KSTACK_KEEP (KSTACK_KEEP_PER_CPU * MAX_CPUS)

extern char boot_stack_guard[];

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint8_t used[KSTACK_SLOTS];          /* [kstack_lock] */
static int kept[KSTACK_KEEP];               /* [kstack_lock] slots of kept stacks */
static int nkept;                           /* [kstack_lock]; read without it by kstack_nkept */

static uintptr_t kstack_base(int slot) { return KSTACK_BASE + slot * KSTACK_SLOT + PAGE_SIZE; }
static uintptr_t kstack_top(int slot) { return kstack_base(slot) + KSTACK_PAGES * PAGE_SIZE; }

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

/* Unmap and free a stack's first npages pages and give back its slot:
 * every CPU forgets the old translations before the pages go back
 * (tlb_flush_kernel), since any of them may have used the stack, and the
 * address will be reused with other pages. The caller owns the slot. */
static void kstack_release(int slot, int npages)
{
    uintptr_t base = kstack_base(slot);
    pte_t old[KSTACK_PAGES];
    for (int i = 0; i < npages; i++)
        old[i] = pt_unmap(kernel_vmspace.pml4, base + i * PAGE_SIZE);
    tlb_flush_kernel(base, npages);
    for (int i = 0; i < npages; i++)
        page_put(pa_to_page(PTE_ADDR(old[i])));
    spin_lock(&kstack_lock);
    used[slot] = 0;
    spin_unlock(&kstack_lock);
}

/* A kept stack's slot, or -1. */
static int kstack_take_kept(void)
{
    spin_lock(&kstack_lock);
    int slot = nkept > 0 ? kept[--nkept] : -1;
    spin_unlock(&kstack_lock);
    return slot;
}

uintptr_t kstack_alloc(void)
{
    int slot = kstack_take_kept();
    if (slot >= 0)
        return kstack_top(slot);
    slot = kstack_take_slot();
    if (slot < 0)
        return 0;
    uintptr_t base = kstack_base(slot);
    int mapped = 0;
    for (; mapped < KSTACK_PAGES; mapped++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
        if (!pg)
            break;
        spin_lock(&kernel_vmspace.lock);
        int err = pt_map(kernel_vmspace.pml4, base + mapped * PAGE_SIZE, page_to_pa(pg), PTE_KSTACK,
                         PAGE_OWNER_KERNEL);
        spin_unlock(&kernel_vmspace.lock);
        if (err) {
            page_put(pg);
            break;
        }
    }
    if (mapped < KSTACK_PAGES) {
        kstack_release(slot, mapped);
        return 0;
    }
    return kstack_top(slot);
}

void kstack_free(uintptr_t top)
{
    uintptr_t base = top - KSTACK_PAGES * PAGE_SIZE;
    int slot = (base - KSTACK_BASE) / KSTACK_SLOT;
    assert(slot >= 0 && slot < KSTACK_SLOTS && used[slot] && kstack_top(slot) == top);
    spin_lock(&kstack_lock);
    /* Per CPU: a fork on each at once finds one; and on a small machine
     * (mem=2M, one CPU, the viewer's picture) few pages stay kernel's. */
    bool keep = nkept < KSTACK_KEEP_PER_CPU * __atomic_load_n(&ncpus, __ATOMIC_RELAXED);
    if (keep)
        kept[nkept++] = slot;
    spin_unlock(&kstack_lock);
    if (!keep)
        kstack_release(slot, KSTACK_PAGES);
}

size_t kstack_nkept(void)
{
    return (size_t)__atomic_load_n(&nkept, __ATOMIC_RELAXED) * KSTACK_PAGES;
}

bool kstack_reclaim(void)
{
    int slot = kstack_take_kept();
    if (slot < 0)
        return false;
    kstack_release(slot, KSTACK_PAGES);
    return true;
}

bool kstack_is_guard(uintptr_t va)
{
    if (PAGE_ALIGN_DOWN(va) == (uintptr_t)boot_stack_guard)
        return true;
    if (va < KSTACK_BASE || va >= KSTACK_BASE + (uintptr_t)KSTACK_SLOTS * KSTACK_SLOT)
        return false;
    return (va - KSTACK_BASE) % KSTACK_SLOT < PAGE_SIZE;
}
