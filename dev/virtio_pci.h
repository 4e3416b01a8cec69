/* virtio_pci.h -- the virtio 1.0 "modern" PCI transport (virtio 1.0,
 * section 4.1): the device's registers are four structures in its memory
 * BARs, which vendor-specific PCI capabilities point at. Legacy (0.9.5)
 * devices' I/O-port registers are not used. */
#ifndef DEV_VIRTIO_PCI_H
#define DEV_VIRTIO_PCI_H
#include <stdint.h>
#include "dev/pci.h"
#include "dev/virtq.h"

#define VIRTIO_F_VERSION_1 (1UL << 32)

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED      128

struct virtio_pci {
    struct pci_dev *pci;
    volatile uint8_t *common;    /* struct virtio_pci_common_cfg */
    volatile uint8_t *notify;    /* the doorbells */
    uint32_t notify_mul;         /* bytes between queues' doorbells */
    volatile uint8_t *isr;
    volatile uint8_t *device;    /* the device type's own configuration */
    uint64_t features;           /* negotiated */
};

/* virtio_pci_init: find and map the four structures; -ENODEV (said why)
 * if one is missing. */
int virtio_pci_init(struct virtio_pci *v, struct pci_dev *d);
/* virtio_pci_negotiate: reset the device, say we know it, and accept
 * those of `wanted` it offers, with VERSION_1 required; -ENODEV. */
int virtio_pci_negotiate(struct virtio_pci *v, uint64_t wanted);
/* virtio_pci_queue: set up queue `index` (at most VQ_MAX_SIZE entries)
 * with its interrupts as MSI-X entry msix_entry; -ENODEV, -ENOMEM. */
int virtio_pci_queue(struct virtio_pci *v, struct virtq *vq, uint16_t index, uint16_t msix_entry,
                     struct spinlock *lock);
void virtio_pci_ready(struct virtio_pci *v);     /* DRIVER_OK: the device may run */
void virtio_pci_fail(struct virtio_pci *v);      /* FAILED: the driver gave up */
/* virtio_pci_config64: a 64-bit field of the device configuration, read
 * consistently (retried if the device changed it meanwhile). */
uint64_t virtio_pci_config64(struct virtio_pci *v, uint32_t offset);
uint32_t virtio_pci_config32(struct virtio_pci *v, uint32_t offset);
#endif
