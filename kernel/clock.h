/* clock.h -- time as user programs see it, and the boot-time figure the
 * benchmarks report (docs/performance.md). */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H
#include <stdint.h>

/* The TSC at the kernel's first instruction (_start in entry32.asm), handed
 * over by entry64.asm before kmain runs. */
extern uint64_t clock_tsc_entry;

/* clock_first_user: called on every first return to user mode (forkret);
 * the first call prints "bench: boot_to_user", the cycles and nanoseconds
 * from the kernel's first instruction to the first user instruction. */
void clock_first_user(void);
#endif
