/* aslr.h -- where exec puts a new program: its stack's top, the top of its
 * mmap range and, for a static PIE program, the base of its image.
 *
 * Randomized (address-space layout randomization, as Linux does it) for a
 * Linux program unless the command line says `norandmaps`; fixed for
 * weensy's own programs, whose ELF carries PT_WEENSY_FIXED (userland/user.ld):
 * their tests, the memory viewer's and memdump's, and the teaching that
 * goes with them know the addresses (docs/memory-layout.md). The ranges are
 * arch/x86_64/memlayout.h's USER_*_RAND; the offsets come from
 * kernel/random.h, afresh at each exec (fork keeps its parent's layout).
 */
#ifndef PROC_ASLR_H
#define PROC_ASLR_H
#include <stdint.h>
#include <stdbool.h>
#include "proc/elf.h"

struct exec_layout {
    uintptr_t base;              /* added to every address of a PIE image (0 for ET_EXEC) */
    uintptr_t stack_top;
    uintptr_t mmap_top;
};

/* aslr_enabled: randomization is on (no `norandmaps` on the command line). */
bool aslr_enabled(void);
/* aslr_layout: the layout for a new image of img; norandom: fixed even
 * for a program that would be placed at random (aslr_off_for). */
void aslr_layout(const struct elf_image *img, bool norandom, struct exec_layout *out);
/* aslr_off_for: p's personality has ADDR_NO_RANDOMIZE. */
#define ADDR_NO_RANDOMIZE 0x0040000
struct proc;
bool aslr_off_for(struct proc *p);
#endif
