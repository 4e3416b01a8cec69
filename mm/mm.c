/* mm.c -- memory system start-up: physical pages, then the kernel page
 * table, then a first self-check. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "mm/mm.h"
#include "mm/tlb.h"
#include "mm/bootmem.h"
#include "mm/page.h"
#include "mm/kmap.h"
#include "mm/kstack.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/cpu.h"

/* Tally, over the pages the memory map calls usable (below the cap), what
 * each became; tests compare this with the -m size QEMU was given. Past
 * the records' frontier (mm/page_init.c) a usable page is free, or one of
 * the records' own pages, which are the kernel's. */
static void mm_report(void)
{
    size_t usable = 0, beyond = 0, by_kind[PAGE_KIND_COUNT] = { 0 };
    size_t ready = page_nrecords(), top = page_top() >> PAGE_SHIFT;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        size_t first = ALIGN_UP(m->base, PAGE_SIZE) >> PAGE_SHIFT;
        size_t last = MIN((m->base + m->len) >> PAGE_SHIFT, top);
        for (size_t pfn = first; pfn < MIN(last, ready); pfn++)
            by_kind[page_records[pfn].kind]++;
        usable += last > first ? last - first : 0;
        beyond += last > MAX(first, ready) ? last - MAX(first, ready) : 0;
    }
    by_kind[PAGE_KERNEL] += beyond - page_ndeferred();
    kprintf("mm: map offers %lu usable pages below %lu MiB%s; kept back: first MiB %lu, kernel %lu, boot data %lu, console %lu\n",
            usable, page_top() >> 20, cmdline_has("mem") ? " (mem= cap)" : "",
            by_kind[PAGE_RESERVED], by_kind[PAGE_KERNEL],
            by_kind[PAGE_BOOT], by_kind[PAGE_CONSOLE]);
    kprintf("mm: managed %lu pages (%lu KiB), %lu free; NX %s, SMEP %s, SMAP %s\n",
            page_nmanaged(), page_nmanaged() * 4, page_nfree(), cpu_has_nx() ? "on" : "absent",
            cpu_has_smep() ? "on" : "absent", cpu_has_smap() ? "on" : "absent");
}

void mm_init(void)
{
    bootmem_init();
    page_init();
    page_set_reclaimer(kstack_nkept, kstack_reclaim);   /* freed kernel stacks kept mapped */
    mm_report();            /* before anything is allocated */
    kmap_init();
    tlb_init();
    mm_check("boot");
    kprintf("mm: mm_check passed at boot\n");
    failalloc_init();
}
