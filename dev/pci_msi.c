/* pci_msi.c -- MSI (PCI Local Bus spec 3.0, 6.8.1): the older sibling of
 * MSI-X (pci_msix.c), for devices that offer only it. One message, its
 * address and value in the capability itself, in configuration space. */
#include "kernel/kernel.h"
#include "dev/pci.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

#define MSI_CTRL        2               /* message control, 16 bits */
#define MSI_CTRL_ENABLE (1u << 0)
#define MSI_CTRL_MME    (7u << 4)       /* messages enabled: 0 = one */
#define MSI_CTRL_64     (1u << 7)       /* a 64-bit address register */
#define MSI_ADDR        4

int pci_msi_setup(struct pci_dev *d, uint8_t vector, int cpu)
{
    uint8_t cap = pci_cap_next(d, PCI_CAP_MSI, 0);
    if (!cap)
        return -ENODEV;
    uint16_t ctrl = pci_cfg_read16(d->addr, cap + MSI_CTRL);
    pci_cfg_write16(d->addr, cap + MSI_CTRL, ctrl & ~(MSI_CTRL_ENABLE | MSI_CTRL_MME));
    uint64_t addr = irq_msi_address(cpu);
    pci_cfg_write32(d->addr, cap + MSI_ADDR, (uint32_t)addr);
    uint8_t data = cap + 8;
    if (ctrl & MSI_CTRL_64) {
        pci_cfg_write32(d->addr, cap + 8, (uint32_t)(addr >> 32));
        data = cap + 12;
    }
    pci_cfg_write16(d->addr, data, (uint16_t)irq_msi_data(vector));
    uint16_t cmd = pci_cfg_read16(d->addr, PCI_COMMAND);
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd | PCI_CMD_INTX_OFF);
    pci_cfg_write16(d->addr, cap + MSI_CTRL, (ctrl & ~MSI_CTRL_MME) | MSI_CTRL_ENABLE);
    return 0;
}
