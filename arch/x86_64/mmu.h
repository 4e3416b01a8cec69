/* mmu.h -- x86-64 page-table entry format and index arithmetic.
 *
 * A 48-bit virtual address splits into four 9-bit indexes and an offset:
 *   47    39 38    30 29    21 20    12 11         0
 *  | PML4   | PDPT   | PD     | PT     |  offset     |
 *  level 3   level 2  level 1  level 0
 * PT_INDEX(level, va) is the only place that does this arithmetic.
 *
 * Software bits (ignored by the MMU): PTE_COW marks a page shared
 * copy-on-write; PTE_SHARED a page deliberately shared (shm, MAP_SHARED).
 * A non-present entry with PTE_SWAPPED set holds a swap slot number in bits
 * 12..51 instead of a physical address (mm/swap, a later issue).
 */
#ifndef ARCH_X86_64_MMU_H
#define ARCH_X86_64_MMU_H
#include <stdint.h>
#include "arch/x86_64/memlayout.h"

typedef uint64_t pte_t;

#define PTE_P       (1UL << 0)
#define PTE_W       (1UL << 1)
#define PTE_U       (1UL << 2)
#define PTE_PWT     (1UL << 3)
#define PTE_PCD     (1UL << 4)
#define PTE_A       (1UL << 5)
#define PTE_D       (1UL << 6)
#define PTE_PS      (1UL << 7)
#define PTE_G       (1UL << 8)
#define PTE_COW     (1UL << 9)
#define PTE_SHARED  (1UL << 10)
#define PTE_SWAPPED (1UL << 11)
#define PTE_NX      (1UL << 63)

#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PTE_ADDR(pte) ((pte) & PTE_ADDR_MASK)
#define PTE_FLAGS(pte) ((pte) & ~PTE_ADDR_MASK)
#define PTE_SWAP_SLOT(pte) (((pte) & PTE_ADDR_MASK) >> 12)

#define PT_LEVELS   4
#define PT_ENTRIES  512
#define PT_SHIFT(level) (12 + 9 * (level))
#define PT_INDEX(level, va) (((uintptr_t)(va) >> PT_SHIFT(level)) & 0x1ff)
#define PT_SPAN(level) (1UL << PT_SHIFT(level))   /* bytes one entry covers */

/* Page-fault error code bits (Intel SDM vol. 3, 4.7) */
#define PFE_P    (1U << 0)
#define PFE_W    (1U << 1)
#define PFE_U    (1U << 2)
#define PFE_RSVD (1U << 3)
#define PFE_I    (1U << 4)
#define PFE_PK   (1U << 5)
#endif
