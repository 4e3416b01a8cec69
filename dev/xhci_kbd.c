/* xhci_kbd.c -- a HID boot keyboard on an xHCI slot (xhci.h): the
 * requests that put it in boot protocol, its interrupt IN endpoint, and
 * the reports that come back on it (to dev/usb_kbd.c).
 *
 * One Normal TRB is outstanding on the endpoint at a time, for one 8-byte
 * boot report (HID 1.11, appendix B.1). The controller polls the device
 * at the endpoint's interval; when a report arrives, its event is taken
 * (interrupt handler or tick, under x->lock), the report handed on and
 * the TRB queued again before the lock is let go. */
#include "kernel/kernel.h"
#include "dev/xhci.h"
#include "dev/usb_kbd.h"
#include "include/weensy/errno.h"

#define HID_SET_IDLE     0x0a           /* class requests (HID 1.11, 7.2) */
#define HID_SET_PROTOCOL 0x0b
#define HID_REQ_TYPE     0x21           /* class, interface, host to device */
#define HID_BOOT_PROTOCOL 0
#define HID_REPORT_LEN   8
#define EP_TYPE_INT_IN   7

/* The endpoint's interval as the controller counts it: 2^n x 125 us
 * (6.2.3.6). Full and low speed give milliseconds, faster ones already an
 * exponent (of 125 us frames, minus one). */
static uint32_t kbd_interval(int speed, int binterval)
{
    if (speed >= 3)
        return (uint32_t)MAX(MIN(binterval, 16), 1) - 1;
    int n = 3;
    while (n < 10 && (1 << (n + 1)) <= binterval * 8)
        n++;
    return (uint32_t)n;
}

/* Configure Endpoint (4.6.6): the slot context with the new last entry,
 * and the interrupt endpoint's context with its ring. */
static int kbd_configure(struct xhci_dev *d, const uint8_t *ep)
{
    struct xhci *x = d->x;
    int num = ep[2] & 0xf, mps = (ep[4] | ep[5] << 8) & 0x7ff;
    d->intr_dci = num * 2 + 1;                          /* IN endpoints: odd */
    if (xhci_ring_init(x, &d->intr))
        return -ENOMEM;
    uint32_t *icc = (uint32_t *)xhci_ctx(x, d->in_ctx, 0);
    uint32_t *slot = (uint32_t *)xhci_ctx(x, d->in_ctx, 1);
    uint32_t *epc = (uint32_t *)xhci_ctx(x, d->in_ctx, d->intr_dci + 1);
    icc[0] = 0;
    icc[1] = 1u << 0 | 1u << d->intr_dci;
    slot[0] = (slot[0] & ~(0x1fu << 27)) | (uint32_t)d->intr_dci << 27;
    epc[0] = kbd_interval(d->speed, ep[6]) << 16;
    epc[1] = 3u << 1 | (uint32_t)EP_TYPE_INT_IN << 3 | (uint32_t)mps << 16;
    *(uint64_t *)&epc[2] = d->intr.pa | TRB_CYCLE;
    epc[4] = (uint32_t)mps << 16 | (uint32_t)HID_REPORT_LEN;   /* max ESIT payload, average TRB */
    int code = xhci_command(x, kva_to_pa(d->in_ctx), TRB_TYPE(TRB_CONFIGURE_EP) | TRB_SLOT(d->slot), NULL);
    return code == CC_SUCCESS ? 0 : -EIO;
}

/* Queue the TRB for the next report and ring the endpoint's doorbell.
 * Caller holds x->lock. */
static void kbd_queue(struct xhci_dev *d)
{
    assert(spin_holding(&d->x->lock));
    xhci_ring_push(d->x, &d->intr, kva_to_pa(d->buf + XDEV_REPORT), HID_REPORT_LEN,
                   TRB_TYPE(TRB_NORMAL) | TRB_IOC | TRB_ISP);
    xhci_wr32(d->x->db, 4 * (uint32_t)d->slot, (uint32_t)d->intr_dci);
}

int xhci_kbd_attach(struct xhci_dev *d, int iface, const uint8_t *ep)
{
    struct xhci *x = d->x;
    if (x->ndevs == XHCI_MAX_DEVS)
        return -ENOSPC;
    /* Boot protocol: the fixed 8-byte report, whatever its report
     * descriptor says. */
    if (xhci_control(d, HID_REQ_TYPE, HID_SET_PROTOCOL, HID_BOOT_PROTOCOL, (uint16_t)iface, 0, NULL) != CC_SUCCESS)
        return -EIO;
    int err = kbd_configure(d, ep);
    if (err)
        return err;
    d->kbd = usb_kbd_new();
    if (!d->kbd)
        return -ENOMEM;
    /* Idle rate 0: a report only when something changes; the repeat is
     * ours (usb_kbd.c). Some keyboards stall this request, which leaves
     * only EP0 halted: it is not used again, so that is no loss. */
    int code = xhci_control(d, HID_REQ_TYPE, HID_SET_IDLE, 0, (uint16_t)iface, 0, NULL);
    kprintf("xhci%d: port %d: keyboard usb-kbd%d, slot %d, endpoint %#x, interval %d%s\n", x->index, d->port,
            usb_kbd_index(d->kbd), d->slot, ep[2], ep[6], code == CC_SUCCESS ? "" : " (SET_IDLE refused)");
    spin_lock(&x->lock);
    x->devs[x->ndevs++] = d;
    kbd_queue(d);
    spin_unlock(&x->lock);
    return 0;
}

void xhci_kbd_event(struct xhci *x, const struct xhci_trb *ev)
{
    assert(spin_holding(&x->lock));
    int slot = (int)TRB_SLOT_OF(ev->control), dci = (int)TRB_EP_OF(ev->control);
    for (int i = 0; i < x->ndevs; i++) {
        struct xhci_dev *d = x->devs[i];
        if (d->slot != slot || d->intr_dci != dci)
            continue;
        int code = (int)TRB_CODE_OF(ev->status);
        uint32_t left = ev->status & 0xffffff;
        if (code == CC_SUCCESS || code == CC_SHORT)
            usb_kbd_report(d->kbd, d->buf + XDEV_REPORT, HID_REPORT_LEN - MIN(left, HID_REPORT_LEN));
        else
            kprintf("xhci%d: keyboard on port %d: transfer error %d, reports stop\n", x->index, d->port, code);
        if (code == CC_SUCCESS || code == CC_SHORT)
            kbd_queue(d);
        return;
    }
}
