/* pci_msix.c -- MSI-X (PCI Local Bus spec 3.0, 6.8.2): a device raises an
 * interrupt by writing a message, an address and a value the driver chose,
 * which the chipset turns into that vector on that CPU's local APIC. No
 * I/O APIC, no interrupt line shared with other devices, no routing
 * tables to read from ACPI: one table entry per interrupt the device has
 * (virtio: one per queue), in one of its memory BARs. */
#include "kernel/kernel.h"
#include "dev/pci.h"
#include "mm/kmap_mmio.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

#define MSIX_CTRL        2              /* message control, 16 bits */
#define MSIX_CTRL_SIZE   0x7ff          /* table size - 1 */
#define MSIX_CTRL_MASK   (1u << 14)     /* every entry masked */
#define MSIX_CTRL_ENABLE (1u << 15)
#define MSIX_TABLE       4              /* table offset | BAR index */
#define MSIX_ENTRY_SIZE  16

static void mmio_write32(volatile void *base, size_t off, uint32_t v)
{
    *(volatile uint32_t *)((volatile char *)base + off) = v;
}

int pci_msix_setup(struct pci_dev *d, int entry, uint8_t vector, int cpu)
{
    uint8_t cap = pci_cap_next(d, PCI_CAP_MSIX, 0);
    if (!cap || pci_nomsi())
        return -ENODEV;
    uint16_t ctrl = pci_cfg_read16(d->addr, cap + MSIX_CTRL);
    uint32_t table = pci_cfg_read32(d->addr, cap + MSIX_TABLE);
    struct pci_bar *bar = &d->bar[table & 7];
    if (entry > (ctrl & MSIX_CTRL_SIZE) || bar->io || !bar->size)
        return -ENODEV;
    volatile char *t = kmap_mmio(bar->base + (table & ~7u) + entry * MSIX_ENTRY_SIZE, MSIX_ENTRY_SIZE);
    if (!t)
        return -ENODEV;
    /* Enabled with every entry masked first, so no message leaves while
     * the entry is half written; then the entry, then the mask off. */
    pci_cfg_write16(d->addr, cap + MSIX_CTRL, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASK);
    uint16_t cmd = pci_cfg_read16(d->addr, PCI_COMMAND);
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd | PCI_CMD_INTX_OFF);
    uint64_t addr = irq_msi_address(cpu);
    mmio_write32(t, 0, (uint32_t)addr);
    mmio_write32(t, 4, (uint32_t)(addr >> 32));
    mmio_write32(t, 8, irq_msi_data(vector));
    mmio_write32(t, 12, 0);                         /* this entry unmasked */
    pci_cfg_write16(d->addr, cap + MSIX_CTRL, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASK);
    return 0;
}
