/* xhci.h -- the xHCI USB host controller (docs/drivers.md, "USB keyboard
 * (xHCI)"): what the controller's files share.
 *
 *   xhci.c       the PCI function: hand-off from the firmware, reset, the
 *                device context array, scratchpad, interrupts; commands
 *   xhci_ring.c  TRB rings: the command and transfer rings the driver
 *                fills, the event ring the controller fills
 *   xhci_port.c  the root hub's ports: reset, slot, address, the control
 *                transfers that read descriptors and configure a device
 *   xhci_kbd.c   a device found to be a HID boot keyboard: its interrupt
 *                endpoint, the reports it sends (to dev/usb_kbd.c)
 *
 * Numbers are from the xHCI specification 1.2 (sections in comments).
 * Every structure the controller reads or writes is in whole pages from
 * the page allocator, made only once a controller is found.
 *
 * x->lock ("xhci", one per controller) guards the rings, the event
 * ring's dequeue side, the wait slot and the device table; the interrupt
 * handler (any CPU) and the boot-time enumeration both take it. Lock
 * order: xhci -> usb kbd -> the input path's locks (a report becomes
 * keys under it: dev/usb_kbd.c). */
#ifndef DEV_XHCI_H
#define DEV_XHCI_H
#include <stdbool.h>
#include <stdint.h>
#include "dev/pci.h"
#include "kernel/spinlock.h"

/* A transfer request block (6.4): 16 bytes, the cycle bit in control. */
struct xhci_trb {
    uint64_t param;
    uint32_t status;
    uint32_t control;
};

#define TRB_CYCLE       (1u << 0)
#define TRB_TC          (1u << 1)      /* link: toggle the cycle bit */
#define TRB_ISP         (1u << 2)
#define TRB_IOC         (1u << 5)
#define TRB_IDT         (1u << 6)      /* setup: the packet is in param */
#define TRB_BSR         (1u << 9)
#define TRB_DIR_IN      (1u << 16)
#define TRB_TYPE(t)     ((uint32_t)(t) << 10)
#define TRB_TYPE_OF(c)  (((c) >> 10) & 0x3f)
#define TRB_SLOT(s)     ((uint32_t)(s) << 24)
#define TRB_SLOT_OF(c)  ((c) >> 24)
#define TRB_EP_OF(c)    (((c) >> 16) & 0x1f)
#define TRB_CODE_OF(s)  ((s) >> 24)

enum {                                  /* TRB types (6.4.6) */
    TRB_NORMAL = 1, TRB_SETUP = 2, TRB_DATA = 3, TRB_STATUS = 4, TRB_LINK = 6,
    TRB_ENABLE_SLOT = 9, TRB_DISABLE_SLOT = 10, TRB_ADDRESS_DEVICE = 11,
    TRB_CONFIGURE_EP = 12, TRB_EVALUATE_CTX = 13,
    TRB_EV_TRANSFER = 32, TRB_EV_COMMAND = 33, TRB_EV_PORT = 34,
};
#define CC_SUCCESS 1                    /* completion codes (6.4.5) */
#define CC_STALL   6
#define CC_SHORT   13

/* A ring of TRBs in one page; the last is a link back to the first. */
#define XHCI_RING_TRBS (4096 / 16)
struct xhci_ring {
    struct xhci_trb *trb;
    paddr_t pa;
    unsigned idx;                       /* the next TRB to fill or read */
    uint32_t cycle;                     /* the producer's cycle state */
};

struct usb_kbd;

/* A device with a slot: what the enumeration and the keyboard keep. */
struct xhci_dev {
    struct xhci *x;
    int slot, port, speed;
    uint8_t *in_ctx, *out_ctx;          /* input and output device contexts */
    uint8_t *buf;                       /* descriptors and reports (in out_ctx's page) */
    struct xhci_ring ep0, intr;
    int intr_dci;                       /* the interrupt IN endpoint's context index */
    struct usb_kbd *kbd;                /* dev/usb_kbd.c's record */
};
#define XDEV_BUF_OFF   2048             /* buf: out_ctx + this, 2 KiB */
#define XDEV_REPORT    1536             /* where in buf an interrupt report lands */

#define XHCI_MAX_DEVS 8

struct xhci {
    struct spinlock lock;
    struct pci_dev *pci;
    int index;                          /* xhci0, xhci1, ... */
    volatile uint8_t *cap, *op, *rt, *db;
    int nports, nslots, ctx_size;
    bool ac64;                          /* 64-bit addresses for DMA */
    bool polled;                        /* no MSI-X or MSI: the tick polls */
    uint64_t *dcbaa;                    /* device context base addresses */
    struct xhci_ring cmd;
    struct xhci_ring ev;                /* idx, cycle: the consumer's */
    /* The one command or control transfer the enumeration waits for
     * (boot, one CPU): the TRB whose event ends it, and that event. */
    paddr_t wait_trb;
    bool wait_done;
    uint32_t wait_status, wait_control;
    struct xhci_dev *devs[XHCI_MAX_DEVS];   /* keyboards, by index */
    int ndevs;
    uint32_t mf_last;                   /* MFINDEX when last read */
    uint64_t mf_total;                  /* microframes (125 us) counted since */
};

/* Registers (5.3-5.6), as offsets from cap, op and the interrupter. */
#define CAP_LENGTH     0x00
#define CAP_VERSION    0x02
#define CAP_HCSPARAMS1 0x04
#define CAP_HCSPARAMS2 0x08
#define CAP_HCCPARAMS1 0x10
#define CAP_DBOFF      0x14
#define CAP_RTSOFF     0x18
#define OP_USBCMD      0x00
#define OP_USBSTS      0x04
#define OP_PAGESIZE    0x08
#define OP_CRCR        0x18
#define OP_DCBAAP      0x30
#define OP_CONFIG      0x38
#define OP_PORTSC(n)   (0x400 + 0x10 * ((n) - 1))
#define RT_MFINDEX     0x00             /* microframe index, 14 bits (5.5.1) */
#define IR0            0x20             /* interrupter 0 in the runtime registers */
#define IR_IMAN        0x00
#define IR_IMOD        0x04
#define IR_ERSTSZ      0x08
#define IR_ERSTBA      0x10
#define IR_ERDP        0x18

#define CMD_RUN   (1u << 0)
#define CMD_RESET (1u << 1)
#define CMD_INTE  (1u << 2)
#define STS_HALTED   (1u << 0)
#define STS_EINT     (1u << 3)
#define STS_NOT_READY (1u << 11)
#define IMAN_IP   (1u << 0)
#define IMAN_IE   (1u << 1)
#define ERDP_EHB  (1u << 3)

static inline uint32_t xhci_rd32(volatile uint8_t *b, uint32_t off) { return *(volatile uint32_t *)(b + off); }
static inline void xhci_wr32(volatile uint8_t *b, uint32_t off, uint32_t v) { *(volatile uint32_t *)(b + off) = v; }
/* 64-bit registers as two halves, low first (5.1). */
static inline void xhci_wr64(volatile uint8_t *b, uint32_t off, uint64_t v)
{
    xhci_wr32(b, off, (uint32_t)v);
    xhci_wr32(b, off + 4, (uint32_t)(v >> 32));
}

/* xhci.c */
/* xhci_init: register the driver (before pci_scan). xhci_found: a
 * controller was taken (after pci_scan); without one, dev/dev.c gives
 * the driver's pages back (kernel.ld's .usb_code). */
void xhci_init(void);
bool xhci_found(void);
/* xhci_page: a zeroed page the controller may reach (below 4 GiB without
 * AC64), its physical address in *pa; NULL when there is none. */
void *xhci_page(struct xhci *x, paddr_t *pa);
void xhci_page_free(void *kva);
/* xhci_command: run one command (its TRB given) and wait for its
 * completion; the completion code, or -1 on a timeout. *slot: the slot
 * the event names (may be NULL). Boot only. */
int xhci_command(struct xhci *x, uint64_t param, uint32_t control, int *slot);
/* xhci_wait: ring doorbell `db` with `target` and wait for the event of
 * the TRB at pa; the completion code, or -1 on a timeout; the event's
 * control word in *control (may be NULL). Boot only. */
int xhci_wait(struct xhci *x, paddr_t pa, int db, uint32_t target, uint32_t *control);

/* xhci_ring.c */
int xhci_ring_init(struct xhci *x, struct xhci_ring *r);
/* xhci_ring_push: fill the next TRB (cycle bit last, so the controller
 * never sees half of it); its physical address. Caller holds x->lock. */
paddr_t xhci_ring_push(struct xhci *x, struct xhci_ring *r, uint64_t param, uint32_t status, uint32_t control);
/* xhci_events: take every event the controller has posted. Caller holds
 * x->lock. */
void xhci_events(struct xhci *x);

/* xhci_port.c */
/* xhci_ports_scan: enumerate every connected root-hub port (boot). */
void xhci_ports_scan(struct xhci *x);
/* xhci_control: a control transfer on EP0 (9.3 of the USB 2.0 spec); the
 * completion code, or -1 on a timeout. */
int xhci_control(struct xhci_dev *d, uint8_t type, uint8_t req, uint16_t value, uint16_t index,
                 uint16_t len, void *data);
static inline uint8_t *xhci_ctx(struct xhci *x, uint8_t *base, int i) { return base + i * x->ctx_size; }

/* xhci_kbd.c */
/* xhci_kbd_attach: d (configured, interface iface, endpoint ep: its
 * address, max packet, interval) is a boot keyboard: set it up and start
 * its reports. 0, or a negative error. */
int xhci_kbd_attach(struct xhci_dev *d, int iface, const uint8_t *ep);
/* xhci_kbd_event: a transfer event on a keyboard's interrupt endpoint.
 * Caller holds x->lock. */
void xhci_kbd_event(struct xhci *x, const struct xhci_trb *ev);
#endif
