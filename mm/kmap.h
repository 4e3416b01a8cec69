/* kmap.h -- the kernel half of every address space, built once at boot:
 * the direct map of physical memory, the kernel image with per-section
 * permissions, and the region for kernel stacks. */
#ifndef MM_KMAP_H
#define MM_KMAP_H
#include <stdint.h>
#include "arch/x86_64/memlayout.h"
void kmap_init(void);
paddr_t kmap_direct_top(void);        /* end of the direct map */
/* kmap_give_back: the whole pages of the kernel image's data in [start,
 * end) are unmapped there and join the allocator for good (the screen's
 * cell arrays past what the display has: nothing touches them). How many.
 * At boot, before other CPUs run. */
size_t kmap_give_back(void *start, void *end);
#endif
