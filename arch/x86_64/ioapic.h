/* ioapic.h -- the I/O APICs: where device interrupts enter and which CPU
 * (and vector) each is sent to. */
#ifndef ARCH_X86_64_IOAPIC_H
#define ARCH_X86_64_IOAPIC_H
#include <stdint.h>
#include <stdbool.h>
/* ioapic_init: every input masked (from the MADT's list). */
void ioapic_init(void);
/* ioapic_route_isa: deliver ISA interrupt irq (0-15, through the MADT's
 * overrides) as vector to the CPU with apic_id, and unmask it. False if
 * no I/O APIC serves it. */
bool ioapic_route_isa(int irq, uint8_t vector, uint32_t apic_id);
/* ioapic_route_gsi: the same for any GSI with the signal given (a PCI
 * interrupt pin: level-triggered, usually active low; acpi_prt.h). */
bool ioapic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id, bool level, bool active_low);
#endif
