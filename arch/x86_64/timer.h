#ifndef ARCH_X86_64_TIMER_H
#define ARCH_X86_64_TIMER_H
#include <stdint.h>
/* The periodic tick: the 8254 PIT channel 0 at TIMER_HZ on IRQ 0. */
#define TIMER_HZ 100
/* timer_calibrate_begin: start the TSC calibration (as early in boot as
 * possible); timer_init ends it, so the boot in between is the interval
 * measured and nothing waits for it. */
void timer_calibrate_begin(void);
void timer_init(void);
uint64_t timer_ticks(void);
uint64_t timer_ns(void);             /* nanoseconds since boot, from the TSC */
uint64_t timer_tsc_per_us(void);     /* TSC rate, calibrated against the PIT */
struct trapframe;
/* timer_add_tick_hook: run fn(tf) on every tick, in the timer interrupt
 * (tf: the interrupted context, so a hook can tell user mode from the
 * kernel). Hooks must be short and must not sleep. */
typedef void (*timer_tick_fn)(const struct trapframe *tf);
void timer_add_tick_hook(timer_tick_fn fn);
#endif
