/* ahci.c -- find AHCI host bus adapters and the SATA disks on their
 * ports (ahci.h; docs/drivers.md, "AHCI").
 *
 * The HBA (AHCI 1.3, 10.1 and 10.4.3): its registers in BAR5 (ABAR);
 * taken from the firmware (BIOS/OS hand-off, where offered), reset
 * (GHC.HR), AHCI mode on (GHC.AE). Each implemented port (PI) with a
 * device on its link (PxSSTS.DET = 3) is listed: an ATA disk (PxSIG)
 * gets its memory, is started and IDENTIFYed (model, 48-bit size,
 * logical sector size) and becomes ahci0, ahci1, ...; an ATAPI device
 * (the CD weensy may have booted from) or anything else is left alone.
 * Interrupts: MSI-X, else MSI, to one vector for every HBA, else its
 * INTx pin through the I/O APIC (pci_intx.c); each disk port's own
 * enable bits, then GHC.IE.
 * Memory is taken only for a disk found; an HBA without one is not
 * taken (and its code is given back: dev/dev.c). */
#include "kernel/kernel.h"
#include "dev/ahci.h"
#include "dev/ahci_hw.h"
#include "dev/mmio.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/kmap_mmio.h"
#include "arch/x86_64/irq.h"
#include "include/weensy/errno.h"

#define AHCI_MAX 2               /* HBAs */
#define AHCI_ABAR 5
#define AHCI_LINK_MS 20          /* a link coming up after the reset */
/* IDENTIFY DEVICE words (ACS-3 7.12.7). */
#define ID_MODEL     27          /* 20 words, two characters each, the first in the high byte */
#define ID_CMDSET2   83          /* bit 10: 48-bit addresses */
#define ID_LBA48     100         /* 4 words: sectors */
#define ID_SECTOR    106         /* bit 12: words 117-118 give the logical sector size */
#define ID_SECTOR_WORDS 117

/* Written at boot, each entry before the count that publishes it. */
static struct ahci *hbas[AHCI_MAX];
static int nhbas;
static int ndisks;               /* boot only: the next disk's number */

static void ahci_interrupt(struct trapframe *tf)
{
    (void)tf;
    int n = __atomic_load_n(&nhbas, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++) {
        struct ahci *h = hbas[i];
        uint32_t is;
        /* A port's bit is cleared after its PxIS; a port that raised
         * another event in between is seen by the next round (a few at
         * most: a port gone wild cannot keep the CPU here). A port that
         * is no disk of ours (its interrupts are off) only has its
         * status cleared. */
        for (int round = 0; round < 4 && (is = mmio_rd32(h->abar, AHCI_IS)) != 0; round++) {
            for (int port = 0; port < 32; port++) {
                if (!(is & (1u << port)))
                    continue;
                if (h->ports[port])
                    ahci_port_interrupt(h->ports[port]);
                else
                    mmio_wr32(h->abar, AHCI_PORT(port) + PX_IS, mmio_rd32(h->abar, AHCI_PORT(port) + PX_IS));
            }
            mmio_wr32(h->abar, AHCI_IS, is);
        }
    }
}

static int ahci_vector(void)
{
    static int vector;           /* boot only: one CPU probes */
    if (!vector)
        vector = irq_alloc_vector(ahci_interrupt);
    return vector;
}

/* The firmware's hand-off, then a reset into AHCI mode. */
static int ahci_reset(struct ahci *h)
{
    if (mmio_rd32(h->abar, AHCI_CAP2) & AHCI_CAP2_BOH) {
        mmio_wr32(h->abar, AHCI_BOHC, mmio_rd32(h->abar, AHCI_BOHC) | AHCI_BOHC_OOS);
        if (!mmio_wait32(h->abar, AHCI_BOHC, AHCI_BOHC_BOS, 0, 2000))
            kprintf("ahci: the firmware does not let go of the HBA; taking it anyway\n");
    }
    mmio_wr32(h->abar, AHCI_GHC, AHCI_GHC_AE);
    mmio_wr32(h->abar, AHCI_GHC, AHCI_GHC_AE | AHCI_GHC_HR);
    if (!mmio_wait32(h->abar, AHCI_GHC, AHCI_GHC_HR, 0, 1000))
        return -ETIMEDOUT;
    mmio_wr32(h->abar, AHCI_GHC, AHCI_GHC_AE);
    h->dma64 = mmio_rd32(h->abar, AHCI_CAP) & AHCI_CAP_S64A;
    return 0;
}

/* The model without its padding, the size, the sector size. */
static int ahci_learn(struct ahci_port *p, const uint16_t *id, char *model, size_t msize)
{
    size_t n = 0;
    for (int w = 0; w < 20 && n + 2 < msize; w++) {
        model[n++] = (char)(id[ID_MODEL + w] >> 8);
        model[n++] = (char)id[ID_MODEL + w];
    }
    while (n > 0 && model[n - 1] == ' ')
        n--;
    model[n] = 0;
    if (!(id[ID_CMDSET2] & (1u << 10)))
        return -ENODEV;          /* no 48-bit LBA: not supported */
    uint64_t sectors = 0;
    for (int w = 3; w >= 0; w--)
        sectors = sectors << 16 | id[ID_LBA48 + w];
    p->lba_shift = 9;
    if ((id[ID_SECTOR] & 0xd000) == 0x5000) {        /* valid, and a larger logical sector */
        uint32_t words = id[ID_SECTOR_WORDS] | (uint32_t)id[ID_SECTOR_WORDS + 1] << 16;
        if (words != 2048)
            return -ENODEV;      /* only 512 and 4096 bytes: a page is whole sectors */
        p->lba_shift = 12;
    }
    p->blk.npages = sectors >> (12 - p->lba_shift);
    return 0;
}

/* A port with an ATA disk, attached: started, identified, registered. */
static int ahci_disk(struct ahci_port *p)
{
    struct page *idpg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    char model[41] = "";
    if (!idpg)
        return -ENOMEM;
    ahci_port_start(p);
    int err = 0;
    if (!p->hba->dma64 && page_to_pa(idpg) >= (1UL << 32))
        err = -ENOMEM;
    if (!err)
        err = ahci_port_identify(p, page_kva(idpg));
    if (!err)
        err = ahci_learn(p, page_kva(idpg), model, sizeof(model));
    page_put(idpg);
    if (err)
        return err;
    snprintf(p->blk.name, sizeof(p->blk.name), "ahci%d", ndisks++);
    p->blk.max_pages = BLK_MAX_PAGES;
    p->blk.ops = &ahci_ops;
    p->blk.priv = p;
    mmio_wr32(p->regs, PX_IE, PX_IS_DHRS | PX_IS_PSS | PX_IS_ERRORS);
    p->hba->ports[p->no] = p;
    blk_register(&p->blk);
    struct pci_addr a = p->hba->pci->addr;
    kprintf("ahci: %02x:%02x.%x port %d %s: %s, %lu MiB, %u-byte blocks, up to %u pages a request\n", a.bus,
            a.dev, a.fn, p->no, p->blk.name, model, p->blk.npages >> 8, 1u << p->lba_shift, p->blk.max_pages);
    return 0;
}

/* What is on a port with a link: a disk is taken; anything else (an
 * ATAPI CD, a port multiplier) is left alone, its port stopped again.
 * Nothing but the port's own registers is written before the signature
 * says it is a disk. */
static int ahci_port_probe(struct ahci *h, int no)
{
    _Static_assert(sizeof(struct ahci_port) <= KMALLOC_MAX, "a port record is one small kmalloc");
    struct pci_addr a = h->pci->addr;
    struct ahci_port *p = kmalloc(sizeof(*p));
    if (!p) {
        kprintf("ahci: %02x:%02x.%x port %d: out of memory\n", a.bus, a.dev, a.fn, no);
        return 0;
    }
    *p = (struct ahci_port){ .hba = h, .no = no, .regs = h->abar + AHCI_PORT(no) };
    spinlock_init(&p->lock, "ahci port");
    int err = ahci_port_attach(p);
    uint32_t sig = mmio_rd32(p->regs, PX_SIG);
    const char *what = err ? "does not start" : sig == PX_SIG_ATAPI ? "an ATAPI device (a CD or DVD)"
                     : sig != PX_SIG_ATA ? "not an ATA disk" : NULL;
    if (!what && (err = ahci_disk(p)) == 0)
        return 1;
    if (!what)
        what = err == -ENODEV ? "a disk without 48-bit LBA, or with sectors other than 512 or 4096 bytes"
                              : "a disk that did not answer IDENTIFY";
    kprintf("ahci: %02x:%02x.%x port %d: %s (signature %#x), left alone\n", a.bus, a.dev, a.fn, no, what, sig);
    ahci_port_detach(p);
    kfree(p);
    return 0;
}

/* Every implemented port with a device on its link; how many disks. */
static int ahci_ports(struct ahci *h)
{
    uint32_t pi = mmio_rd32(h->abar, AHCI_PI);
    int disks = 0;
    for (int no = 0; no < 32; no++)
        if ((pi & (1u << no)) && mmio_wait32(h->abar + AHCI_PORT(no), PX_SSTS, 0xf, 3, AHCI_LINK_MS))
            disks += ahci_port_probe(h, no);
    return disks;
}

static int ahci_setup(struct ahci *h, struct pci_dev *d)
{
    struct pci_bar *bar = &d->bar[AHCI_ABAR];
    if (bar->io || bar->size < AHCI_PORT(1))
        return -ENODEV;
    h->pci = d;
    if (!(h->abar = kmap_mmio(bar->base, MIN(bar->size, (uint64_t)AHCI_PORT(32)))))
        return -ENOMEM;
    pci_enable(d);
    return ahci_reset(h);
}

static void ahci_describe(struct ahci *h)
{
    struct pci_addr a = h->pci->addr;
    uint32_t cap = mmio_rd32(h->abar, AHCI_CAP), vs = mmio_rd32(h->abar, AHCI_VS);
    kprintf("ahci: %02x:%02x.%x AHCI %x.%x, %d ports (%#x), %u command slots, %s DMA\n", a.bus, a.dev, a.fn,
            vs >> 16, (vs >> 8) & 0xff, (cap & 0x1f) + 1, mmio_rd32(h->abar, AHCI_PI), AHCI_CAP_NCS(cap),
            h->dma64 ? "64-bit" : "32-bit");
}

/* An HBA is taken only with a disk on it. Its interrupt is routed
 * (MSI-X, MSI, else INTx) before its disks are registered, and comes on
 * (GHC.IE) once their ports are set up; an HBA without a disk never
 * interrupts. */
static int ahci_probe(struct pci_dev *d)
{
    if (nhbas == AHCI_MAX)
        return -ENODEV;
    struct ahci *h = kmalloc(sizeof(*h));
    int err = -ENOMEM;
    char how[48];
    if (h) {
        memset(h, 0, sizeof(*h));
        err = ahci_setup(h, d);
    }
    if (!err && pci_irq_msi(d, ahci_vector(), how, sizeof(how)) != 0 &&
        pci_irq_intx(d, ahci_interrupt, how, sizeof(how)) != 0)
        err = -ENODEV;           /* no interrupt at all: docs/drivers.md */
    if (err) {
        kprintf("ahci: %02x:%02x.%x not used (error %d)\n", d->addr.bus, d->addr.dev, d->addr.fn, err);
        return err;              /* what it took stays: boot only, rare */
    }
    ahci_describe(h);
    int disks = ahci_ports(h);
    if (!disks) {
        kprintf("ahci: %02x:%02x.%x: no disk on any port\n", d->addr.bus, d->addr.dev, d->addr.fn);
        return -ENODEV;          /* what it took stays: boot only */
    }
    hbas[nhbas] = h;
    __atomic_store_n(&nhbas, nhbas + 1, __ATOMIC_RELEASE);
    mmio_wr32(h->abar, AHCI_IS, 0xffffffff);
    mmio_wr32(h->abar, AHCI_GHC, AHCI_GHC_AE | AHCI_GHC_IE);
    kprintf("ahci: %02x:%02x.%x: %d disk%s, %s\n", d->addr.bus, d->addr.dev, d->addr.fn, disks,
            disks == 1 ? "" : "s", how);
    return 0;
}

static const struct pci_driver ahci_driver = {
    .name = "ahci", .probe = ahci_probe, .class_code = PCI_CLASS(0x01, 0x06, 0x01),
};

void ahci_init(void)
{
    pci_driver_register(&ahci_driver);
}
