/* pci_intx.h -- between the INTx lines (pci_intx.c: resident, the
 * dispatch) and their set-up during the PCI scan (pci_intx_route.c, on
 * pages given back when no line is made: dev/dev.c). */
#ifndef DEV_PCI_INTX_H
#define DEV_PCI_INTX_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/acpi_prt.h"

#define INTX_HANDLERS 4               /* drivers sharing one */

struct intx_line {
    uint32_t gsi;
    uint8_t vector;
    bool level, active_low;
    int nfns;                         /* published: fns[0..nfns) are set */
    irq_handler_t fns[INTX_HANDLERS];
};

extern struct spinlock intx_lock;
/* intx_add: fn on the line for r's GSI, made (with its vector, and
 * routed to the boot CPU) if it is the first. NULL, with *why, if not.
 * Caller holds intx_lock. */
struct intx_line *intx_add(const struct acpi_prt_route *r, irq_handler_t fn, const char **why);
/* pci_intx_in_use: some line was made (its dispatch must stay). */
bool pci_intx_in_use(void);
#endif
