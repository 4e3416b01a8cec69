/* pci_info.c -- what a PCI function is: its BARs and a name for it. */
#include "kernel/kernel.h"
#include "dev/pci.h"

#define BAR_IO          0x1
#define BAR_MEM_TYPE    0x6
#define BAR_MEM_64      0x4

/* A BAR's size: write all ones, read back which address bits stick (the
 * device hardwires the low ones to zero), put the address back. Decoding
 * is off meanwhile, so the BAR briefly pointing anywhere decodes nothing. */
static uint32_t pci_bar_probe(struct pci_addr a, uint8_t reg, uint32_t *orig)
{
    *orig = pci_cfg_read32(a, reg);
    pci_cfg_write32(a, reg, 0xffffffff);
    uint32_t v = pci_cfg_read32(a, reg);
    pci_cfg_write32(a, reg, *orig);
    return v;
}

/* One BAR at index i; returns how many registers it took (2 for a 64-bit
 * memory BAR). */
static int pci_bar_read(struct pci_dev *d, int i)
{
    uint8_t reg = PCI_BAR0 + 4 * i;
    uint32_t lo, hi = 0;
    uint32_t mask = pci_bar_probe(d->addr, reg, &lo);
    struct pci_bar *b = &d->bar[i];
    if (mask == 0)
        return 1;                       /* not implemented */
    if (lo & BAR_IO) {
        b->io = true;
        b->base = lo & ~3u;
        b->size = (uint16_t)(~(mask & ~3u) + 1);
        return 1;
    }
    uint64_t size_mask = mask & ~0xfu;
    if ((lo & BAR_MEM_TYPE) == BAR_MEM_64 && i + 1 < PCI_BARS) {
        uint32_t mask_hi = pci_bar_probe(d->addr, reg + 4, &hi);
        size_mask |= (uint64_t)mask_hi << 32;
        b->is64 = true;
    } else {
        size_mask |= 0xffffffff00000000UL;
    }
    b->base = ((uint64_t)hi << 32) | (lo & ~0xfu);
    b->size = ~size_mask + 1;
    return b->is64 ? 2 : 1;
}

void pci_bars_read(struct pci_dev *d)
{
    uint16_t cmd = pci_cfg_read16(d->addr, PCI_COMMAND);
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd & ~(PCI_CMD_IO | PCI_CMD_MEMORY));
    for (int i = 0; i < PCI_BARS; i += pci_bar_read(d, i))
        ;
    pci_cfg_write16(d->addr, PCI_COMMAND, cmd);
}

static const struct {
    uint16_t vendor, device;
    const char *name;
} pci_known[] = {
    { 0x1af4, 0x1001, "virtio-blk (transitional)" },
    { 0x1af4, 0x1042, "virtio-blk" },
    { 0x1af4, 0x1000, "virtio-net (transitional)" },
    { 0x1af4, 0x1041, "virtio-net" },
    { 0x8086, 0x1237, "host bridge (i440FX)" },
    { 0x8086, 0x29c0, "host bridge (Q35)" },
    { 0x1234, 0x1111, "VGA (QEMU std)" },
};

static const struct {
    uint8_t class, subclass;
    const char *name;
} pci_classes[] = {
    { 0x01, 0x01, "IDE controller" }, { 0x01, 0x06, "SATA controller" },
    { 0x01, 0x08, "NVMe controller" }, { 0x02, 0x00, "Ethernet controller" },
    { 0x03, 0x00, "VGA controller" }, { 0x06, 0x00, "host bridge" },
    { 0x06, 0x01, "ISA bridge" }, { 0x06, 0x04, "PCI bridge" },
    { 0x06, 0x80, "bridge" }, { 0x0c, 0x03, "USB controller" },
    { 0x0c, 0x05, "SMBus controller" },
};

const char *pci_name(const struct pci_dev *d, char *buf, int size)
{
    for (size_t i = 0; i < ARRAY_SIZE(pci_known); i++)
        if (pci_known[i].vendor == d->vendor && pci_known[i].device == d->device)
            return pci_known[i].name;
    for (size_t i = 0; i < ARRAY_SIZE(pci_classes); i++)
        if (pci_classes[i].class == d->class && pci_classes[i].subclass == d->subclass)
            return pci_classes[i].name;
    snprintf(buf, size, "class %02x%02x%02x", d->class, d->subclass, d->progif);
    return buf;
}
