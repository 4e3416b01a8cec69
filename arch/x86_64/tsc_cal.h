/* tsc_cal.h -- the TSC's rate, measured at boot against CPUID's word,
 * the HPET, the ACPI PM timer or the PIT, in that order (tsc_cal.c;
 * docs/time.md). timer_calibrate_choose is in timer.h. */
#ifndef ARCH_X86_64_TSC_CAL_H
#define ARCH_X86_64_TSC_CAL_H
#include <stdint.h>
/* tsc_cal_end: the TSC's cycles per microsecond, from the source chosen
 * (waiting until the interval is long enough); once, in timer_init. */
uint64_t tsc_cal_end(void);
/* tsc_cal_source: the source's name for the log ("the HPET"). */
const char *tsc_cal_source(void);
/* tsc_cal_again: measure the TSC afresh against the source clocksource=
 * would name (not "pit", which is the boot's only), over at least ns; 0
 * when it is not there. For tests (timer_test.c). */
uint64_t tsc_cal_again(const char *name, uint64_t ns);
#endif
