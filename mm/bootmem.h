/* bootmem.h -- the physical ranges GRUB filled before the kernel ran and
 * that must survive: the multiboot information, the modules (the initial
 * archive of programs) and the ELF sections GRUB loaded for us (symbols);
 * and what the kernel takes for itself before the page allocator exists
 * (bootmem_reserve: the screen's cells, sized from the display's mode). */
#ifndef MM_BOOTMEM_H
#define MM_BOOTMEM_H
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"

struct bootmem_range {
    paddr_t start, end;
    const char *what;
    bool kernel;             /* bootmem_reserve's: the kernel's for good */
};

void bootmem_init(void);                 /* after multiboot_parse() */
/* bootmem_reserve: `size` bytes (rounded up to pages) of usable RAM below
 * 4 GiB, clear of the kernel image and every boot range, for the kernel
 * for good; 0 if there is no room. Callable before bootmem_init (after
 * multiboot_parse and cmdline_init): the screen sizes its cells from the
 * mode before memory is set up. With mem=CAP it takes RAM above the cap
 * when the machine has some there (nobody's, as for the modules), so a
 * large screen costs the managed pages nothing. Boot CPU, at boot only. */
paddr_t bootmem_reserve(size_t size, const char *what);
int bootmem_count(void);
const struct bootmem_range *bootmem_range(int i);
bool bootmem_overlaps(paddr_t start, paddr_t end);
#endif
