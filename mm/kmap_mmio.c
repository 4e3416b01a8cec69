/* kmap_mmio.c -- map device registers (PCI BARs) into MMIO_BASE ..
 * MMIO_LIMIT, 4 KiB pages with caching off (PCD|PWT: uncached in the
 * default PAT), whatever the firmware's MTRRs say and wherever the BAR
 * is, even above the direct map (OVMF puts 64-bit BARs high). The direct
 * map's write-back pages must not be used for registers: reads could be
 * served from the cache and writes combined or delayed.
 *
 * The region shares the kernel stacks' top-level entry, made at boot, so
 * every address space sees a new mapping at once; its tables are built
 * under kernel_vmspace.lock. Addresses are handed out once and never
 * reused, so no TLB holds a stale entry for them. */
#include "kernel/kernel.h"
#include "mm/kmap_mmio.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"

#define PTE_KERNEL_MMIO (PTE_KERNEL_RW | PTE_PCD | PTE_PWT)

static uintptr_t mmio_next = MMIO_BASE;     /* guarded by kernel_vmspace.lock */

void *kmap_mmio(paddr_t pa, size_t len)
{
    paddr_t first = PAGE_ALIGN_DOWN(pa);
    size_t npages = (PAGE_ALIGN_UP(pa + len) - first) / PAGE_SIZE;
    void *ret = NULL;
    spin_lock(&kernel_vmspace.lock);
    uintptr_t va = mmio_next;
    if (len > 0 && npages <= (MMIO_LIMIT - va) / PAGE_SIZE) {
        size_t i = 0;
        for (; i < npages; i++)
            if (pt_map(kernel_vmspace.pml4, va + i * PAGE_SIZE, first + i * PAGE_SIZE, PTE_KERNEL_MMIO,
                       PAGE_OWNER_KERNEL) < 0)
                break;
        /* On failure the pages mapped so far stay, unused: the region is
         * only ever bumped, and this happens only when boot is out of
         * memory. */
        mmio_next = va + npages * PAGE_SIZE;
        if (i == npages)
            ret = (void *)(va + (pa - first));
    }
    spin_unlock(&kernel_vmspace.lock);
    return ret;
}
