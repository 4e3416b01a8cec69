/* xhci.c -- an xHCI controller as a PCI function (xhci.h): taken from the
 * firmware, reset, given its tables and started, then its ports scanned.
 *
 * Start-up (xHCI 4.2): wait for Controller Not Ready to clear, stop and
 * reset, then the slot count, the device context base array (entry 0:
 * the scratchpad pages the controller asked for), the command ring, the
 * event ring of interrupter 0 through a one-entry segment table, and
 * Run. Commands and the enumeration's control transfers are waited for
 * by polling the event ring under x->lock; the interrupt handler, which
 * takes the same lock, may be the one that finds the event, which is as
 * good. After boot only keyboards' reports arrive: by MSI-X, else MSI
 * (to the boot CPU), else the INTx pin through the I/O APIC, else the
 * tick polls the event ring. */
#include "kernel/kernel.h"
#include "dev/xhci.h"
#include "dev/usb_kbd.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/kmap_mmio.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define XHCI_MAX 4
#define XHCI_SLOTS_MAX 32               /* slots enabled: plenty for a keyboard */
#define XHCI_SCRATCH_MAX 256            /* scratchpad pages we are willing to give */
#define XHCI_TIMEOUT_US 500000
#define CAP_XECP_LEGACY 1               /* extended capability: USB legacy support (7.1) */
#define LEGACY_BIOS_OWNED (1u << 16)
#define LEGACY_OS_OWNED   (1u << 24)
/* Intel 7- and 8-series chipsets (Panther Point 1e31, Lynx Point 8c31
 * and its LP 9c31) share their USB 2 ports with an EHCI controller and
 * may boot with them routed there: each port whose bit the mask register
 * allows is switched to the xHCI, USB 3 first (Intel's datasheets, xHCI
 * PCI configuration). Other chipsets have other registers there. */
#define INTEL_USB3_PSSEN  0xd8
#define INTEL_USB3PRM     0xdc
#define INTEL_XUSB2PR     0xd0
#define INTEL_XUSB2PRM    0xd4

/* Written at boot (one CPU) before the count that publishes them. */
static struct xhci *xhcis[XHCI_MAX];
static int nxhcis;

void *xhci_page(struct xhci *x, paddr_t *pa)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg)
        return NULL;
    if (!x->ac64 && page_to_pa(pg) >= (1UL << 32)) {
        page_put(pg);                   /* rare: memory above 4 GiB first */
        return NULL;
    }
    *pa = page_to_pa(pg);
    return page_kva(pg);
}

void xhci_page_free(void *kva)
{
    if (kva)
        page_put(pa_to_page(kva_to_pa(kva)));
}

/* Spin until (reg & mask) == want, at most XHCI_TIMEOUT_US; true if so. */
static bool xhci_until(volatile uint8_t *base, uint32_t off, uint32_t mask, uint32_t want)
{
    for (int us = 0; us < XHCI_TIMEOUT_US; us += 100) {
        if ((xhci_rd32(base, off) & mask) == want)
            return true;
        timer_delay_us(100);
    }
    return false;
}

int xhci_wait(struct xhci *x, paddr_t pa, int db, uint32_t target, uint32_t *control)
{
    spin_lock(&x->lock);
    x->wait_trb = pa;
    x->wait_done = false;
    xhci_wr32(x->db, 4 * db, target);
    spin_unlock(&x->lock);
    for (int us = 0; us < XHCI_TIMEOUT_US; us += 50) {
        spin_lock(&x->lock);
        xhci_events(x);
        bool done = x->wait_done;
        int code = TRB_CODE_OF(x->wait_status);
        if (done && control)
            *control = x->wait_control;
        if (!done && us + 50 >= XHCI_TIMEOUT_US)
            x->wait_trb = 0;            /* given up: a late event is ignored */
        spin_unlock(&x->lock);
        if (done)
            return code;
        timer_delay_us(50);
    }
    return -1;
}

int xhci_command(struct xhci *x, uint64_t param, uint32_t control, int *slot)
{
    spin_lock(&x->lock);
    paddr_t pa = xhci_ring_push(x, &x->cmd, param, 0, control);
    spin_unlock(&x->lock);
    uint32_t control_ev = 0;
    int code = xhci_wait(x, pa, 0, 0, &control_ev);
    if (slot)
        *slot = (int)TRB_SLOT_OF(control_ev);
    return code;
}

/* Take the controller from the firmware (7.1.1): ask for it and wait for
 * the BIOS-owned flag to clear; then no SMIs from it. */
static void xhci_handoff(struct xhci *x)
{
    uint32_t off = (xhci_rd32(x->cap, CAP_HCCPARAMS1) >> 16) << 2;
    for (int n = 0; off && n < 64; n++) {
        uint32_t v = xhci_rd32(x->cap, off);
        if ((v & 0xff) == CAP_XECP_LEGACY) {
            xhci_wr32(x->cap, off, v | LEGACY_OS_OWNED);
            if (!xhci_until(x->cap, off, LEGACY_BIOS_OWNED, 0))
                kprintf("xhci%d: the firmware did not let go; taking it anyway\n", x->index);
            /* SMI enables off; the RW1C status bits cleared. */
            xhci_wr32(x->cap, off + 4, 0xe0000000u);
            return;
        }
        uint32_t next = (v >> 8) & 0xff;
        off = next ? off + (next << 2) : 0;
    }
}

static void xhci_intel_route(struct pci_dev *d)
{
    if (d->vendor != 0x8086 || (d->device != 0x1e31 && d->device != 0x8c31 && d->device != 0x9c31))
        return;
    pci_cfg_write32(d->addr, INTEL_USB3_PSSEN, pci_cfg_read32(d->addr, INTEL_USB3PRM));
    pci_cfg_write32(d->addr, INTEL_XUSB2PR, pci_cfg_read32(d->addr, INTEL_XUSB2PRM));
}

static int xhci_reset(struct xhci *x)
{
    if (!xhci_until(x->op, OP_USBSTS, STS_NOT_READY, 0))
        return -ETIMEDOUT;
    xhci_wr32(x->op, OP_USBCMD, xhci_rd32(x->op, OP_USBCMD) & ~(CMD_RUN | CMD_INTE));
    if (!xhci_until(x->op, OP_USBSTS, STS_HALTED, STS_HALTED))
        return -ETIMEDOUT;
    xhci_wr32(x->op, OP_USBCMD, CMD_RESET);
    if (!xhci_until(x->op, OP_USBCMD, CMD_RESET, 0) || !xhci_until(x->op, OP_USBSTS, STS_NOT_READY, 0))
        return -ETIMEDOUT;
    return 0;
}

/* The scratchpad (4.20): pages only the controller uses, listed in an
 * array whose address goes in the device context base array's entry 0. */
static int xhci_scratchpad(struct xhci *x)
{
    uint32_t p2 = xhci_rd32(x->cap, CAP_HCSPARAMS2);
    int n = (int)(((p2 >> 21) & 0x1f) << 5 | (p2 >> 27));
    if (n == 0)
        return 0;
    if (n > XHCI_SCRATCH_MAX)
        return -ENOMEM;
    paddr_t array_pa;
    uint64_t *array = xhci_page(x, &array_pa);
    if (!array)
        return -ENOMEM;
    for (int i = 0; i < n; i++) {
        paddr_t pa;
        if (!xhci_page(x, &pa))
            return -ENOMEM;             /* boot only: what was taken stays */
        array[i] = pa;
    }
    x->dcbaa[0] = array_pa;
    kprintf("xhci%d: %d scratchpad pages\n", x->index, n);
    return 0;
}

/* The tables (5.4.6-5.4.8, 5.5.2): the context array and the event ring
 * segment table share a page. */
static int xhci_tables(struct xhci *x)
{
    paddr_t pa, ev_pa;
    if (!(x->dcbaa = xhci_page(x, &pa)) || xhci_scratchpad(x) || xhci_ring_init(x, &x->cmd) ||
        !(x->ev.trb = xhci_page(x, &ev_pa)))
        return -ENOMEM;
    x->ev.pa = ev_pa;
    x->ev.cycle = TRB_CYCLE;
    uint64_t *erst = (uint64_t *)((uint8_t *)x->dcbaa + 2048);
    erst[0] = ev_pa;
    erst[1] = XHCI_RING_TRBS;
    xhci_wr32(x->op, OP_CONFIG, (uint32_t)x->nslots);
    xhci_wr64(x->op, OP_DCBAAP, pa);
    xhci_wr64(x->op, OP_CRCR, x->cmd.pa | TRB_CYCLE);
    xhci_wr32(x->rt, IR0 + IR_ERSTSZ, 1);
    xhci_wr64(x->rt, IR0 + IR_ERDP, ev_pa);
    xhci_wr64(x->rt, IR0 + IR_ERSTBA, pa + 2048);
    xhci_wr32(x->rt, IR0 + IR_IMOD, 0);
    return 0;
}

static void xhci_interrupt(struct trapframe *tf)
{
    (void)tf;
    int n = __atomic_load_n(&nxhcis, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++) {
        struct xhci *x = xhcis[i];
        spin_lock(&x->lock);
        /* Both flags are write-1-to-clear; cleared before the ring is
         * read, so an event posted meanwhile raises a new interrupt. */
        xhci_wr32(x->op, OP_USBSTS, STS_EINT);
        xhci_wr32(x->rt, IR0 + IR_IMAN, IMAN_IE | IMAN_IP);
        xhci_events(x);
        spin_unlock(&x->lock);
    }
}

/* The controller's microframe index as a clock: it counts 125 us frames
 * while the controller runs, whatever the boot's calibration made of the
 * TSC and the tick, and wraps every 2.048 s; read at every tick, no wrap
 * is missed. Caller holds x->lock. */
static uint64_t xhci_clock_us(struct xhci *x)
{
    assert(spin_holding(&x->lock));
    uint32_t mf = xhci_rd32(x->rt, RT_MFINDEX) & 0x3fff;
    x->mf_total += (mf - x->mf_last) & 0x3fff;
    x->mf_last = mf;
    return x->mf_total * 125;
}

/* Without MSI-X or MSI the tick does the handler's work (10 ms late at
 * most, which a keyboard does not mind); the tick also repeats keys, by
 * the first controller's clock. */
static void xhci_tick(const struct trapframe *tf)
{
    (void)tf;
    int n = __atomic_load_n(&nxhcis, __ATOMIC_ACQUIRE);
    uint64_t now = 0;
    for (int i = 0; i < n; i++) {
        struct xhci *x = xhcis[i];
        spin_lock(&x->lock);
        if (x->polled)
            xhci_events(x);
        if (i == 0)
            now = xhci_clock_us(x);
        spin_unlock(&x->lock);
    }
    if (n > 0)
        usb_kbd_tick(now);
}

/* One vector for every controller, and the tick hook: made by the first
 * controller found. */
static int vector;                      /* boot only: one CPU probes */

static bool xhci_irq_msi(struct xhci *x, char *how, size_t size)
{
    if (!vector) {
        vector = irq_apic() ? irq_alloc_vector(xhci_interrupt) : -1;
        timer_add_tick_hook(xhci_tick);
    }
    return pci_irq_msi(x->pci, vector, how, size) == 0;
}

/* The INTx pin (after MSI-X and MSI) once the controller is published:
 * a raised pin whose handler does not yet see the controller would come
 * straight back. Events that came before wait on the ring, and the
 * pin, raised, brings the handler to them. Else the tick polls. */
static void xhci_irq_intx(struct xhci *x, char *how, size_t size)
{
    if (pci_irq_intx(x->pci, xhci_interrupt, how, size) == 0)
        return;
    snprintf(how, size, "polled by the tick");
    spin_lock(&x->lock);
    x->polled = true;
    spin_unlock(&x->lock);
}

/* The interrupter is enabled after MSI-X or MSI is (QEMU's controller
 * arms its MSI-X vector when IMAN.IE is written, not after). */
static int xhci_start(struct xhci *x, bool *msi, char *how, size_t size)
{
    xhci_handoff(x);
    int err = xhci_reset(x);
    xhci_intel_route(x->pci);
    if (err || (err = xhci_tables(x)))
        return err;
    *msi = xhci_irq_msi(x, how, size);
    xhci_wr32(x->rt, IR0 + IR_IMAN, IMAN_IE | IMAN_IP);
    xhci_wr32(x->op, OP_USBCMD, CMD_RUN | CMD_INTE);
    if (!xhci_until(x->op, OP_USBSTS, STS_HALTED, 0))
        return -ETIMEDOUT;
    return 0;
}

static int xhci_setup(struct xhci *x, struct pci_dev *d, bool *msi, char *how, size_t size)
{
    struct pci_bar *bar = &d->bar[0];
    if (bar->io || !bar->size || !(x->cap = kmap_mmio(bar->base, bar->size)))
        return -ENODEV;
    pci_enable(d);
    uint32_t p1 = xhci_rd32(x->cap, CAP_HCSPARAMS1), c1 = xhci_rd32(x->cap, CAP_HCCPARAMS1);
    x->op = x->cap + (xhci_rd32(x->cap, CAP_LENGTH) & 0xff);
    x->rt = x->cap + (xhci_rd32(x->cap, CAP_RTSOFF) & ~0x1fu);
    x->db = x->cap + (xhci_rd32(x->cap, CAP_DBOFF) & ~0x3u);
    x->nports = (int)(p1 >> 24);
    x->nslots = (int)MIN(p1 & 0xff, XHCI_SLOTS_MAX);
    x->ac64 = c1 & 1;
    x->ctx_size = (c1 & (1u << 2)) ? 64 : 32;
    if (!(xhci_rd32(x->op, OP_PAGESIZE) & 1))
        return -ENODEV;                 /* no 4 KiB pages: not one we know */
    return xhci_start(x, msi, how, size);
}

static int xhci_probe(struct pci_dev *d)
{
    if (nxhcis == XHCI_MAX)
        return -ENODEV;
    _Static_assert(sizeof(struct xhci) <= KMALLOC_MAX, "one small kmalloc");
    struct xhci *x = kmalloc(sizeof(*x));
    if (!x)
        return -ENOMEM;
    spinlock_init(&x->lock, "xhci");
    x->pci = d;
    x->index = nxhcis;
    char how[48];
    bool msi = false;
    int err = xhci_setup(x, d, &msi, how, sizeof(how));
    if (err) {
        kprintf("xhci: %02x:%02x.%x not used (error %d)\n", d->addr.bus, d->addr.dev, d->addr.fn, err);
        return err;                     /* x and what it took stay: boot only, rare */
    }
    x->mf_last = xhci_rd32(x->rt, RT_MFINDEX) & 0x3fff;
    xhcis[nxhcis] = x;
    __atomic_store_n(&nxhcis, nxhcis + 1, __ATOMIC_RELEASE);
    if (!msi)
        xhci_irq_intx(x, how, sizeof(how));
    uint16_t version = (uint16_t)(xhci_rd32(x->cap, CAP_LENGTH) >> 16);
    kprintf("xhci%d: %02x:%02x.%x xHCI %x.%x, %d ports, %d slots, %d-byte contexts%s, %s\n", x->index,
            d->addr.bus, d->addr.dev, d->addr.fn, version >> 8, (version >> 4) & 0xf, x->nports, x->nslots,
            x->ctx_size, x->ac64 ? "" : ", 32-bit DMA", how);
    xhci_ports_scan(x);
    return 0;
}

static const struct pci_driver xhci_driver = {
    .name = "xhci", .class_code = PCI_CLASS(0x0c, 0x03, 0x30), .probe = xhci_probe,
};

void xhci_init(void)
{
    pci_driver_register(&xhci_driver);
}

/* Once a vector or the tick hook names this code it must stay, even if
 * that controller then failed to start. */
bool xhci_found(void) { return vector != 0; }
