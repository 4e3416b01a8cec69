/* symbols.h -- name a kernel address, for backtraces. The symbol table is
 * the kernel ELF's own .symtab, which GRUB loads and describes in the
 * multiboot2 ELF-sections tag. */
#ifndef KERNEL_SYMBOLS_H
#define KERNEL_SYMBOLS_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"
void symbols_init(void);
/* symbols_lookup: the function containing addr; NULL if unknown. */
const char *symbols_lookup(uintptr_t addr, uintptr_t *offset);
/* symbols_table_range: the physical pages holding .symtab and .strtab, so
 * the page allocator leaves them alone. Returns false when there are none. */
bool symbols_table_range(int i, paddr_t *start, paddr_t *end);
/* backtrace_print: walk the frame-pointer chain from rbp. */
void backtrace_print(uintptr_t rbp);
#endif
