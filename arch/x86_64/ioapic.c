/* ioapic.c -- the I/O APIC (Intel 82093AA datasheet; ACPI names its
 * inputs global system interrupts, GSIs). Two registers in MMIO: write a
 * register number to IOREGSEL, then read or write it through IOWIN.
 * Register 1 holds the number of inputs; each input n has a 64-bit
 * redirection entry at 0x10 + 2n: vector, delivery mode, polarity,
 * trigger mode, mask, and the destination APIC ID in the top byte.
 * The registers are one shared device: ioapic_lock keeps an IOREGSEL
 * write and its IOWIN access together. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/madt.h"

#define IOREGSEL 0x00
#define IOWIN    0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDIR(n) (0x10 + 2 * (n))

#define REDIR_ACTIVE_LOW (1u << 13)
#define REDIR_LEVEL      (1u << 15)
#define REDIR_MASKED     (1u << 16)

static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");

static volatile uint32_t *ioapic_regs(const struct madt_ioapic *io)
{
    return pa_to_kva(io->pa);
}

static uint32_t ioapic_read(const struct madt_ioapic *io, uint32_t reg)
{
    assert(spin_holding(&ioapic_lock));
    volatile uint32_t *r = ioapic_regs(io);
    r[IOREGSEL / 4] = reg;
    return r[IOWIN / 4];
}

static void ioapic_write(const struct madt_ioapic *io, uint32_t reg, uint32_t val)
{
    assert(spin_holding(&ioapic_lock));
    volatile uint32_t *r = ioapic_regs(io);
    r[IOREGSEL / 4] = reg;
    r[IOWIN / 4] = val;
}

static int ioapic_inputs(const struct madt_ioapic *io)
{
    return (int)((ioapic_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
}

void ioapic_init(void)
{
    spin_lock(&ioapic_lock);
    for (int i = 0; i < madt.nioapics; i++) {
        const struct madt_ioapic *io = &madt.ioapics[i];
        for (int n = 0, inputs = ioapic_inputs(io); n < inputs; n++) {
            ioapic_write(io, IOAPIC_REDIR(n), REDIR_MASKED);
            ioapic_write(io, IOAPIC_REDIR(n) + 1, 0);
        }
    }
    spin_unlock(&ioapic_lock);
}

/* The redirection entry is masked while it is written, so no interrupt
 * leaves half made. */
bool ioapic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id, bool level, bool active_low)
{
    bool routed = false;
    spin_lock(&ioapic_lock);
    for (int i = 0; i < madt.nioapics && !routed; i++) {
        const struct madt_ioapic *io = &madt.ioapics[i];
        if (gsi < io->gsi_base || gsi >= io->gsi_base + (uint32_t)ioapic_inputs(io))
            continue;
        uint32_t n = gsi - io->gsi_base;
        uint32_t low = vector | (active_low ? REDIR_ACTIVE_LOW : 0) | (level ? REDIR_LEVEL : 0);
        ioapic_write(io, IOAPIC_REDIR(n), REDIR_MASKED);
        ioapic_write(io, IOAPIC_REDIR(n) + 1, apic_id << 24);
        ioapic_write(io, IOAPIC_REDIR(n), low);
        routed = true;
    }
    spin_unlock(&ioapic_lock);
    return routed;
}

bool ioapic_route_isa(int irq, uint8_t vector, uint32_t apic_id)
{
    assert(irq >= 0 && irq < 16);
    const struct madt_isa_irq *line = &madt.isa[irq];
    return ioapic_route_gsi(line->gsi, vector, apic_id, line->level, line->active_low);
}
