/* nvme.c -- find and start NVMe controllers (nvme.h; docs/drivers.md).
 *
 * Start-up (NVMe 1.4, 7.6.1): turn the controller off (CC.EN = 0, wait
 * for CSTS.RDY = 0), give it the admin queue pair (AQA, ASQ, ACQ), turn
 * it on with 4 KiB pages and the standard entry sizes, wait for RDY;
 * then, by admin commands polled at boot: Identify the controller (its
 * model, how much one command may move) and namespace 1 (size, block
 * size), ask for one I/O queue pair, and create it (completion queue
 * first) with its interrupt: MSI-X entry 0 where the controller has
 * MSI-X, else MSI, else its INTx pin through the I/O APIC (routed only
 * once the admin commands are done: a raised pin whose completions
 * nobody takes would come back at once). Each controller is a block device, nvme0, nvme1, ...
 * All its memory (queues, PRP lists, the record) is taken here, only
 * for a controller found. */
#include "kernel/kernel.h"
#include "dev/nvme.h"
#include "dev/nvme_hw.h"
#include "dev/mmio.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/kmap_mmio.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

#define NVME_MAX 4
#define NVME_ID_MODEL  24        /* Identify controller: model, 40 ASCII bytes */
#define NVME_ID_MDTS   77        /* log2 of the most one command moves, in 4 KiB pages; 0: no limit */
#define NVME_ID_NSZE   0         /* Identify namespace: size in blocks (64) */
#define NVME_ID_FLBAS  26        /* the format in use, bits 3:0 */
#define NVME_ID_LBAF   128       /* formats, 4 bytes each: bits 23:16 log2 block size */

/* Written at boot, each entry before the count that publishes it. */
static struct nvme *nvmes[NVME_MAX];
static int nnvmes;

static void nvme_interrupt(struct trapframe *tf)
{
    (void)tf;
    int n = __atomic_load_n(&nnvmes, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        nvme_complete(nvmes[i]);
}

static int nvme_vector(void)
{
    static int vector;           /* boot only: one CPU probes */
    if (!vector)
        vector = irq_alloc_vector(nvme_interrupt);
    return vector;
}

/* Off, the admin queue in place, on. */
static int nvme_reset(struct nvme *c)
{
    uint64_t cap = mmio_rd64(c->regs, NVME_CAP);
    c->dstrd = 4u << NVME_CAP_DSTRD(cap);
    c->timeout_ms = MAX(NVME_CAP_TO(cap), 1u) * 500;
    if (!NVME_CAP_CSS_NVM(cap) || NVME_CAP_MPSMIN(cap) != 0)
        return -ENODEV;          /* no NVM command set, or no 4 KiB pages */
    mmio_wr32(c->regs, NVME_CC, mmio_rd32(c->regs, NVME_CC) & ~NVME_CC_EN);
    if (!mmio_wait32(c->regs, NVME_CSTS, NVME_CSTS_RDY, 0, c->timeout_ms))
        return -ETIMEDOUT;
    uint16_t qsize = (uint16_t)MIN(NVME_CAP_MQES(cap), (uint32_t)NVME_IO_QSIZE);
    int err = nvmeq_init(c, &c->admin, 0, qsize);
    if (!err)
        err = nvmeq_init(c, &c->io, 1, qsize);
    if (err)
        return err;
    mmio_wr32(c->regs, NVME_AQA, (uint32_t)(qsize - 1) << 16 | (qsize - 1));
    mmio_wr64(c->regs, NVME_ASQ, kva_to_pa(c->admin.sq));
    mmio_wr64(c->regs, NVME_ACQ, kva_to_pa((const void *)c->admin.cq));
    mmio_wr32(c->regs, NVME_CC, NVME_CC_EN | NVME_CC_IOSQES | NVME_CC_IOCQES);
    if (!mmio_wait32(c->regs, NVME_CSTS, NVME_CSTS_RDY | NVME_CSTS_CFS, NVME_CSTS_RDY, c->timeout_ms))
        return -ETIMEDOUT;
    return 0;
}

static int nvme_identify(struct nvme *c, void *buf, uint32_t cns, uint32_t nsid)
{
    struct nvme_sqe cmd = { .opcode = NVME_ADMIN_IDENTIFY, .nsid = nsid, .prp1 = kva_to_pa(buf),
                            .cdw10 = cns };
    return nvme_admin(c, &cmd) ? -EIO : 0;
}

/* The model without its padding, the largest request, namespace 1. */
static int nvme_learn(struct nvme *c, char *model, size_t msize)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg)
        return -ENOMEM;
    uint8_t *id = page_kva(pg);
    int err = nvme_identify(c, id, 1, 0);
    if (!err) {
        size_t n = MIN(msize - 1, (size_t)40);
        memcpy(model, id + NVME_ID_MODEL, n);
        while (n > 0 && (model[n - 1] == ' ' || model[n - 1] == 0))
            n--;
        model[n] = 0;
        uint32_t mdts = id[NVME_ID_MDTS];
        c->blk.max_pages = mdts == 0 || mdts >= 6 ? BLK_MAX_PAGES : 1u << mdts;
        c->nsid = 1;
        memset(id, 0, PAGE_SIZE);
        err = nvme_identify(c, id, 0, c->nsid);
    }
    if (!err) {
        uint64_t nsze;
        memcpy(&nsze, id + NVME_ID_NSZE, sizeof(nsze));
        uint32_t lbaf;
        memcpy(&lbaf, id + NVME_ID_LBAF + 4 * (id[NVME_ID_FLBAS] & 0xf), sizeof(lbaf));
        c->lba_shift = (lbaf >> 16) & 0xff;
        if (nsze == 0 || c->lba_shift < 9 || c->lba_shift > 12)
            err = -ENODEV;       /* no namespace 1, or blocks larger than a page */
        c->blk.npages = nsze >> (12 - c->lba_shift);
    }
    page_put(pg);
    return err;
}

/* The interrupt (MSI-X entry 0, else MSI, else INTx), the I/O queue
 * pair. */
static int nvme_start_io(struct nvme *c, char *how, size_t size)
{
    bool msi = pci_irq_msi(c->pci, nvme_vector(), how, size) == 0;
    uint32_t qsz = (uint32_t)(c->io.size - 1) << 16;
    struct nvme_sqe nq = { .opcode = NVME_ADMIN_SET_FEATURES, .cdw10 = NVME_FEAT_NUM_QUEUES };
    struct nvme_sqe cq = { .opcode = NVME_ADMIN_CREATE_CQ, .prp1 = kva_to_pa((const void *)c->io.cq),
                           .cdw10 = qsz | c->io.id, .cdw11 = 0u << 16 | 2 | 1 };  /* vector 0, on, contiguous */
    struct nvme_sqe sq = { .opcode = NVME_ADMIN_CREATE_SQ, .prp1 = kva_to_pa(c->io.sq),
                           .cdw10 = qsz | c->io.id, .cdw11 = (uint32_t)c->io.id << 16 | 1 };
    if (nvme_admin(c, &nq) || nvme_admin(c, &cq) || nvme_admin(c, &sq))
        return -EIO;
    if (!msi && pci_irq_intx(c->pci, nvme_interrupt, how, size) != 0)
        return -ENODEV;
    return 0;
}

static int nvme_setup(struct nvme *c, struct pci_dev *d, char *model, size_t msize, char *how, size_t hsize)
{
    struct pci_bar *bar = &d->bar[0];
    if (bar->io || bar->size < 0x2000)
        return -ENODEV;
    c->pci = d;
    c->regs = kmap_mmio(bar->base, MIN(bar->size, (uint64_t)0x4000));
    if (!c->regs)
        return -ENOMEM;
    pci_enable(d);
    spinlock_init(&c->lock, "nvme");
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg)
        return -ENOMEM;
    c->prp = page_kva(pg);
    int err = nvme_reset(c);
    if (!err)
        err = nvme_learn(c, model, msize);
    if (!err)
        err = nvme_start_io(c, how, hsize);
    return err;
}

static int nvme_probe(struct pci_dev *d)
{
    _Static_assert(sizeof(struct nvme) <= KMALLOC_MAX, "an nvme record is one small kmalloc");
    _Static_assert(NVME_SLOTS * NVME_PRP_SLOT * 8 <= PAGE_SIZE, "the PRP lists fit in a page");
    if (nnvmes == NVME_MAX)
        return -ENODEV;
    struct nvme *c = kmalloc(sizeof(*c));
    char model[41] = "";
    char how[48] = "";
    int err = -ENOMEM;
    if (c) {
        memset(c, 0, sizeof(*c));
        err = nvme_setup(c, d, model, sizeof(model), how, sizeof(how));
    }
    if (err) {
        if (c && c->regs)        /* off: no DMA, no interrupt from it */
            mmio_wr32(c->regs, NVME_CC, 0);
        kprintf("nvme: %02x:%02x.%x not used (error %d)\n", d->addr.bus, d->addr.dev, d->addr.fn, err);
        return err;              /* what it took stays: boot only, rare */
    }
    snprintf(c->blk.name, sizeof(c->blk.name), "nvme%d", nnvmes);
    c->blk.ops = &nvme_ops;
    c->blk.priv = c;
    nvmes[nnvmes] = c;
    __atomic_store_n(&nnvmes, nnvmes + 1, __ATOMIC_RELEASE);
    blk_register(&c->blk);
    kprintf("nvme: %02x:%02x.%x %s: %s, %lu MiB, %u-byte blocks, 1 I/O queue of %u, up to %u pages a request, "
            "%s\n", d->addr.bus, d->addr.dev, d->addr.fn, c->blk.name, model, c->blk.npages >> 8,
            1u << c->lba_shift, c->io.size, c->blk.max_pages, how);
    return 0;
}

static const struct pci_driver nvme_driver = {
    .name = "nvme", .probe = nvme_probe, .class_code = PCI_CLASS(0x01, 0x08, 0x02),
};

void nvme_init(void)
{
    pci_driver_register(&nvme_driver);
}
