/* lapic.h -- each CPU's local APIC: its identity, end-of-interrupt, the
 * interrupts CPUs send each other (IPIs), and the per-CPU timer. x2APIC
 * mode (registers as MSRs) where the CPU offers it, else xAPIC (MMIO). */
#ifndef ARCH_X86_64_LAPIC_H
#define ARCH_X86_64_LAPIC_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"

/* lapic_init_bsp: choose the mode and enable the boot CPU's APIC;
 * lapic_init_ap: the same mode on another CPU, from its own start-up. */
void lapic_init_bsp(paddr_t mmio_pa);
void lapic_init_ap(void);
bool lapic_ready(void);
bool lapic_x2apic(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

/* IPIs to one CPU by APIC ID: a fixed vector, an NMI, and the INIT and
 * STARTUP messages that start an application processor. */
void lapic_send(uint32_t apic_id, uint8_t vector);
void lapic_send_nmi(uint32_t apic_id);
void lapic_send_init(uint32_t apic_id);
void lapic_send_startup(uint32_t apic_id, uint8_t page);

/* lapic_timer_calibrate_begin: start the boot CPU's timer counting, as
 * early in kmain as the TSC calibration starts; lapic_timer_calibrate: its
 * rate against the TSC, over the boot since (once, after the TSC's own
 * calibration); lapic_timer_start: this CPU's periodic tick at hz on
 * vector. */
void lapic_timer_calibrate_begin(void);
void lapic_timer_calibrate(void);
uint64_t lapic_timer_khz(void);          /* its measured rate (divided by 16) */
void lapic_timer_start(uint32_t hz, uint8_t vector);
#endif
