/* virtq.h -- a virtio split virtqueue (virtio 1.0, section 2.4): the
 * driver hands buffers to the device through the available ring and gets
 * them back through the used ring (docs/block.md has a picture).
 *
 * A virtq has no lock of its own: its driver's lock guards it, and every
 * function that changes it asserts that lock is held. */
#ifndef DEV_VIRTQ_H
#define DEV_VIRTQ_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "arch/x86_64/memlayout.h"

#define VQ_MAX_SIZE 128          /* what we ask for at most: one page of descriptors is 256 */

#define VQ_DESC_F_NEXT  1        /* the chain goes on at next */
#define VQ_DESC_F_WRITE 2        /* the device writes this buffer */

struct vq_desc {
    uint64_t addr;               /* physical address */
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct vq_avail {
    uint16_t flags;
    uint16_t idx;                /* where the driver puts the next entry (mod size) */
    uint16_t ring[];             /* heads of descriptor chains */
};

struct vq_used_elem {
    uint32_t id;                 /* head of the chain the device is done with */
    uint32_t len;                /* bytes it wrote */
};

struct vq_used {
    uint16_t flags;
    uint16_t idx;                /* where the device puts the next entry */
    struct vq_used_elem ring[];
};

/* One buffer of a chain. */
struct vq_buf {
    paddr_t pa;
    uint32_t len;
    bool device_writes;
};

struct virtq {
    uint16_t size;               /* entries, a power of 2 */
    uint16_t index;              /* the queue's number on its device */
    struct vq_desc *desc;        /* each in a page of its own */
    struct vq_avail *avail;
    struct vq_used *used;
    uint16_t free_head, nfree;   /* free descriptors, chained by next */
    uint16_t last_used;          /* used entries taken so far (mod 2^16) */
    volatile uint16_t *notify;   /* the doorbell (set by the transport) */
    struct spinlock *lock;       /* the driver's lock, which guards this */
};

/* vq_init: size entries, rings in zeroed pages; -ENOMEM. */
int vq_init(struct virtq *vq, uint16_t index, uint16_t size, struct spinlock *lock);
/* vq_add: chain n buffers and offer the chain to the device; returns its
 * head descriptor, or -1 with nothing changed if fewer than n are free. */
int vq_add(struct virtq *vq, const struct vq_buf *bufs, int n);
/* vq_kick: tell the device the available ring has grown. */
void vq_kick(struct virtq *vq);
/* vq_pop: the next chain the device is done with: true, its head in
 * *head, its descriptors free again; false if there is none. */
bool vq_pop(struct virtq *vq, uint16_t *head);
#endif
