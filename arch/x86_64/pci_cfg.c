/* pci_cfg.c -- PCI configuration space by port I/O (pci_cfg.h).
 *
 * An access is two steps, the address written to 0xCF8 and the data
 * moved through 0xCFC; another CPU's access in between would redirect
 * ours, so the pair is done under pci_cfg_lock. Sub-word accesses go
 * through 0xCFC + (offset & 3), as the mechanism allows. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/pci_cfg.h"
#include "arch/x86_64/x86.h"

#define PCI_CFG_ADDRESS 0xcf8
#define PCI_CFG_DATA    0xcfc
#define PCI_CFG_ENABLE  (1u << 31)

static struct spinlock pci_cfg_lock = SPINLOCK_INIT("pci config");

static void pci_cfg_select(struct pci_addr a, uint8_t offset)
{
    assert(spin_holding(&pci_cfg_lock));
    assert(a.dev < 32 && a.fn < 8);
    outl(PCI_CFG_ADDRESS, PCI_CFG_ENABLE | (uint32_t)a.bus << 16 | (uint32_t)a.dev << 11 |
                              (uint32_t)a.fn << 8 | (offset & 0xfc));
}

uint32_t pci_cfg_read32(struct pci_addr a, uint8_t offset)
{
    assert((offset & 3) == 0);
    spin_lock(&pci_cfg_lock);
    pci_cfg_select(a, offset);
    uint32_t v = inl(PCI_CFG_DATA);
    spin_unlock(&pci_cfg_lock);
    return v;
}

uint16_t pci_cfg_read16(struct pci_addr a, uint8_t offset)
{
    assert((offset & 1) == 0);
    spin_lock(&pci_cfg_lock);
    pci_cfg_select(a, offset);
    uint16_t v = inw(PCI_CFG_DATA + (offset & 2));
    spin_unlock(&pci_cfg_lock);
    return v;
}

uint8_t pci_cfg_read8(struct pci_addr a, uint8_t offset)
{
    spin_lock(&pci_cfg_lock);
    pci_cfg_select(a, offset);
    uint8_t v = inb(PCI_CFG_DATA + (offset & 3));
    spin_unlock(&pci_cfg_lock);
    return v;
}

void pci_cfg_write32(struct pci_addr a, uint8_t offset, uint32_t v)
{
    assert((offset & 3) == 0);
    spin_lock(&pci_cfg_lock);
    pci_cfg_select(a, offset);
    outl(PCI_CFG_DATA, v);
    spin_unlock(&pci_cfg_lock);
}

void pci_cfg_write16(struct pci_addr a, uint8_t offset, uint16_t v)
{
    assert((offset & 1) == 0);
    spin_lock(&pci_cfg_lock);
    pci_cfg_select(a, offset);
    outw(PCI_CFG_DATA + (offset & 2), v);
    spin_unlock(&pci_cfg_lock);
}
