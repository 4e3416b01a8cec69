/* acpi_prt.h -- which I/O APIC input a PCI interrupt pin on bus 0 is
 * wired to, from the root bridge's _PRT in the ACPI tables (ACPI 6.5,
 * 6.2.13), read without an AML interpreter (docs/drivers.md,
 * "Interrupts"). */
#ifndef ARCH_X86_64_ACPI_PRT_H
#define ARCH_X86_64_ACPI_PRT_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/aml.h"

struct acpi_prt_route {
    uint32_t gsi;                     /* global system interrupt */
    bool level, active_low;           /* the signal */
    bool numbered;                    /* the _PRT gave the GSI as a number (Source Zero) */
    char via[5];                      /* the package that said so ("PRTA", "_PRT") */
    char why[96];                     /* when there is no route: why not, one line */
};

/* acpi_prt_find: the route of interrupt pin `pin` (0 = INTA .. 3 = INTD)
 * of device `dev` on bus 0, from the AML in blocks (a DSDT, then its
 * SSDTs). False, with r->why, when the tables do not say it plainly. */
bool acpi_prt_find(const struct aml_block *blocks, int nblocks, int dev, int pin,
                   struct acpi_prt_route *r);
/* acpi_prt_route: the same from this machine's DSDT and SSDTs, with the
 * MADT's interrupt source overrides applied to a GSI given as a number. */
bool acpi_prt_route(int bus, int dev, int pin, struct acpi_prt_route *r);
#endif
