/* kmap.h -- the kernel half of every address space, built once at boot:
 * the direct map of physical memory, the kernel image with per-section
 * permissions, and the region for kernel stacks. */
#ifndef MM_KMAP_H
#define MM_KMAP_H
#include <stdint.h>
#include "arch/x86_64/memlayout.h"
void kmap_init(void);
paddr_t kmap_direct_top(void);        /* end of the direct map */
/* kmap_give_back: the whole pages of the kernel image in [start, end) are
 * unmapped there, cleared, and join the allocator for good (code this
 * boot will not run again: the in-kernel tests' when none runs, the disk
 * and USB drivers' when there is no such device, the log's on a small
 * machine). How many. At boot, before other CPUs run. */
size_t kmap_give_back(void *start, void *end);
#endif
