/* bootmem.h -- the physical ranges GRUB filled before the kernel ran and
 * that must survive: the multiboot information, the modules (the initial
 * archive of programs) and the ELF sections GRUB loaded for us (symbols). */
#ifndef MM_BOOTMEM_H
#define MM_BOOTMEM_H
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"

struct bootmem_range {
    paddr_t start, end;
    const char *what;
};

void bootmem_init(void);                 /* after multiboot_parse() */
int bootmem_count(void);
const struct bootmem_range *bootmem_range(int i);
bool bootmem_overlaps(paddr_t start, paddr_t end);
#endif
