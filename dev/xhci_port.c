/* xhci_port.c -- the root hub's ports, at boot (xhci.h; xHCI 4.3).
 *
 * For each port with something connected: reset it (a USB 3 port is
 * enabled by its link training already), Enable Slot, give the slot an
 * output context and address it with an input context naming the slot
 * and its default control endpoint, then read the device descriptor and
 * the configuration's descriptors over that endpoint. A device with a
 * HID boot keyboard interface goes to xhci_kbd.c; any other is named in
 * the log, its slot disabled and its pages given back. No hub support,
 * no hot plug: what is connected at boot is what there is. */
#include "kernel/kernel.h"
#include "dev/xhci.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

#define PORTSC_CCS   (1u << 0)          /* connected */
#define PORTSC_PED   (1u << 1)          /* enabled (write 1: disable) */
#define PORTSC_PR    (1u << 4)          /* reset */
#define PORTSC_PP    (1u << 9)          /* powered */
#define PORTSC_SPEED(v) (((v) >> 10) & 0xf)
#define PORTSC_PRC   (1u << 21)
/* Bits a write must not set back by accident: PED and the change flags
 * (write 1 to clear), the link state strobe. */
#define PORTSC_KEEP_OUT (PORTSC_PED | PORTSC_PR | (1u << 16) | (0x7fu << 17))

#define SPEED_FULL 1                    /* protocol speed IDs (7.2.1) */
#define SPEED_LOW  2
#define SPEED_HIGH 3

#define USB_DT_DEVICE    1              /* descriptor types (USB 2.0, 9.4) */
#define USB_DT_CONFIG    2
#define USB_DT_INTERFACE 4
#define USB_DT_ENDPOINT  5
#define USB_REQ_GET_DESCRIPTOR 6
#define USB_REQ_SET_CONFIGURATION 9
#define USB_IN 0x80

static const char *const speed_names[] = { "?", "full", "low", "high", "super", "super+" };

static uint32_t portsc(struct xhci *x, int port) { return xhci_rd32(x->op, OP_PORTSC(port)); }

static void portsc_set(struct xhci *x, int port, uint32_t bits)
{
    xhci_wr32(x->op, OP_PORTSC(port), (portsc(x, port) & ~PORTSC_KEEP_OUT) | bits);
}

/* A USB 2 port must be reset to be enabled (4.3.1); 0 when enabled. */
static int port_reset(struct xhci *x, int port)
{
    if (portsc(x, port) & PORTSC_PED)
        return 0;
    portsc_set(x, port, PORTSC_PR);
    for (int ms = 0; ms < 500; ms++) {
        uint32_t v = portsc(x, port);
        if (!(v & PORTSC_PR) && (v & PORTSC_PRC)) {
            portsc_set(x, port, PORTSC_PRC);
            timer_delay_us(10000);      /* reset recovery (USB 2.0, 7.1.7.5) */
            return (portsc(x, port) & PORTSC_PED) ? 0 : -EIO;
        }
        timer_delay_us(1000);
    }
    return -ETIMEDOUT;
}

int xhci_control(struct xhci_dev *d, uint8_t type, uint8_t req, uint16_t value, uint16_t index,
                 uint16_t len, void *data)
{
    struct xhci *x = d->x;
    uint64_t setup = type | (uint32_t)req << 8 | (uint32_t)value << 16 | (uint64_t)index << 32 |
                     (uint64_t)len << 48;
    bool in = type & USB_IN;
    uint32_t trt = len == 0 ? 0 : in ? 3 : 2;         /* transfer type: none, IN, OUT */
    spin_lock(&x->lock);
    xhci_ring_push(x, &d->ep0, setup, 8, TRB_TYPE(TRB_SETUP) | TRB_IDT | trt << 16);
    if (len)
        xhci_ring_push(x, &d->ep0, kva_to_pa(data), len, TRB_TYPE(TRB_DATA) | (in ? TRB_DIR_IN : 0));
    /* The status stage goes the other way from the data (IN without data). */
    paddr_t end = xhci_ring_push(x, &d->ep0, 0, 0,
                                 TRB_TYPE(TRB_STATUS) | TRB_IOC | (in && len ? 0 : TRB_DIR_IN));
    spin_unlock(&x->lock);
    return xhci_wait(x, end, d->slot, 1, NULL);
}

static int get_descriptor(struct xhci_dev *d, uint8_t type, uint16_t len)
{
    int code = xhci_control(d, USB_IN, USB_REQ_GET_DESCRIPTOR, (uint16_t)(type << 8), 0, len, d->buf);
    return code == CC_SUCCESS || code == CC_SHORT ? 0 : -EIO;
}

static void dev_free(struct xhci_dev *d)
{
    if (d->slot) {
        xhci_command(d->x, 0, TRB_TYPE(TRB_DISABLE_SLOT) | TRB_SLOT(d->slot), NULL);
        d->x->dcbaa[d->slot] = 0;
    }
    xhci_page_free(d->in_ctx);
    xhci_page_free(d->out_ctx);
    xhci_page_free(d->ep0.trb);
    xhci_page_free(d->intr.trb);
    kfree(d);
}

/* Address Device (4.3.3): the slot context (speed, port, one endpoint)
 * and EP0's (control, its max packet, the ring). */
static int dev_address(struct xhci_dev *d, int mps)
{
    struct xhci *x = d->x;
    paddr_t in_pa, out_pa;
    if (!(d->in_ctx = xhci_page(x, &in_pa)) || !(d->out_ctx = xhci_page(x, &out_pa)) ||
        xhci_ring_init(x, &d->ep0))
        return -ENOMEM;
    d->buf = d->out_ctx + XDEV_BUF_OFF;
    uint32_t *icc = (uint32_t *)xhci_ctx(x, d->in_ctx, 0);
    uint32_t *slot = (uint32_t *)xhci_ctx(x, d->in_ctx, 1);
    uint32_t *ep0 = (uint32_t *)xhci_ctx(x, d->in_ctx, 2);
    icc[1] = 0x3;                                       /* add: slot, EP0 */
    slot[0] = (uint32_t)d->speed << 20 | 1u << 27;      /* context entries: 1 */
    slot[1] = (uint32_t)d->port << 16;
    ep0[1] = 3u << 1 | 4u << 3 | (uint32_t)mps << 16;   /* 3 retries, control */
    *(uint64_t *)&ep0[2] = d->ep0.pa | TRB_CYCLE;
    ep0[4] = 8;                                         /* average TRB length */
    x->dcbaa[d->slot] = out_pa;
    int code = xhci_command(x, in_pa, TRB_TYPE(TRB_ADDRESS_DEVICE) | TRB_SLOT(d->slot), NULL);
    return code == CC_SUCCESS ? 0 : -EIO;
}

/* EP0's real max packet size, from the first 8 bytes of the device
 * descriptor, told to the controller if it differs (4.6.7). */
static int dev_fix_mps(struct xhci_dev *d, int mps)
{
    struct xhci *x = d->x;
    if (get_descriptor(d, USB_DT_DEVICE, 8))
        return -EIO;
    int real = d->speed >= 4 ? 1 << d->buf[7] : d->buf[7];
    if (real == mps || real == 0)
        return 0;
    uint32_t *icc = (uint32_t *)xhci_ctx(x, d->in_ctx, 0);
    uint32_t *ep0 = (uint32_t *)xhci_ctx(x, d->in_ctx, 2);
    icc[0] = 0;
    icc[1] = 0x2;                                       /* EP0 only */
    ep0[1] = (ep0[1] & 0xffff) | (uint32_t)real << 16;
    int code = xhci_command(x, kva_to_pa(d->in_ctx), TRB_TYPE(TRB_EVALUATE_CTX) | TRB_SLOT(d->slot), NULL);
    return code == CC_SUCCESS ? 0 : -EIO;
}

/* Walk the configuration's descriptors for a boot keyboard interface
 * (class 3 HID, subclass 1 boot, protocol 1 keyboard) and its interrupt
 * IN endpoint; its interface number, *ep the endpoint descriptor, or -1. */
static int find_keyboard(const uint8_t *cfg, int total, const uint8_t **ep)
{
    int iface = -1;
    for (int i = 0; i + 2 <= total && cfg[i] >= 2 && i + cfg[i] <= total; i += cfg[i]) {
        const uint8_t *desc = &cfg[i];
        if (desc[1] == USB_DT_INTERFACE && desc[0] >= 9)
            iface = desc[5] == 3 && desc[6] == 1 && desc[7] == 1 ? desc[2] : -1;
        else if (desc[1] == USB_DT_ENDPOINT && desc[0] >= 7 && iface >= 0 && (desc[2] & USB_IN) &&
                 (desc[3] & 3) == 3) {
            *ep = desc;
            return iface;
        }
    }
    return -1;
}

static const char *class_name(int class)
{
    switch (class) {
    case 3: return "HID";
    case 8: return "mass storage";
    case 9: return "hub";
    case 0xe0: return "wireless";
    default: return "other";
    }
}

/* The descriptors: a keyboard is configured and attached; 1 if the
 * device is something else (skipped), a negative error if it failed. */
static int dev_identify(struct xhci_dev *d)
{
    if (get_descriptor(d, USB_DT_DEVICE, 18))
        return -EIO;
    uint16_t vendor = (uint16_t)(d->buf[8] | d->buf[9] << 8), product = (uint16_t)(d->buf[10] | d->buf[11] << 8);
    int dev_class = d->buf[4];
    if (get_descriptor(d, USB_DT_CONFIG, 9))
        return -EIO;
    int total = MIN(d->buf[2] | d->buf[3] << 8, XDEV_REPORT);
    if (get_descriptor(d, USB_DT_CONFIG, (uint16_t)total))
        return -EIO;
    const uint8_t *ep = NULL;
    int iface = find_keyboard(d->buf, total, &ep);
    int class = dev_class ? dev_class : total >= 18 ? d->buf[9 + 5] : 0;
    kprintf("xhci%d: port %d: %s-speed device %04x:%04x, class %02x (%s)", d->x->index, d->port,
            speed_names[d->speed < 6 ? d->speed : 0], vendor, product, class, class_name(class));
    if (iface < 0) {
        kprintf(": not a keyboard, skipped\n");
        return 1;
    }
    kprintf(": boot keyboard\n");
    uint8_t ep_copy[7];
    memcpy(ep_copy, ep, sizeof(ep_copy));
    if (xhci_control(d, 0, USB_REQ_SET_CONFIGURATION, d->buf[5], 0, 0, NULL) != CC_SUCCESS)
        return -EIO;
    return xhci_kbd_attach(d, iface, ep_copy);
}

static int port_enumerate(struct xhci *x, int port)
{
    if (port_reset(x, port))
        return -EIO;
    struct xhci_dev *d = kmalloc(sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->x = x;
    d->port = port;
    d->speed = (int)PORTSC_SPEED(portsc(x, port));
    int mps = d->speed == SPEED_LOW || d->speed == SPEED_FULL ? 8 : d->speed == SPEED_HIGH ? 64 : 512;
    int err = xhci_command(x, 0, TRB_TYPE(TRB_ENABLE_SLOT), &d->slot) == CC_SUCCESS ? 0 : -EIO;
    if (!err && (d->slot <= 0 || d->slot > x->nslots)) {
        d->slot = 0;
        err = -EIO;
    }
    if (!err)
        err = dev_address(d, mps);
    if (!err)
        err = dev_fix_mps(d, mps);
    if (!err)
        err = dev_identify(d);
    if (err)
        dev_free(d);
    return err > 0 ? 0 : err;
}

void xhci_ports_scan(struct xhci *x)
{
    bool powered = false;
    for (int port = 1; port <= x->nports; port++) {
        if (!(portsc(x, port) & PORTSC_PP)) {
            portsc_set(x, port, PORTSC_PP);
            powered = true;
        }
    }
    /* Power good (20 ms), then the attach debounce a hub does before it
     * shows a connection (100 ms, USB 2.0 7.1.7.3). */
    timer_delay_us(powered ? 120000 : 100000);
    for (int port = 1; port <= x->nports; port++) {
        if (!(portsc(x, port) & PORTSC_CCS))
            continue;
        int err = port_enumerate(x, port);
        if (err)
            kprintf("xhci%d: port %d: device not usable (error %d), skipped\n", x->index, port, err);
    }
}
