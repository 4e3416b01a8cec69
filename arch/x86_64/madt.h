/* madt.h -- what the ACPI MADT ("APIC" table) says about the machine's
 * interrupt hardware: the processors' local APICs, the I/O APICs and how
 * the ISA interrupts 0-15 are wired to them. ACPI 6.5, 5.2.12. */
#ifndef ARCH_X86_64_MADT_H
#define ARCH_X86_64_MADT_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/cpu.h"

#define MADT_MAX_IOAPICS 8

struct madt_ioapic {
    uint32_t id;
    paddr_t pa;              /* its registers */
    uint32_t gsi_base;       /* the first global system interrupt it serves */
};

/* An ISA interrupt's line: the global system interrupt it arrives on and
 * its signal (ISA's own is edge-triggered, active high, unless an
 * interrupt source override says otherwise). */
struct madt_isa_irq {
    uint32_t gsi;
    bool active_low, level;
    bool overridden;         /* an override entry named it */
};

struct madt_info {
    bool found;
    paddr_t lapic_pa;        /* the local APICs' registers (xAPIC mode) */
    bool has_8259;           /* PCAT_COMPAT: legacy PICs to mask */
    int ncpus;               /* enabled processors listed, up to MAX_CPUS */
    int ncpus_ignored;       /* enabled ones past MAX_CPUS */
    uint32_t apic_ids[MAX_CPUS];
    int nioapics;
    struct madt_ioapic ioapics[MADT_MAX_IOAPICS];
    struct madt_isa_irq isa[16];
    int nmi_lint;            /* the local APIC pin the chipset's NMI comes in on (0/1) */
    bool nmi_active_low;
};

extern struct madt_info madt;
/* madt_init: read the MADT once at boot; madt.found says if there was
 * one (without it weensy runs on one CPU with the legacy PIC). */
void madt_init(void);
#endif
