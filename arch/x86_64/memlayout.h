/*
 * memlayout.h -- the one place that defines weensy's address map.
 * docs/memory-layout.md repeats this table; keep them in step.
 *
 *  virtual address                      what                               PML4 slot
 *  0x0000000000000000 - 0x0000000000000fff  never mapped (NULL faults)         0
 *  0x0000000000001000 - USER_TOP             user half: programs, heap, stack   0..255
 *  0xffff800000000000 - +phys_top            direct map of all physical memory  256..
 *  0xffffff0000000000 - +1 GiB               kernel stacks, each with a guard   510
 *  0xffffff0040000000 - +1 GiB               device registers (kmap_mmio)       510
 *  0xffffffff80000000 - end                  kernel image (linked here)         511
 *
 *  physical: the kernel image is loaded at 1 MiB (KERNEL_PHYS); the first MiB
 *  (BIOS data, VGA memory, option ROMs) is never handed out.
 */
#ifndef ARCH_X86_64_MEMLAYOUT_H
#define ARCH_X86_64_MEMLAYOUT_H

#define PAGE_SIZE      0x1000UL
#define PAGE_SHIFT     12

#define KERNEL_PHYS    0x100000UL
#define KERNEL_VMA     0xffffffff80000000UL
#define DIRECT_MAP     0xffff800000000000UL
#define DIRECT_MAP_MAX 0x0000100000000000UL   /* 16 TiB of physical memory at most */
#define KSTACK_BASE    0xffffff0000000000UL
#define KSTACK_LIMIT   0xffffff0040000000UL
#define MMIO_BASE      0xffffff0040000000UL   /* device registers, uncached */
#define MMIO_LIMIT     0xffffff0080000000UL
#define KERNEL_HALF    0xffff800000000000UL

/* The user half ends one page below the canonical hole, so that no user
 * instruction can end at the hole (sysret to a non-canonical rip faults in
 * ring 0 on Intel CPUs). */
#define USER_BASE      0x0000000000001000UL
#define USER_TOP       0x00007ffffffff000UL
#define USER_STACK_TOP USER_TOP
#define USER_TEXT_BASE 0x0000000000400000UL
/* The stack: an area of USER_STACK_MAX below USER_STACK_TOP that fills in
 * on demand; USER_STACK_PAGES of it (the arguments) are mapped at exec. No
 * program segment may lie there. */
#define USER_STACK_PAGES 1
#define USER_STACK_MAX   0x0000000000800000UL   /* 8 MiB */
#define USER_STACK_LIMIT (USER_STACK_TOP - USER_STACK_MAX)
/* Below the stack's limit: a gap mmap never fills, so running off the end
 * of the stack faults (and is reported as a stack overflow). mmap places
 * areas top-down from USER_MMAP_TOP. */
#define USER_STACK_GAP   0x0000000000100000UL   /* 1 MiB */
#define USER_MMAP_TOP    (USER_STACK_LIMIT - USER_STACK_GAP)
/* Address-space layout randomization (proc/aslr.h, docs/memory-layout.md):
 * per exec, a Linux program's stack top comes down by a random number of
 * pages below USER_STACK_RAND (its 8 MiB reach and the gap under it come
 * down with it), the top of its mmap range by another below
 * USER_MMAP_RAND, and a static PIE program's image goes at USER_PIE_BASE
 * plus a random number of pages below USER_PIE_RAND. With `norandmaps`,
 * or for weensy's own programs (PT_WEENSY_FIXED), every offset is 0: the
 * stack tops at USER_STACK_TOP, mmap at USER_MMAP_TOP, PIE images at
 * USER_PIE_BASE (Linux's ELF_ET_DYN_BASE, page-aligned). A PIE image
 * spans at most USER_PIE_SPAN from its base. */
#define USER_STACK_RAND  0x0000000001000000UL   /* 16 MiB */
#define USER_MMAP_RAND   0x0000000040000000UL   /* 1 GiB */
#define USER_PIE_BASE    0x0000555555554000UL
#define USER_PIE_RAND    0x0000000100000000UL   /* 4 GiB */
#define USER_PIE_SPAN    0x0000000100000000UL   /* 4 GiB */

#define KSTACK_PAGES   4                      /* 16 KiB per kernel stack */

#define PAGE_ALIGN_DOWN(x) ((uintptr_t)(x) & ~0xfffUL)
#define PAGE_ALIGN_UP(x)   (((uintptr_t)(x) + 0xfffUL) & ~0xfffUL)
#define PAGE_ALIGNED(x)    (((uintptr_t)(x) & 0xfffUL) == 0)

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint64_t paddr_t;

static inline void *pa_to_kva(paddr_t pa) { return (void *)(pa + DIRECT_MAP); }
/* kva_to_pa: for direct-map and kernel-image addresses only (a kernel
 * stack address has no fixed physical address: use pt_lookup). */
static inline paddr_t kva_to_pa(const void *va)
{
    uintptr_t v = (uintptr_t)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP;
}
#endif
#endif
