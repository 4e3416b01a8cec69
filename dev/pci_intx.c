/* pci_intx.c -- a PCI function's interrupt pin (INTA-INTD) through the
 * I/O APIC, for a device whose driver cannot have MSI or MSI-X (none
 * offered, or `pci=nomsi`). The pin's input (GSI) comes from the ACPI
 * _PRT (acpi_prt.c); it is level-triggered, so it stays raised until the
 * device is told its interrupt was seen, and several devices may share
 * it: each input has one vector and a short chain of the handlers of
 * every driver with a device on it. A handler must therefore cope with
 * being called when its devices did nothing (the drivers' handlers look
 * at all their controllers anyway), and must quiet its device before it
 * returns: the end of interrupt follows it (irq_alloc_vector), and an
 * input still raised then comes straight back.
 *
 * The lines are set up at boot, each handler stored before the count
 * that publishes it, and read without a lock by the dispatch on
 * whichever CPU; intx_lock keeps two setups from racing. Finding a pin's
 * GSI (pci_intx_route.c, with the _PRT reader and the AML walk under it)
 * runs only during the PCI scan, and sits on pages of its own that a
 * machine with no line made gives back (dev/dev.c); this file, the
 * lines and their dispatch, stays. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "dev/pci.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/ioapic.h"
#include "dev/pci_intx.h"
#include "arch/x86_64/cpu.h"
#include "include/weensy/errno.h"

#define INTX_LINES 8                  /* GSIs in use */

struct spinlock intx_lock = SPINLOCK_INIT("pci intx");
static struct intx_line lines[INTX_LINES];
static int nlines;                    /* published: lines[0..nlines) are set */

/* One vector per line: the vector says which line, each handler on it
 * is called (they tell their own devices' interrupts apart). */
static void pci_intx_interrupt(struct trapframe *tf)
{
    int n = __atomic_load_n(&nlines, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++) {
        struct intx_line *l = &lines[i];
        if (l->vector != tf->vector)
            continue;
        int m = __atomic_load_n(&l->nfns, __ATOMIC_ACQUIRE);
        for (int j = 0; j < m; j++)
            l->fns[j](tf);
    }
}

static struct intx_line *intx_find(uint32_t gsi)
{
    assert(spin_holding(&intx_lock));
    for (int i = 0; i < nlines; i++)
        if (lines[i].gsi == gsi)
            return &lines[i];
    return NULL;
}

/* intx_add: fn on the line for r's GSI, made (with its vector, and
 * routed to the boot CPU) if it is the first. NULL, with *why, if not. */
struct intx_line *intx_add(const struct acpi_prt_route *r, irq_handler_t fn, const char **why)
{
    assert(spin_holding(&intx_lock));
    struct intx_line *l = intx_find(r->gsi);
    if (l && (l->level != r->level || l->active_low != r->active_low)) {
        *why = "the GSI is already in use with another signal";
        return NULL;
    }
    if (!l) {
        int vector = nlines < INTX_LINES ? irq_alloc_vector(pci_intx_interrupt) : -1;
        if (vector < 0) {
            *why = "no vector or line left";
            return NULL;
        }
        l = &lines[nlines];
        *l = (struct intx_line){ .gsi = r->gsi, .vector = (uint8_t)vector, .level = r->level,
                                 .active_low = r->active_low };
        __atomic_store_n(&nlines, nlines + 1, __ATOMIC_RELEASE);
    }
    for (int j = 0; j < l->nfns; j++)
        if (l->fns[j] == fn)
            return l;                 /* the driver's handler serves all its devices */
    if (l->nfns == INTX_HANDLERS) {
        *why = "too many drivers share the GSI";
        return NULL;
    }
    l->fns[l->nfns] = fn;
    __atomic_store_n(&l->nfns, l->nfns + 1, __ATOMIC_RELEASE);
    /* Routed (unmasked) only now that a handler is there; again for a
     * line that already was, which changes nothing. */
    if (!ioapic_route_gsi(l->gsi, l->vector, cpus[0].apic_id, l->level, l->active_low)) {
        *why = "no I/O APIC has that input";
        return NULL;
    }
    return l;
}

bool pci_intx_in_use(void)
{
    return __atomic_load_n(&nlines, __ATOMIC_ACQUIRE) > 0;
}
