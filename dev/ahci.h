/* ahci.h -- SATA disks on AHCI host bus adapters under the block layer
 * (docs/drivers.md, "AHCI"): ahci0, ahci1, ... in PCI and port order. */
#ifndef DEV_AHCI_H
#define DEV_AHCI_H
/* ahci_init: register the PCI driver (class 01/06/01), before pci_scan. */
void ahci_init(void);
#endif
