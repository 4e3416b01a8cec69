/* irq.h -- device interrupts and the interrupts CPUs send each other.
 *
 * ISA interrupts 0-15 arrive on vectors IRQ_BASE + irq, through the I/O
 * APIC to the boot CPU when the MADT describes one (irq_apic()), else
 * through the legacy 8259 PICs. Either way each CPU's timer tick is
 * vector IRQ_BASE + IRQ_TIMER: the local APIC timer, or the PIT. */
#ifndef ARCH_X86_64_IRQ_H
#define ARCH_X86_64_IRQ_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/trap.h"

/* Vectors of the interrupts CPUs send each other (arch/x86_64/ipi.c). */
#define T_IPI_RESCHED 0xf0      /* look at the run queue now */
#define T_IPI_CALL    0xf1      /* run the function another CPU posted */
#define T_IPI_PAUSE   0xf2      /* wait until released (kernel/pause.c) */

/* Vectors handed to devices that send messages (PCI MSI-X) straight to a
 * local APIC, bypassing the I/O APIC (irq_alloc_vector). */
#define T_MSI_FIRST 0x40
#define T_MSI_LAST  0xdf

/* irq_init: pick the interrupt controllers (the `noapic` command line
 * forces the PICs, and with them one CPU) and mask every device. */
void irq_init(void);
bool irq_apic(void);
/* irq_register: fn handles ISA interrupt irq, which is unmasked. */
void irq_register(int irq, irq_handler_t fn);
/* irq_set_handler: the same without touching the controller (the tick,
 * which comes from each CPU's own timer in APIC mode). */
void irq_set_handler(int irq, irq_handler_t fn);
/* irq_set_local: fn handles a vector this CPU's local APIC delivers
 * (IPIs; T_IPI_*). */
void irq_set_local(uint8_t vector, irq_handler_t fn);
/* irq_alloc_vector: a vector of its own for fn, for a device that
 * signals by message (MSI-X, MSI), or for a PCI INTx line's GSI
 * (dev/pci_intx.c); -1 when none is left. fn runs with
 * interrupts off on the CPU the message names; the end of interrupt is
 * sent after it returns. */
int irq_alloc_vector(irq_handler_t fn);
/* irq_msi_address, irq_msi_data: the message that raises vector on the
 * CPU cpus[cpu] (fixed delivery, edge, physical destination). */
uint64_t irq_msi_address(int cpu);
uint32_t irq_msi_data(uint8_t vector);
/* irq_send_ipi: send vector to the CPU cpus[cpu]. */
void irq_send_ipi(int cpu, uint8_t vector);
/* irq_send_nmi: an NMI to cpus[cpu] (taken even with interrupts off). */
void irq_send_nmi(int cpu);
/* irq_dispatch: from trap(), for vectors IRQ_BASE.. and the IPI vectors. */
void irq_dispatch(struct trapframe *tf);
#endif
