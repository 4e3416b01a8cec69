/* virtio_blk.c -- virtio-blk (virtio_blk.h), under the block layer.
 *
 * A request is a chain of descriptors (5.2.6):
 *   header (device reads)  { le32 type; le32 reserved; le64 sector; }
 *   data   one per page, 1 to max_pages (the device writes them for a read)
 *   status (device writes) one byte: 0 OK, 1 IOERR, 2 UNSUPP
 * The device says how many data buffers a request may have (seg_max, with
 * VIRTIO_BLK_F_SEG_MAX); a chain also fits in the ring, with room left.
 * Header and status live in a page of slots indexed by the chain's head
 * descriptor, and so does the block request (reqs[head]): the head the
 * used ring gives back finds everything. Requests that do not fit in the
 * ring wait in a FIFO and go in as the interrupt handler frees room, so
 * blk_submit never fails for want of descriptors.
 *
 * vb->lock guards the queue, the slots, the table and the FIFO. Requests
 * end (blk_end, their done callbacks) after it is released, so a callback
 * may submit again. The interrupt comes as MSI-X to the boot CPU, from a
 * vector of its own. */
#include "kernel/kernel.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_pci.h"
#include "dev/block.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

#define VBLK_MAX 4
#define VBLK_T_IN  0             /* read */
#define VBLK_T_OUT 1             /* write */
#define VBLK_S_OK     0
#define VBLK_S_IOERR  1
#define VBLK_S_UNSUPP 2
#define VBLK_CFG_CAPACITY 0      /* le64, in 512-byte sectors */
#define VBLK_CFG_SEG_MAX 12      /* le32, with VBLK_F_SEG_MAX */
#define VBLK_F_SEG_MAX (1UL << 2)
#define VBLK_DESCS(n) ((n) + 2)  /* a request of n pages: header, data, status */

struct vblk_header {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

struct vblk {
    struct blkdev blk;
    struct virtio_pci vp;
    struct spinlock lock;        /* "virtio-blk": all below */
    struct virtq vq;
    struct vblk_header *headers; /* [head], in a page shared with the device */
    uint8_t *status;             /* [head], in the same page */
    struct blk_req *reqs[VQ_MAX_SIZE];      /* [head]: the request in flight */
    struct blk_req *wait_head, *wait_tail;  /* not yet in the ring */
    struct vq_buf *bufs;         /* [VBLK_DESCS(BLK_MAX_PAGES)]: the chain being made */
};

/* Made at probe (kmalloc: nothing in the kernel image for machines
 * without a disk); the table is written at boot, each entry before the
 * count that publishes it, and only read after. */
static struct vblk *vblks[VBLK_MAX];
static int nvblks;

static int vblk_status(uint8_t s)
{
    return s == VBLK_S_OK ? 0 : -EIO;      /* IOERR, UNSUPP, or nonsense */
}

/* Put waiting requests into the ring while there is room. */
static bool vblk_start_waiting(struct vblk *vb)
{
    assert(spin_holding(&vb->lock));
    bool added = false;
    while (vb->wait_head && vb->vq.nfree >= VBLK_DESCS(vb->wait_head->npages)) {
        struct blk_req *r = vb->wait_head;
        vb->wait_head = r->next;
        /* The slot is the head's, which is the free list's head now. */
        uint16_t slot = vb->vq.free_head;
        vb->headers[slot] = (struct vblk_header){
            .type = r->write ? VBLK_T_OUT : VBLK_T_IN,
            .sector = r->page * BLK_PAGE_SECTORS,
        };
        vb->status[slot] = 0xff;
        struct vq_buf *b = vb->bufs;
        *b++ = (struct vq_buf){ kva_to_pa(&vb->headers[slot]), sizeof(struct vblk_header), false };
        for (uint32_t i = 0; i < r->npages; i++)
            *b++ = (struct vq_buf){ blk_req_pa(r, i), PAGE_SIZE, !r->write };
        *b++ = (struct vq_buf){ kva_to_pa(&vb->status[slot]), 1, true };
        int head = vq_add(&vb->vq, vb->bufs, VBLK_DESCS(r->npages));
        assert(head == slot);
        vb->reqs[head] = r;
        added = true;
    }
    if (!vb->wait_head)
        vb->wait_tail = NULL;
    return added;
}

static void vblk_submit(struct blkdev *d, struct blk_req *r)
{
    struct vblk *vb = d->priv;
    spin_lock(&vb->lock);
    r->next = NULL;
    if (vb->wait_tail)
        vb->wait_tail->next = r;
    else
        vb->wait_head = r;
    vb->wait_tail = r;
    if (vblk_start_waiting(vb) && !__atomic_load_n(&d->plugged, __ATOMIC_ACQUIRE))
        vq_kick(&vb->vq);
    spin_unlock(&vb->lock);
}

/* The kick held back while plugged (a spare one is harmless: the device
 * finds nothing new). */
static void vblk_unplug(struct blkdev *d)
{
    struct vblk *vb = d->priv;
    spin_lock(&vb->lock);
    vq_kick(&vb->vq);
    spin_unlock(&vb->lock);
}

static const struct blkdev_ops vblk_ops = { .submit = vblk_submit, .unplug = vblk_unplug };

/* Collect what the device finished, refill the ring, then end the
 * requests with the lock released. */
static void vblk_complete(struct vblk *vb)
{
    struct blk_req *done = NULL, **tail = &done;
    spin_lock(&vb->lock);
    uint16_t head;
    while (vq_pop(&vb->vq, &head)) {
        struct blk_req *r = vb->reqs[head];
        if (!r)
            panic("virtio-blk %s: the device returned descriptor %u, which is not in flight", vb->blk.name, head);
        vb->reqs[head] = NULL;
        r->status = vblk_status(vb->status[head]);
        r->next = NULL;
        *tail = r;
        tail = &r->next;
    }
    if (vblk_start_waiting(vb))
        vq_kick(&vb->vq);
    spin_unlock(&vb->lock);
    while (done) {
        struct blk_req *r = done;
        done = r->next;
        blk_end(r, r->status);
    }
}

/* One vector serves every virtio-blk device: a look at a queue with
 * nothing new costs one read. */
static void vblk_interrupt(struct trapframe *tf)
{
    (void)tf;
    int n = __atomic_load_n(&nvblks, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        vblk_complete(vblks[i]);
}

static int vblk_vector(void)
{
    static int vector;           /* boot only: one CPU probes */
    if (!vector)
        vector = irq_alloc_vector(vblk_interrupt);
    return vector;
}

static int vblk_setup(struct vblk *vb, struct pci_dev *d)
{
    int err = virtio_pci_init(&vb->vp, d);
    if (!err)
        err = virtio_pci_negotiate(&vb->vp, VBLK_F_SEG_MAX);
    if (err)
        return err;
    spinlock_init(&vb->lock, "virtio-blk");
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg)
        return -ENOMEM;
    vb->headers = page_kva(pg);
    _Static_assert(sizeof(struct vq_buf) * VBLK_DESCS(BLK_MAX_PAGES) <= KMALLOC_MAX, "one small kmalloc");
    if (!(vb->bufs = kmalloc(sizeof(struct vq_buf) * VBLK_DESCS(BLK_MAX_PAGES))))
        return -ENOMEM;
    vb->status = (uint8_t *)(vb->headers + VQ_MAX_SIZE);
    int vector = vblk_vector();
    if (vector < 0)
        return -ENODEV;
    /* MSI-X on before the queue names its entry, as the spec's drivers do. */
    err = pci_msix_setup(d, 0, (uint8_t)vector, 0);
    if (!err)
        err = virtio_pci_queue(&vb->vp, &vb->vq, 0, 0, &vb->lock);
    return err;
}

/* The most pages a request may carry: what the device takes (without
 * SEG_MAX, any chain the ring holds), and at most half the ring, so that
 * a request in flight leaves room for the next. */
static uint32_t vblk_max_pages(struct vblk *vb)
{
    uint32_t n = MIN(BLK_MAX_PAGES, vb->vq.size / 2 - 2);
    if (vb->vp.features & VBLK_F_SEG_MAX)
        n = MIN(n, virtio_pci_config32(&vb->vp, VBLK_CFG_SEG_MAX));
    return MAX(n, 1);
}

static int vblk_probe(struct pci_dev *d)
{
    _Static_assert(sizeof(struct vblk) <= KMALLOC_MAX, "a vblk is one small kmalloc");
    if (nvblks == VBLK_MAX)
        return -ENODEV;
    struct vblk *vb = kmalloc(sizeof(*vb));
    int err = vb ? vblk_setup(vb, d) : -ENOMEM;
    if (err) {
        if (vb && vb->vp.common)
            virtio_pci_fail(&vb->vp);
        kprintf("virtio-blk: %02x:%02x.%x not used (error %d)\n", d->addr.bus, d->addr.dev, d->addr.fn, err);
        return err;              /* vb and what it took stay: boot only, rare */
    }
    uint64_t sectors = virtio_pci_config64(&vb->vp, VBLK_CFG_CAPACITY);
    snprintf(vb->blk.name, sizeof(vb->blk.name), "virtio%d", nvblks);
    vb->blk.npages = sectors / BLK_PAGE_SECTORS;
    vb->blk.max_pages = vblk_max_pages(vb);
    vb->blk.ops = &vblk_ops;
    vb->blk.priv = vb;
    virtio_pci_ready(&vb->vp);
    vblks[nvblks] = vb;
    __atomic_store_n(&nvblks, nvblks + 1, __ATOMIC_RELEASE);
    blk_register(&vb->blk);
    kprintf("virtio-blk: %02x:%02x.%x %s, %lu MiB, 1 queue of %u, up to %u pages a request, MSI-X vector %#x\n",
            d->addr.bus, d->addr.dev, d->addr.fn, vb->blk.name, sectors * BLK_SECTOR_SIZE >> 20, vb->vq.size,
            vb->blk.max_pages, vblk_vector());
    return 0;
}

static const struct pci_driver vblk_transitional = {
    .name = "virtio-blk", .vendor = 0x1af4, .device = 0x1001, .probe = vblk_probe,
};
static const struct pci_driver vblk_modern = {
    .name = "virtio-blk", .vendor = 0x1af4, .device = 0x1042, .probe = vblk_probe,
};

void vblk_init(void)
{
    pci_driver_register(&vblk_transitional);
    pci_driver_register(&vblk_modern);
}
