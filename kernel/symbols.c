/* symbols.c -- kernel symbol lookup from the ELF symbol table GRUB loaded,
 * and frame-pointer backtraces (the kernel is built with frame pointers). */
#include "kernel/kernel.h"
#include "kernel/symbols.h"
#include "kernel/elf.h"
#include "arch/x86_64/multiboot.h"

static const struct elf64_sym *syms;
static size_t nsyms;
static const char *strtab;
static size_t strtab_size;
static paddr_t ranges[2][2];     /* symtab, strtab: [start, end) */

void symbols_init(void)
{
    if (!boot_info.elf_shdrs || boot_info.elf_shentsize < sizeof(struct elf64_shdr))
        return;
    const uint8_t *base = pa_to_kva(boot_info.elf_shdrs);
    for (uint32_t i = 0; i < boot_info.elf_shnum; i++) {
        const struct elf64_shdr *sh = (const void *)(base + i * boot_info.elf_shentsize);
        if (sh->type != SHT_SYMTAB || sh->link >= boot_info.elf_shnum || !sh->addr)
            continue;
        const struct elf64_shdr *st =
            (const void *)(base + sh->link * boot_info.elf_shentsize);
        if (!st->addr)
            continue;
        /* Non-allocated sections: GRUB put them somewhere in low memory and
         * stored their physical address in sh_addr. */
        syms = pa_to_kva(sh->addr);
        nsyms = sh->size / sizeof(struct elf64_sym);
        strtab = pa_to_kva(st->addr);
        strtab_size = st->size;
        ranges[0][0] = sh->addr;
        ranges[0][1] = sh->addr + sh->size;
        ranges[1][0] = st->addr;
        ranges[1][1] = st->addr + st->size;
        return;
    }
}

bool symbols_table_range(int i, paddr_t *start, paddr_t *end)
{
    if (!syms || i < 0 || i > 1)
        return false;
    *start = ranges[i][0];
    *end = ranges[i][1];
    return true;
}

const char *symbols_lookup(uintptr_t addr, uintptr_t *offset)
{
    const struct elf64_sym *best = 0;
    for (size_t i = 0; i < nsyms; i++) {
        const struct elf64_sym *s = &syms[i];
        if ((s->info & 0xf) != STT_FUNC || s->value > addr || s->name >= strtab_size)
            continue;
        if (!best || s->value > best->value)
            best = s;
    }
    if (!best || (best->size && addr >= best->value + best->size))
        return 0;
    *offset = addr - best->value;
    return strtab + best->name;
}

/* Each frame holds [rbp] = caller's rbp, [rbp + 8] = return address. Frames
 * only move up the stack, and stay within one stack's reach, which keeps a
 * corrupt chain from sending the walk into unmapped memory. */
void backtrace_print(uintptr_t rbp)
{
    kprintf("backtrace:\n");
    uintptr_t start = rbp;
    for (int depth = 0; depth < 32; depth++) {
        if (rbp < KERNEL_HALF || (rbp & 7) || rbp < start || rbp - start > 64 * 1024)
            break;
        const uintptr_t *frame = (const uintptr_t *)rbp;
        uintptr_t ret = frame[1];
        if (ret < KERNEL_VMA)
            break;
        uintptr_t off = 0;
        const char *name = symbols_lookup(ret - 1, &off);
        kprintf("  #%d %016lx %s+%#lx\n", depth, ret, name ? name : "?", off + 1);
        rbp = frame[0];
    }
}
