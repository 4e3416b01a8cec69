/* pci_cfg.h -- PCI configuration space through the two I/O ports 0xCF8
 * (address) and 0xCFC (data), "configuration mechanism #1" of the PCI
 * specification: 256 bytes per function, every PC has it. */
#ifndef ARCH_X86_64_PCI_CFG_H
#define ARCH_X86_64_PCI_CFG_H
#include <stdint.h>

/* A function's address: bus 0-255, device 0-31, function 0-7. */
struct pci_addr {
    uint8_t bus, dev, fn;
};

/* Reads and writes of an aligned 8-, 16- or 32-bit register at offset. */
uint32_t pci_cfg_read32(struct pci_addr a, uint8_t offset);
uint16_t pci_cfg_read16(struct pci_addr a, uint8_t offset);
uint8_t pci_cfg_read8(struct pci_addr a, uint8_t offset);
void pci_cfg_write32(struct pci_addr a, uint8_t offset, uint32_t v);
void pci_cfg_write16(struct pci_addr a, uint8_t offset, uint16_t v);
#endif
