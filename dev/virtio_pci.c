/* virtio_pci.c -- the virtio 1.0 modern PCI transport (virtio_pci.h).
 *
 * Capability (cap id 9, vendor-specific), virtio 1.0 4.1.4:
 *   +3 cfg_type  +4 bar  +8 offset  +12 length  (+16 notify_off_multiplier)
 * The common configuration (4.1.4.3), offsets used here: */
#include "kernel/kernel.h"
#include "dev/virtio_pci.h"
#include "mm/kmap_mmio.h"
#include "include/weensy/errno.h"
#include "arch/x86_64/x86.h"

#define VIRTIO_CAP_COMMON 1
#define VIRTIO_CAP_NOTIFY 2
#define VIRTIO_CAP_ISR    3
#define VIRTIO_CAP_DEVICE 4

#define CC_DEVICE_FEATURE_SELECT 0x00
#define CC_DEVICE_FEATURE        0x04
#define CC_DRIVER_FEATURE_SELECT 0x08
#define CC_DRIVER_FEATURE        0x0c
#define CC_MSIX_CONFIG           0x10
#define CC_DEVICE_STATUS         0x14
#define CC_CONFIG_GENERATION     0x15
#define CC_QUEUE_SELECT          0x16
#define CC_QUEUE_SIZE            0x18
#define CC_QUEUE_MSIX_VECTOR     0x1a
#define CC_QUEUE_ENABLE          0x1c
#define CC_QUEUE_NOTIFY_OFF      0x1e
#define CC_QUEUE_DESC            0x20
#define CC_QUEUE_DRIVER          0x28
#define CC_QUEUE_DEVICE          0x30

#define VIRTIO_MSI_NO_VECTOR 0xffff

static inline uint8_t rd8(volatile uint8_t *b, uint32_t o) { return b[o]; }
static inline uint16_t rd16(volatile uint8_t *b, uint32_t o) { return *(volatile uint16_t *)(b + o); }
static inline uint32_t rd32(volatile uint8_t *b, uint32_t o) { return *(volatile uint32_t *)(b + o); }
static inline void wr8(volatile uint8_t *b, uint32_t o, uint8_t v) { b[o] = v; }
static inline void wr16(volatile uint8_t *b, uint32_t o, uint16_t v) { *(volatile uint16_t *)(b + o) = v; }
static inline void wr32(volatile uint8_t *b, uint32_t o, uint32_t v) { *(volatile uint32_t *)(b + o) = v; }
/* 64-bit fields as two halves, which the spec allows (4.1.3.1). */
static inline void wr64(volatile uint8_t *b, uint32_t o, uint64_t v)
{
    wr32(b, o, (uint32_t)v);
    wr32(b, o + 4, (uint32_t)(v >> 32));
}

/* Map the structure a capability at `cap` describes. */
static volatile uint8_t *virtio_pci_map(struct pci_dev *d, uint8_t cap)
{
    uint8_t bar = pci_cfg_read8(d->addr, cap + 4);
    uint32_t off = pci_cfg_read32(d->addr, cap + 8);
    uint32_t len = pci_cfg_read32(d->addr, cap + 12);
    if (bar >= PCI_BARS || d->bar[bar].io || !d->bar[bar].size || (uint64_t)off + len > d->bar[bar].size)
        return NULL;
    return kmap_mmio(d->bar[bar].base + off, len);
}

int virtio_pci_init(struct virtio_pci *v, struct pci_dev *d)
{
    *v = (struct virtio_pci){ .pci = d };
    /* The first capability of each type is the one to use (4.1.4). */
    for (uint8_t cap = pci_cap_next(d, PCI_CAP_VENDOR, 0); cap; cap = pci_cap_next(d, PCI_CAP_VENDOR, cap)) {
        uint8_t type = pci_cfg_read8(d->addr, cap + 3);
        volatile uint8_t **where = type == VIRTIO_CAP_COMMON ? &v->common
                                 : type == VIRTIO_CAP_NOTIFY ? &v->notify
                                 : type == VIRTIO_CAP_ISR    ? &v->isr
                                 : type == VIRTIO_CAP_DEVICE ? &v->device : NULL;
        if (!where || *where)
            continue;
        *where = virtio_pci_map(d, cap);
        if (type == VIRTIO_CAP_NOTIFY)
            v->notify_mul = pci_cfg_read32(d->addr, cap + 16);
    }
    if (!v->common || !v->notify || !v->isr || !v->device) {
        kprintf("virtio: %02x:%02x.%x has no modern (virtio 1.0) registers; legacy devices are not supported\n",
                d->addr.bus, d->addr.dev, d->addr.fn);
        return -ENODEV;
    }
    pci_enable(d);
    return 0;
}

static void virtio_pci_status(struct virtio_pci *v, uint8_t bits)
{
    wr8(v->common, CC_DEVICE_STATUS, rd8(v->common, CC_DEVICE_STATUS) | bits);
}

/* 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK and check it
 * stuck (the device may refuse the subset). */
int virtio_pci_negotiate(struct virtio_pci *v, uint64_t wanted)
{
    volatile uint8_t *cc = v->common;
    wr8(cc, CC_DEVICE_STATUS, 0);
    while (rd8(cc, CC_DEVICE_STATUS) != 0)      /* reset done when it reads 0 */
        cpu_relax();
    virtio_pci_status(v, VIRTIO_STATUS_ACKNOWLEDGE);
    virtio_pci_status(v, VIRTIO_STATUS_DRIVER);
    wr32(cc, CC_DEVICE_FEATURE_SELECT, 0);
    uint64_t offered = rd32(cc, CC_DEVICE_FEATURE);
    wr32(cc, CC_DEVICE_FEATURE_SELECT, 1);
    offered |= (uint64_t)rd32(cc, CC_DEVICE_FEATURE) << 32;
    if (!(offered & VIRTIO_F_VERSION_1)) {
        virtio_pci_fail(v);
        kprintf("virtio: device does not offer VIRTIO_F_VERSION_1\n");
        return -ENODEV;
    }
    v->features = offered & (wanted | VIRTIO_F_VERSION_1);
    wr32(cc, CC_DRIVER_FEATURE_SELECT, 0);
    wr32(cc, CC_DRIVER_FEATURE, (uint32_t)v->features);
    wr32(cc, CC_DRIVER_FEATURE_SELECT, 1);
    wr32(cc, CC_DRIVER_FEATURE, (uint32_t)(v->features >> 32));
    virtio_pci_status(v, VIRTIO_STATUS_FEATURES_OK);
    if (!(rd8(cc, CC_DEVICE_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
        virtio_pci_fail(v);
        kprintf("virtio: device refused features %#lx\n", v->features);
        return -ENODEV;
    }
    wr16(cc, CC_MSIX_CONFIG, VIRTIO_MSI_NO_VECTOR);   /* configuration changes: not listened to */
    return 0;
}

int virtio_pci_queue(struct virtio_pci *v, struct virtq *vq, uint16_t index, uint16_t msix_entry,
                     struct spinlock *lock)
{
    volatile uint8_t *cc = v->common;
    wr16(cc, CC_QUEUE_SELECT, index);
    uint16_t max = rd16(cc, CC_QUEUE_SIZE);
    if (max == 0)
        return -ENODEV;
    uint16_t size = VQ_MAX_SIZE;
    while (size > max)
        size /= 2;               /* sizes are powers of 2 in a split ring */
    int err = vq_init(vq, index, size, lock);
    if (err)
        return err;
    wr16(cc, CC_QUEUE_SIZE, size);
    wr16(cc, CC_QUEUE_MSIX_VECTOR, msix_entry);
    if (rd16(cc, CC_QUEUE_MSIX_VECTOR) != msix_entry)   /* 4.1.5.1.2: it may refuse */
        return -ENODEV;
    wr64(cc, CC_QUEUE_DESC, kva_to_pa(vq->desc));
    wr64(cc, CC_QUEUE_DRIVER, kva_to_pa(vq->avail));
    wr64(cc, CC_QUEUE_DEVICE, kva_to_pa(vq->used));
    vq->notify = (volatile uint16_t *)(v->notify + (uint32_t)rd16(cc, CC_QUEUE_NOTIFY_OFF) * v->notify_mul);
    wr16(cc, CC_QUEUE_ENABLE, 1);
    return 0;
}

void virtio_pci_ready(struct virtio_pci *v) { virtio_pci_status(v, VIRTIO_STATUS_DRIVER_OK); }
void virtio_pci_fail(struct virtio_pci *v) { virtio_pci_status(v, VIRTIO_STATUS_FAILED); }

uint64_t virtio_pci_config64(struct virtio_pci *v, uint32_t offset)
{
    uint8_t gen;
    uint64_t val;
    do {
        gen = rd8(v->common, CC_CONFIG_GENERATION);
        val = rd32(v->device, offset) | (uint64_t)rd32(v->device, offset + 4) << 32;
    } while (gen != rd8(v->common, CC_CONFIG_GENERATION));
    return val;
}

uint32_t virtio_pci_config32(struct virtio_pci *v, uint32_t offset)
{
    return rd32(v->device, offset);      /* one access: always consistent */
}
