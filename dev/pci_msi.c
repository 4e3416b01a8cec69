/* pci_msi.c -- plain MSI (PCI Local Bus spec 3.0, 6.8.1): the older form
 * of what pci_msix.c does, with the message in configuration space
 * instead of a table in a BAR. One message is enough here (an AHCI HBA
 * then sends every port's interrupt with it). Capability layout:
 *   +2 message control: bit 0 enable, 6:4 messages enabled (log2),
 *      bit 7 64-bit address, bit 8 per-vector masking
 *   +4 address low, then (64-bit) +8 address high, then the data (16
 *   bits), then (with masking) the mask bits. */
#include "kernel/kernel.h"
#include "dev/pci.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"
#include "kernel/cmdline.h"

#define MSI_CTRL        2
#define MSI_CTRL_ENABLE (1u << 0)
#define MSI_CTRL_MME    (7u << 4)
#define MSI_CTRL_64     (1u << 7)
#define MSI_CTRL_MASKING (1u << 8)
#define MSI_ADDR        4

bool pci_nomsi(void)
{
    const char *v = cmdline_get("pci");
    return v && strcmp(v, "nomsi") == 0;
}

int pci_msi_setup(struct pci_dev *d, uint8_t vector, int cpu)
{
    uint8_t cap = pci_cap_next(d, PCI_CAP_MSI, 0);
    if (!cap || pci_nomsi())
        return -ENODEV;
    uint16_t ctrl = pci_cfg_read16(d->addr, cap + MSI_CTRL);
    /* Off while the message is written, so none leaves half made. */
    pci_cfg_write16(d->addr, cap + MSI_CTRL, ctrl & ~(MSI_CTRL_ENABLE | MSI_CTRL_MME));
    uint64_t addr = irq_msi_address(cpu);
    uint8_t data = cap + MSI_ADDR + 4;
    pci_cfg_write32(d->addr, cap + MSI_ADDR, (uint32_t)addr);
    if (ctrl & MSI_CTRL_64) {
        pci_cfg_write32(d->addr, cap + MSI_ADDR + 4, (uint32_t)(addr >> 32));
        data += 4;
    }
    pci_cfg_write16(d->addr, data, (uint16_t)irq_msi_data(vector));
    if (ctrl & MSI_CTRL_MASKING)
        pci_cfg_write32(d->addr, data + 4, 0);      /* the one message unmasked */
    uint16_t cmd = pci_cfg_read16(d->addr, PCI_COMMAND);
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd | PCI_CMD_INTX_OFF);
    pci_cfg_write16(d->addr, cap + MSI_CTRL, (ctrl & ~MSI_CTRL_MME) | MSI_CTRL_ENABLE);
    return 0;
}
