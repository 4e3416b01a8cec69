/* pit.h -- the 8254 PIT, where a machine still has one (pit.c). */
#ifndef ARCH_X86_64_PIT_H
#define ARCH_X86_64_PIT_H
#include <stdint.h>
#include <stdbool.h>
/* pit_present: whether a PIT counts at all, decided by a bounded wait
 * for channel 2 (started by timer_calibrate_begin) to move; asked once,
 * on the boot CPU, then remembered. */
bool pit_present(void);
/* pit_calibrate: the TSC's cycles per microsecond over channel 2's count
 * since timer_calibrate_begin (waiting if that was under 2 ms). Only when
 * pit_present. */
uint64_t pit_calibrate(void);
/* pit_tick_start: channel 0 as a rate generator at hz, on IRQ 0. */
void pit_tick_start(uint32_t hz);
#endif
