/* pci_intx_route.c -- the order every driver tries for its interrupt
 * (MSI-X, MSI, then the INTx pin), and a pin's way to its line: the
 * function's pin, its GSI from the ACPI _PRT (acpi_prt.c), its line
 * (pci_intx.c). Called only from the drivers' probes during the PCI scan:
 * with the _PRT reader and the AML walk, it sits on pages of its own
 * (kernel.ld's .intx_code) that a machine with no INTx line gives back
 * after the scan (dev/dev.c). */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "dev/pci.h"
#include "dev/pci_intx.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

int pci_intx_setup(struct pci_dev *d, irq_handler_t fn, struct pci_intx *out)
{
    struct pci_addr a = d->addr;
    uint8_t pin = pci_cfg_read8(a, PCI_INT_PIN);
    struct acpi_prt_route r;
    const char *why = NULL;
    if (!irq_apic())
        why = "no I/O APIC (noapic)";
    else if (pin < 1 || pin > 4)
        why = "no interrupt pin";
    else if (!acpi_prt_route(a.bus, a.dev, pin - 1, &r))
        why = r.why;
    if (why) {
        kprintf("pci: %02x:%02x.%x: no INTx route: %s\n", a.bus, a.dev, a.fn, why);
        return -ENODEV;
    }
    spin_lock(&intx_lock);
    struct intx_line *l = intx_add(&r, fn, &why);
    spin_unlock(&intx_lock);
    if (!l) {
        kprintf("pci: %02x:%02x.%x: INTx pin %c, GSI %u not used: %s\n", a.bus, a.dev, a.fn, 'A' + pin - 1,
                r.gsi, why);
        return -ENODEV;
    }
    uint16_t cmd = pci_cfg_read16(a, PCI_COMMAND);
    pci_cfg_write16(a, PCI_COMMAND, cmd & ~PCI_CMD_INTX_OFF);
    *out = (struct pci_intx){ .pin = (char)('A' + pin - 1), .gsi = r.gsi, .vector = l->vector };
    return 0;
}

int pci_irq_msi(struct pci_dev *d, int vector, char *how, size_t size)
{
    const char *kind = "MSI-X";
    if (vector < 0)
        return -ENODEV;
    if (pci_msix_setup(d, 0, (uint8_t)vector, 0) != 0) {
        kind = "MSI";
        if (pci_msi_setup(d, (uint8_t)vector, 0) != 0)
            return -ENODEV;
    }
    snprintf(how, size, "%s vector %#x", kind, vector);
    return 0;
}

int pci_irq_intx(struct pci_dev *d, irq_handler_t fn, char *how, size_t size)
{
    struct pci_intx x;
    int err = pci_intx_setup(d, fn, &x);
    if (!err)
        snprintf(how, size, "INTx pin %c, GSI %u (I/O APIC)", x.pin, x.gsi);
    return err;
}
