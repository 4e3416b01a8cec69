/* bootmem.c -- collect the boot-time ranges that page_init() must keep. */
#include "kernel/kernel.h"
#include "kernel/elf.h"
#include "kernel/cmdline.h"
#include "mm/bootmem.h"
#include "arch/x86_64/multiboot.h"

#define BOOTMEM_MAX 64

static struct bootmem_range ranges[BOOTMEM_MAX];
static int nranges;

static void bootmem_add(paddr_t start, paddr_t end, const char *what)
{
    if (end <= start)
        return;
    if (nranges == BOOTMEM_MAX)
        panic("bootmem: more than %d boot ranges", BOOTMEM_MAX);
    ranges[nranges++] = (struct bootmem_range){
        ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE), what
    };
}

/* GRUB loads non-allocated sections (.symtab, .strtab, .shstrtab) somewhere
 * free and records their physical address in sh_addr. */
static void bootmem_add_elf_sections(void)
{
    if (!boot_info.elf_shdrs)
        return;
    const uint8_t *base = pa_to_kva(boot_info.elf_shdrs);
    for (uint32_t i = 0; i < boot_info.elf_shnum; i++) {
        const struct elf64_shdr *sh = (const void *)(base + i * boot_info.elf_shentsize);
        if (!(sh->flags & SHF_ALLOC) && sh->addr && sh->size)
            bootmem_add(sh->addr, sh->addr + sh->size, "ELF section");
    }
}

static void bootmem_collect(void)
{
    nranges = 0;
    bootmem_add(boot_info.mbi_start, boot_info.mbi_end, "multiboot info");
    for (int i = 0; i < boot_info.module_count; i++)
        bootmem_add(boot_info.modules[i].start, boot_info.modules[i].end, "module");
    bootmem_add_elf_sections();
}

/* A free place for size bytes in usable RAM at or above `from` and below
 * 4 GiB (which the boot page tables map), clear of every boot range. */
static paddr_t bootmem_find_high(paddr_t from, size_t size)
{
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t end = MIN(m->base + m->len, 0x100000000UL);
        for (paddr_t s = ALIGN_UP(MAX(m->base, from), PAGE_SIZE); s + size <= end; s += PAGE_SIZE)
            if (!bootmem_overlaps(s, s + size))
                return s;
    }
    return 0;
}

/* With mem=CAP the allocator manages only RAM below CAP, and GRUB loads
 * modules just above the kernel, inside it: the initrd alone would take
 * most of what mem=2M leaves (WeensyOS's picture wants ~400 pages for
 * processes). RAM above the cap is nobody's, so the modules move there,
 * like a ROM, when the machine has it. */
static void bootmem_move_modules(void)
{
    paddr_t cap = cmdline_get_size("mem");
    if (!cap)
        return;
    for (int i = 0; i < boot_info.module_count; i++) {
        struct boot_module *mod = &boot_info.modules[i];
        size_t size = mod->end - mod->start;
        if (mod->start >= cap || size == 0)
            continue;
        paddr_t dst = bootmem_find_high(cap, ALIGN_UP(size, PAGE_SIZE));
        if (!dst)
            continue;
        memmove(pa_to_kva(dst), pa_to_kva(mod->start), size);
        kprintf("bootmem: module %s (%lu KiB) moved to %#lx, above the mem= cap\n", mod->name,
                size >> 10, dst);
        mod->start = dst;
        mod->end = dst + size;
        bootmem_collect();
    }
}

void bootmem_init(void)
{
    bootmem_collect();
    bootmem_move_modules();
}

int bootmem_count(void) { return nranges; }
const struct bootmem_range *bootmem_range(int i) { return &ranges[i]; }

bool bootmem_overlaps(paddr_t start, paddr_t end)
{
    for (int i = 0; i < nranges; i++)
        if (start < ranges[i].end && ranges[i].start < end)
            return true;
    return false;
}
