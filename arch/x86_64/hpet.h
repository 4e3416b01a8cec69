/* hpet.h -- the High Precision Event Timer's main counter, found through
 * the ACPI "HPET" table: a clock of known rate to measure the TSC against
 * (tsc_cal.c). Its comparators and interrupts are not used. */
#ifndef ARCH_X86_64_HPET_H
#define ARCH_X86_64_HPET_H
#include <stdint.h>

/* hpet_init: find, map and start the HPET; NULL on success, else why it
 * cannot be used (asked once, then remembered). */
const char *hpet_init(void);
uint32_t hpet_read(void);            /* the main counter's low 32 bits */
uint32_t hpet_period_fs(void);       /* femtoseconds per count */
#endif
