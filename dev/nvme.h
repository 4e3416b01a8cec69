/* nvme.h -- NVMe disks under the block layer (docs/drivers.md, "NVMe"):
 * nvme0, nvme1, ... in PCI order. */
#ifndef DEV_NVME_H
#define DEV_NVME_H
/* nvme_init: register the PCI driver (class 01/08/02), before pci_scan. */
void nvme_init(void);
#endif
