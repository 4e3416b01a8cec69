/* bootmem.c -- collect the boot-time ranges that page_init() must keep. */
#include "kernel/kernel.h"
#include "kernel/elf.h"
#include "kernel/cmdline.h"
#include "mm/bootmem.h"
#include "arch/x86_64/multiboot.h"

#define BOOTMEM_MAX 64
#define BOOTMEM_KEPT_MAX 4

extern char __kernel_phys_start[], __kernel_end[];

static struct bootmem_range ranges[BOOTMEM_MAX];
static int nranges;
static struct bootmem_range kept[BOOTMEM_KEPT_MAX];   /* bootmem_reserve's */
static int nkept;

static void bootmem_add(paddr_t start, paddr_t end, const char *what)
{
    if (end <= start)
        return;
    if (nranges == BOOTMEM_MAX)
        panic("bootmem: more than %d boot ranges", BOOTMEM_MAX);
    ranges[nranges++] = (struct bootmem_range){
        ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE), what, false
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
    for (int i = 0; i < nkept; i++) {
        if (nranges == BOOTMEM_MAX)
            panic("bootmem: more than %d boot ranges", BOOTMEM_MAX);
        ranges[nranges++] = kept[i];
    }
}

static bool bootmem_clear(paddr_t s, paddr_t e)
{
    paddr_t k0 = (paddr_t)__kernel_phys_start, k1 = kva_to_pa(__kernel_end);
    return !bootmem_overlaps(s, e) && (e <= k0 || s >= k1);
}

/* A free place for size bytes in usable RAM in [from, below) and under
 * 4 GiB (which the boot page tables map), past the first MiB, clear of the
 * kernel image and every boot range. */
static paddr_t bootmem_find(paddr_t from, paddr_t below, size_t size)
{
    below = MIN(below, 0x100000000UL);
    from = MAX(from, (paddr_t)0x100000);
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t end = MIN(m->base + m->len, below);
        for (paddr_t s = ALIGN_UP(MAX(m->base, from), PAGE_SIZE); s + size <= end; s += PAGE_SIZE)
            if (bootmem_clear(s, s + size))
                return s;
    }
    return 0;
}

static paddr_t bootmem_find_high(paddr_t from, size_t size)
{
    return bootmem_find(from, 0x100000000UL, size);
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

paddr_t bootmem_reserve(size_t size, const char *what)
{
    if (nkept == BOOTMEM_KEPT_MAX || size == 0)
        return 0;
    bootmem_collect();                /* may run before bootmem_init */
    size = ALIGN_UP(size, PAGE_SIZE);
    paddr_t cap = cmdline_get_size("mem");
    paddr_t pa = cap ? bootmem_find_high(cap, size) : 0;
    if (!pa)
        pa = bootmem_find(kva_to_pa(__kernel_end), cap ? cap : 0x100000000UL, size);
    if (!pa)
        return 0;
    kept[nkept++] = (struct bootmem_range){ pa, pa + size, what, true };
    bootmem_collect();
    return pa;
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
