/* bootmem.c -- collect the boot-time ranges that page_init() must keep. */
#include "kernel/kernel.h"
#include "kernel/elf.h"
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

void bootmem_init(void)
{
    bootmem_add(boot_info.mbi_start, boot_info.mbi_end, "multiboot info");
    for (int i = 0; i < boot_info.module_count; i++)
        bootmem_add(boot_info.modules[i].start, boot_info.modules[i].end, "module");
    bootmem_add_elf_sections();
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
