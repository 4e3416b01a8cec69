/* pci.c -- find every PCI function and give it to its driver (pci.h).
 *
 * The scan is the brute-force one: 256 buses x 32 devices, functions 1-7
 * only where function 0's header says multi-function. It runs once, at
 * boot, on one CPU. Each function is read into a record, printed and
 * offered to the drivers at once; only a record a driver claims is kept
 * (kmalloc'd: a table of every function would be kernel image that
 * mem=2M machines miss). */
#include "kernel/kernel.h"
#include "dev/pci.h"

#include "mm/kmalloc.h"

#define PCI_MAX_DRIVERS 8
#define PCI_HEADER_MULTI 0x80

static const struct pci_driver *drivers[PCI_MAX_DRIVERS];
static int ndrivers;

void pci_driver_register(const struct pci_driver *drv)
{
    if (ndrivers == PCI_MAX_DRIVERS)
        panic("pci: more than %d drivers", PCI_MAX_DRIVERS);
    drivers[ndrivers++] = drv;
}

uint8_t pci_cap_next(const struct pci_dev *d, uint8_t id, uint8_t from)
{
    if (!(pci_cfg_read16(d->addr, PCI_STATUS) & PCI_STATUS_CAPS))
        return 0;
    uint8_t off = from ? pci_cfg_read8(d->addr, from + 1) : pci_cfg_read8(d->addr, PCI_CAP_PTR);
    /* At most 48 capabilities fit in 192 bytes: a loop in a broken list
     * ends there. */
    for (int n = 0; off >= 0x40 && n < 48; n++) {
        off &= 0xfc;
        if (pci_cfg_read8(d->addr, off) == id)
            return off;
        off = pci_cfg_read8(d->addr, off + 1);
    }
    return 0;
}

void pci_enable(const struct pci_dev *d)
{
    uint16_t cmd = pci_cfg_read16(d->addr, PCI_COMMAND);
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd | PCI_CMD_MEMORY | PCI_CMD_BUS_MASTER);
}

static void pci_print(const struct pci_dev *d)
{
    char name[32];
    kprintf("pci: %02x:%02x.%x %04x:%04x %s", d->addr.bus, d->addr.dev, d->addr.fn, d->vendor, d->device,
            pci_name(d, name, sizeof(name)));
    for (int i = 0; i < PCI_BARS; i++)
        if (d->bar[i].size && !d->bar[i].io)
            kprintf(", bar%d %#lx (%lu KiB%s)", i, d->bar[i].base, d->bar[i].size >> 10,
                    d->bar[i].is64 ? ", 64-bit" : "");
    kprintf("\n");
}

static bool pci_driver_matches(const struct pci_driver *drv, const struct pci_dev *d)
{
    if (drv->class_code)
        return drv->class_code == PCI_CLASS(d->class, d->subclass, d->progif);
    return drv->vendor == d->vendor && drv->device == d->device;
}

/* Offer d to the drivers that match; a record they take must stay where
 * it is (drivers keep the pointer), so it is copied first. */
static void pci_probe(const struct pci_dev *found)
{
    for (int i = 0; i < ndrivers; i++) {
        const struct pci_driver *drv = drivers[i];
        if (!pci_driver_matches(drv, found))
            continue;
        struct pci_dev *d = kmalloc(sizeof(*d));
        if (!d) {
            kprintf("pci: out of memory for %s\n", drv->name);
            return;
        }
        *d = *found;
        if (drv->probe(d) == 0) {
            d->driver = drv->name;
            return;
        }
        kfree(d);
    }
}

static void pci_add(struct pci_addr a)
{
    uint32_t class = pci_cfg_read32(a, PCI_CLASS_REV);
    struct pci_dev d = {
        .addr = a,
        .vendor = pci_cfg_read16(a, PCI_VENDOR),
        .device = pci_cfg_read16(a, PCI_DEVICE),
        .class = class >> 24, .subclass = class >> 16, .progif = class >> 8,
    };
    /* Only ordinary devices (header type 0) have six BARs; bridges have
     * two and bus numbers where the others would be. */
    if ((pci_cfg_read8(a, PCI_HEADER_TYPE) & 0x7f) == 0)
        pci_bars_read(&d);
    pci_print(&d);
    pci_probe(&d);
}

static void pci_scan_device(uint8_t bus, uint8_t dev)
{
    struct pci_addr a = { bus, dev, 0 };
    if (pci_cfg_read16(a, PCI_VENDOR) == 0xffff)
        return;
    int nfn = (pci_cfg_read8(a, PCI_HEADER_TYPE) & PCI_HEADER_MULTI) ? 8 : 1;
    for (uint8_t fn = 0; fn < nfn; fn++) {
        a.fn = fn;
        if (pci_cfg_read16(a, PCI_VENDOR) != 0xffff)
            pci_add(a);
    }
}

void pci_scan(void)
{
    for (int bus = 0; bus < 256; bus++)
        for (uint8_t dev = 0; dev < 32; dev++)
            pci_scan_device((uint8_t)bus, dev);
}
