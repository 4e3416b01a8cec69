/* pci.h -- the PCI devices found at boot, and the drivers that claim
 * them (docs/block.md, "PCI").
 *
 * pci_scan() walks every bus, device and function through configuration
 * space (arch/x86_64/pci_cfg.h), reads each function's identity and BARs,
 * prints one line for it, and hands it to the first registered driver
 * whose (vendor, device) match. */
#ifndef DEV_PCI_H
#define DEV_PCI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/pci_cfg.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/trap.h"

/* Configuration-space registers (PCI Local Bus spec 3.0, 6.1). */
#define PCI_VENDOR      0x00
#define PCI_DEVICE      0x02
#define PCI_COMMAND     0x04
#define PCI_STATUS      0x06
#define PCI_CLASS_REV   0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0        0x10
#define PCI_CAP_PTR     0x34
#define PCI_INT_LINE    0x3c
#define PCI_INT_PIN     0x3d            /* 0: none, 1-4: INTA-INTD */

#define PCI_CMD_IO          (1u << 0)
#define PCI_CMD_MEMORY      (1u << 1)
#define PCI_CMD_BUS_MASTER  (1u << 2)
#define PCI_CMD_INTX_OFF    (1u << 10)
#define PCI_STATUS_CAPS     (1u << 4)

#define PCI_CAP_MSI     0x05
#define PCI_CAP_MSIX    0x11
#define PCI_CAP_VENDOR  0x09

#define PCI_BARS 6
struct pci_bar {
    paddr_t base;         /* 0: not implemented */
    uint64_t size;
    bool io;              /* an I/O port range, not memory */
    bool is64;            /* a 64-bit memory BAR (takes two registers) */
};

struct pci_dev {
    struct pci_addr addr;
    uint16_t vendor, device;
    uint8_t class, subclass, progif;
    struct pci_bar bar[PCI_BARS];
    const char *driver;   /* name of the driver that claimed it, or NULL */
};

struct pci_driver {
    const char *name;
    uint16_t vendor, device;
    /* probe: take the device; 0, or a negative error (the device stays
     * unclaimed and the driver has printed why). Runs at boot, once. */
    int (*probe)(struct pci_dev *d);
    /* PCI_CLASS(class, subclass, progif) to match any vendor's device of
     * that kind (AHCI, NVMe) instead of vendor and device; 0: not. */
    uint32_t class_code;
};
#define PCI_CLASS(c, s, p) (1u << 24 | (uint32_t)(c) << 16 | (uint32_t)(s) << 8 | (p))

/* pci_driver_register: before pci_scan (at boot). */
void pci_driver_register(const struct pci_driver *drv);
void pci_scan(void);

/* pci_cap_next: the offset of the next capability with id after offset
 * `from` (0: from the first), or 0 when there is none. */
uint8_t pci_cap_next(const struct pci_dev *d, uint8_t id, uint8_t from);
/* pci_enable: turn on memory decoding and bus mastering (DMA). */
void pci_enable(const struct pci_dev *d);
/* pci_bars_read: size and record d's six BARs (pci_info.c; the scan's). */
void pci_bars_read(struct pci_dev *d);
/* pci_name: a short description: a known device, else its class. */
const char *pci_name(const struct pci_dev *d, char *buf, int size);

/* pci_msix_setup: route MSI-X table entry `entry` of d to vector on
 * cpus[cpu], unmask it and enable MSI-X (INTx off). 0, or -ENODEV if the
 * device has no MSI-X or not that many entries, or with `pci=nomsi`. */
int pci_msix_setup(struct pci_dev *d, int entry, uint8_t vector, int cpu);
/* pci_msi_setup: the same with plain MSI (one message; pci_msi.c). */
int pci_msi_setup(struct pci_dev *d, uint8_t vector, int cpu);
/* pci_nomsi: the command line says `pci=nomsi` (Linux's name): every
 * driver is to do without MSI and MSI-X. */
bool pci_nomsi(void);

/* What pci_intx_setup routed. */
struct pci_intx {
    char pin;             /* 'A'-'D' */
    uint32_t gsi;
    uint8_t vector;
};
/* pci_intx_setup: d's interrupt pin through the I/O APIC (the GSI the
 * ACPI _PRT names, level-triggered) to fn on the boot CPU, with INTx on;
 * fn may share the GSI with other drivers' handlers and is then called
 * for their interrupts too (the lines: pci_intx.c; this function:
 * pci_intx_route.c). Boot only, before d can interrupt. 0, or -ENODEV
 * with one line saying why (no pin, no route, noapic). */
int pci_intx_setup(struct pci_dev *d, irq_handler_t fn, struct pci_intx *out);
/* The order every driver tries (pci_intx_route.c): pci_irq_msi, MSI-X entry 0
 * else MSI, to vector on the boot CPU; then pci_irq_intx, the pin. Each
 * writes what it did into how ("MSI-X vector 0x40", "INTx pin A, GSI 16
 * (I/O APIC)") and returns 0, or -ENODEV. */
int pci_irq_msi(struct pci_dev *d, int vector, char *how, size_t size);
int pci_irq_intx(struct pci_dev *d, irq_handler_t fn, char *how, size_t size);
#endif
