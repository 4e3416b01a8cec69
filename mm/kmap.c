/* kmap.c -- build the kernel page table and switch to it, leaving the boot
 * tables (which mapped everything writable and executable) behind.
 *
 *  direct map   DIRECT_MAP + [0, top)   2 MiB pages  RW, NX, global
 *  .text        -2 GiB + ...            4 KiB pages  RX, global
 *  .rodata      ...                     4 KiB pages  R, NX
 *  .data .bss   ...                     4 KiB pages  RW, NX (boot stack guard unmapped)
 *  kernel stacks KSTACK_BASE            4 KiB pages  RW, NX, guard pages unmapped
 * Nothing in the lower half: page 0 and all user addresses fault.
 */
#include "kernel/kernel.h"
#include "mm/kmap.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/vmspace.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[], boot_stack_guard[];

#define LARGE_PAGE (2UL << 20)

static paddr_t direct_top;

paddr_t kmap_direct_top(void) { return direct_top; }

/* The direct map covers the first 4 GiB (firmware, MMIO, framebuffer) and
 * all RAM above it. Reserved ranges far above RAM (QEMU reports one at
 * 1 TiB) are left out: mapping them would cost hundreds of table pages. */
static paddr_t kmap_direct_map_end(void)
{
    paddr_t top = 0x100000000UL;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE || m->type == BOOT_MEM_ACPI_RECLAIM || m->type == BOOT_MEM_ACPI_NVS)
            top = MAX(top, m->base + m->len);
    }
    if (boot_info.has_fb)
        top = MAX(top, boot_info.fb.addr + (uint64_t)boot_info.fb.pitch * boot_info.fb.height);
    top = ALIGN_UP(top, LARGE_PAGE);
    if (top > DIRECT_MAP_MAX)
        panic("kmap: %lu GiB of physical address space is more than the direct map holds", top >> 30);
    return top;
}

static void kmap_direct(pagetable_t pml4)
{
    direct_top = kmap_direct_map_end();
    for (paddr_t pa = 0; pa < direct_top; pa += LARGE_PAGE) {
        pte_t *slot = pt_walk(pml4, DIRECT_MAP + pa, 1, PAGE_OWNER_KERNEL, 0);
        if (!slot)
            panic("kmap: out of memory building the direct map (at %#lx, %lu free)", pa, page_nfree());
        *slot = pa | PTE_P | PTE_W | PTE_PS | PTE_G | pte_nx;
    }
}

static void kmap_range(pagetable_t pml4, const char *start, const char *end, uint64_t perm)
{
    for (uintptr_t va = PAGE_ALIGN_DOWN(start); va < (uintptr_t)end; va += PAGE_SIZE) {
        if (va == (uintptr_t)boot_stack_guard)
            continue;      /* left unmapped: a boot stack overflow faults */
        if (pt_map(pml4, va, kva_to_pa((void *)va), perm, PAGE_OWNER_KERNEL) < 0)
            panic("kmap: out of memory mapping the kernel image");
    }
}

/* Every top-level entry of the kernel half that will ever exist is made
 * now, so address spaces created later share all kernel mappings by
 * copying those entries once. The tables under the first 2 MiB of kernel
 * stacks (102 stacks) are made too: kernel tables are never freed, so
 * otherwise the first stack ever allocated would keep two pages and break
 * every "free count back to baseline" leak check that creates one. */
static void kmap_fix_top_level(pagetable_t pml4)
{
    if (!pt_walk(pml4, KSTACK_BASE, 0, PAGE_OWNER_KERNEL, 0))
        panic("kmap: out of memory");
}

size_t kmap_give_back(void *start, void *end)
{
    uintptr_t va = PAGE_ALIGN_UP((uintptr_t)start), stop = PAGE_ALIGN_DOWN((uintptr_t)end);
    size_t n = 0;
    /* Only before the other CPUs start (kernel/main.c, dev/dev.c): the
     * image's entries are global, and pt_unmap flushes this CPU's TLB
     * alone, so another CPU could keep reaching a page given away. */
    assert(__atomic_load_n(&ncpus, __ATOMIC_ACQUIRE) == 1);
    for (; va < stop; va += PAGE_SIZE, n++) {
        assert(va >= (uintptr_t)__text_start && va < (uintptr_t)__kernel_end);
        pte_t old = pt_unmap(kernel_vmspace.pml4, va);
        assert(old & PTE_P);
        /* Cleared whole: under QEMU's TCG a page that still holds
         * translated code (a driver's probe ran from it) takes every
         * write through the slow path that looks for code to throw away,
         * and one such page became init's kernel stack: every system
         * call of init ran 30 times slower (getpid 5.6 us, not 0.19).
         * Writing every byte drops all its translations at once. */
        mem_zero_page(pa_to_kva(PTE_ADDR(old)));
        page_adopt(pa_to_page(PTE_ADDR(old)));
    }
    return n;
}

void kmap_init(void)
{
    pte_nx = cpu_has_nx() ? PTE_NX : 0;
    struct page *pg = page_alloc(PAGE_PAGETABLE, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg)
        panic("kmap: no memory for the kernel page table");
    pagetable_t pml4 = page_kva(pg);
    kmap_direct(pml4);
    kmap_range(pml4, __text_start, __text_end, PTE_KERNEL_RX);
    kmap_range(pml4, __rodata_start, __rodata_end, PTE_KERNEL_RO);
    kmap_range(pml4, __data_start, __kernel_end, PTE_KERNEL_RW);
    kmap_fix_top_level(pml4);
    kernel_vmspace.pml4 = pml4;
    write_cr4(read_cr4() | CR4_PGE);
    write_cr3(kva_to_pa(pml4));
}
