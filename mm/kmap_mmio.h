/* kmap_mmio.h -- device registers in the kernel's address space. */
#ifndef MM_KMAP_MMIO_H
#define MM_KMAP_MMIO_H
#include <stddef.h>
#include "arch/x86_64/memlayout.h"
/* kmap_mmio: map the physical range [pa, pa + len) uncached, readable and
 * writable by the kernel only, and return the kernel address of pa; NULL
 * when the region or memory for page tables runs out. Mappings last for
 * ever (drivers are never unloaded). */
void *kmap_mmio(paddr_t pa, size_t len);
#endif
