/* clock.h -- time as user programs see it, and the boot-time figure the
 * benchmarks report (docs/performance.md). */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H
#include <stdint.h>
#include <stdbool.h>

/* Linux's clock ids that weensy reads; all count from boot (no real-time
 * clock is read). clock_id_valid: one of them. */
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME  7
bool clock_id_valid(long clock);

/* The TSC at the kernel's first instruction (_start in entry32.asm), handed
 * over by entry64.asm before kmain runs. */
extern uint64_t clock_tsc_entry;

/* clock_first_user: called on every first return to user mode (forkret);
 * the first call prints "bench: boot_to_user", the cycles and nanoseconds
 * from the kernel's first instruction to the first user instruction. */
void clock_first_user(void);
#endif
