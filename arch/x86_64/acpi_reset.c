/* acpi_reset.c -- restart the machine through the FADT's reset register
 * (ACPI 6.5, 4.8.3.6): one write of RESET_VALUE to RESET_REG, a Generic
 * Address in I/O space, memory, or bus 0's PCI configuration space. It
 * exists from ACPI 2.0 on, when the FADT's RESET_REG_SUP flag says so;
 * machine_reset falls back to older ways without it. */
#include "kernel/kernel.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/acpi_fadt.h"
#include "arch/x86_64/pci_cfg.h"
#include "arch/x86_64/x86.h"
#include "mm/kmap_mmio.h"

/* Written once by acpi_init on the boot CPU; read-only after. */
static struct {
    bool ok;
    uint8_t space;                    /* ACPI_GAS_* */
    uint64_t address;
    uint8_t value;
    volatile uint8_t *mmio;           /* memory space: mapped at boot */
    char text[48];
} reset;

/* A GAS in PCI configuration space holds the device in bits 32-47, the
 * function in 16-31 and the register's offset in 0-15 (5.2.3.2). */
static struct pci_addr reset_pci(uint64_t a)
{
    return (struct pci_addr){ 0, (uint8_t)(a >> 32), (uint8_t)(a >> 16) };
}

void acpi_reset_init(const struct acpi_fadt *f)
{
    if (!FADT_HAS(f, reset_value) || !(f->flags & FADT_RESET_REG_SUP))
        return;
    const struct acpi_gas *g = &f->reset_reg;
    if (g->address == 0 || g->bit_width != 8 || g->bit_offset != 0)
        return;                       /* the register is a byte (4.8.3.6) */
    reset.space = g->space_id;
    reset.address = g->address;
    reset.value = f->reset_value;
    static const char *const spaces[] = { "memory", "I/O", "PCI" };
    switch (g->space_id) {
    case ACPI_GAS_IO:
        reset.ok = g->address <= 0xffff;
        break;
    case ACPI_GAS_MEMORY:
        /* Mapped now: the reset may come from a panic, with no memory. */
        reset.mmio = kmap_mmio(g->address, 1);
        reset.ok = reset.mmio != NULL;
        break;
    case ACPI_GAS_PCI_CONFIG:
        reset.ok = (g->address >> 48) == 0 && (uint16_t)g->address <= 0xff;
        break;
    }
    if (reset.ok)
        snprintf(reset.text, sizeof reset.text, "%s %#lx = %#x", spaces[g->space_id],
                 g->address, reset.value);
}

const char *acpi_reset_describe(void) { return reset.ok ? reset.text : NULL; }

void acpi_reset(void)
{
    if (!reset.ok)
        return;
    switch (reset.space) {
    case ACPI_GAS_IO:
        outb((uint16_t)reset.address, reset.value);
        break;
    case ACPI_GAS_MEMORY:
        *reset.mmio = reset.value;
        break;
    case ACPI_GAS_PCI_CONFIG: {
        /* Only 32- and 16-bit writes exist in pci_cfg.h: read the word
         * and change the one byte. */
        struct pci_addr a = reset_pci(reset.address);
        uint8_t off = (uint8_t)reset.address;
        uint32_t w = pci_cfg_read32(a, off & ~3);
        int shift = (off & 3) * 8;
        pci_cfg_write32(a, off & ~3, (w & ~(0xffu << shift)) | (uint32_t)reset.value << shift);
        break;
    }
    }
    /* The machine should be gone at once; give it a moment. */
    for (volatile int i = 0; i < 1000000; i++)
        cpu_relax();
}
