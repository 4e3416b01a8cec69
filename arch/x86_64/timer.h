#ifndef ARCH_X86_64_TIMER_H
#define ARCH_X86_64_TIMER_H
#include <stdint.h>
/* The periodic tick: the 8254 PIT channel 0 at TIMER_HZ on IRQ 0. */
#define TIMER_HZ 100
void timer_init(void);
uint64_t timer_ticks(void);
uint64_t timer_ns(void);             /* nanoseconds since boot, from the TSC */
uint64_t timer_tsc_per_us(void);     /* TSC rate, calibrated against the PIT */
/* timer_add_tick_hook: run fn on every tick, in the timer interrupt
 * (interrupts off: keep it short and never spin on a lock). Up to 4. */
void timer_add_tick_hook(void (*fn)(void));
#endif
