/* xhci_ring.c -- TRB rings (xhci.h; xHCI 4.9).
 *
 * A producer ring (commands, a device's transfers) is one page of TRBs
 * whose last is a link back to the first with "toggle cycle": the driver
 * writes TRBs with its cycle bit, and the controller takes those whose
 * bit matches its own, so a TRB the driver has not written yet (the old
 * cycle) is never taken. The event ring is the other way round: the
 * controller writes, the driver reads each TRB whose cycle bit matches
 * the one it expects, and tells the controller how far it has read
 * (ERDP) so the controller may write over what is behind. */
#include "kernel/kernel.h"
#include "dev/xhci.h"
#include "include/weensy/errno.h"

int xhci_ring_init(struct xhci *x, struct xhci_ring *r)
{
    r->trb = xhci_page(x, &r->pa);
    if (!r->trb)
        return -ENOMEM;
    r->idx = 0;
    r->cycle = TRB_CYCLE;
    return 0;
}

paddr_t xhci_ring_push(struct xhci *x, struct xhci_ring *r, uint64_t param, uint32_t status, uint32_t control)
{
    assert(spin_holding(&x->lock));
    struct xhci_trb *t = &r->trb[r->idx];
    paddr_t pa = r->pa + r->idx * sizeof(*t);
    t->param = param;
    t->status = status;
    __atomic_store_n(&t->control, (control & ~TRB_CYCLE) | r->cycle, __ATOMIC_RELEASE);
    if (++r->idx == XHCI_RING_TRBS - 1) {
        /* The link TRB: handed over like any other, then the wrap. */
        struct xhci_trb *link = &r->trb[r->idx];
        link->param = r->pa;
        link->status = 0;
        __atomic_store_n(&link->control, TRB_TYPE(TRB_LINK) | TRB_TC | r->cycle, __ATOMIC_RELEASE);
        r->idx = 0;
        r->cycle ^= TRB_CYCLE;
    }
    return pa;
}

/* One event: the end of the command or transfer being waited for, or a
 * keyboard's report. Port changes need nothing (no hot plug). */
static void xhci_event(struct xhci *x, const struct xhci_trb *ev)
{
    uint32_t type = TRB_TYPE_OF(ev->control);
    if (type != TRB_EV_COMMAND && type != TRB_EV_TRANSFER)
        return;
    if (x->wait_trb && ev->param == x->wait_trb) {
        x->wait_status = ev->status;
        x->wait_control = ev->control;
        x->wait_trb = 0;
        __atomic_store_n(&x->wait_done, true, __ATOMIC_RELEASE);
        return;
    }
    if (type == TRB_EV_TRANSFER)
        xhci_kbd_event(x, ev);
}

static bool xhci_event_ready(struct xhci_ring *r)
{
    return (__atomic_load_n(&r->trb[r->idx].control, __ATOMIC_ACQUIRE) & TRB_CYCLE) == r->cycle;
}

void xhci_events(struct xhci *x)
{
    assert(spin_holding(&x->lock));
    struct xhci_ring *r = &x->ev;
    do {
        while (xhci_event_ready(r)) {
            struct xhci_trb ev = r->trb[r->idx];
            xhci_event(x, &ev);
            if (++r->idx == XHCI_RING_TRBS) {
                r->idx = 0;
                r->cycle ^= TRB_CYCLE;
            }
        }
        /* Written even when nothing was new: EHB (write 1 to clear) stays
         * set from the last interrupt until this write, and while it is
         * set the controller raises no new one (4.17.2) -- the
         * enumeration's polling may have taken the events the interrupt
         * was for. An event posted after the ring was read but before
         * this write raised no interrupt either (EHB was still set), and
         * not every controller raises one for it now (usb.irq.msi lost a
         * key's release that way once in a loaded run): so the ring is
         * looked at again after the write. */
        xhci_wr64(x->rt, IR0 + IR_ERDP, (r->pa + r->idx * sizeof(struct xhci_trb)) | ERDP_EHB);
    } while (xhci_event_ready(r));
}
