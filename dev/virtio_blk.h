/* virtio_blk.h -- the virtio block device driver (virtio 1.0, 5.2): one
 * request queue, interrupt-driven through MSI-X, whole pages. */
#ifndef DEV_VIRTIO_BLK_H
#define DEV_VIRTIO_BLK_H
/* vblk_init: register the driver with the PCI scan (before pci_scan). */
void vblk_init(void);
#endif
