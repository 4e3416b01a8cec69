#ifndef ARCH_X86_64_TIMER_H
#define ARCH_X86_64_TIMER_H
#include <stdint.h>
/* The periodic tick at TIMER_HZ: each CPU's local APIC timer, or the 8254
 * PIT on IRQ 0 without an APIC (the boot log's "timer:" line says which). */
#define TIMER_HZ 100
/* timer_calibrate_begin: start PIT channel 2 counting, at the top of
 * kmain, in case the PIT is the source the TSC is measured against
 * (harmless without a PIT); timer_calibrate_choose: choose that source
 * (tsc_cal.c: CPUID, HPET, PM timer, PIT, or clocksource=), once ACPI's
 * tables are read; timer_init ends the measurement, so the boot in
 * between is the interval measured, and starts the tick. */
void timer_calibrate_begin(void);
void timer_calibrate_choose(void);
void timer_init(void);
/* timer_init_cpu: start this CPU's own tick (an application processor's
 * start-up; the boot CPU's starts in timer_init). */
void timer_init_cpu(void);
/* timer_delay_us: busy-wait us microseconds by the TSC. */
void timer_delay_us(uint64_t us);
uint64_t timer_ticks(void);
uint64_t timer_ns(void);             /* nanoseconds since boot, from the TSC */
uint64_t timer_tsc_per_us(void);     /* TSC rate, measured at boot (tsc_cal.c) */
struct trapframe;
/* timer_add_tick_hook: run fn(tf) once every tick, in the timer interrupt
 * on the boot CPU, which keeps time (tf: the interrupted context, so a
 * hook can tell user mode from the kernel). timer_add_cpu_tick_hook: on
 * every CPU's own tick. Hooks must be short and must not sleep. */
typedef void (*timer_tick_fn)(const struct trapframe *tf);
void timer_add_tick_hook(timer_tick_fn fn);
void timer_add_cpu_tick_hook(timer_tick_fn fn);
#endif
