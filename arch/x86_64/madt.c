/* madt.c -- read the Multiple APIC Description Table. After a 44-byte
 * head (the table header, the local APIC address, flags) come entries,
 * each starting with a type and a length byte (ACPI 6.5, 5.2.12):
 *   0 processor local APIC    1 I/O APIC    2 interrupt source override
 *   4 local APIC NMI pin     5 local APIC address override
 *   9 processor local x2APIC
 * Processors the firmware marks disabled are left out: they cannot be
 * started. Unknown entry types are skipped by their length. */
#include "kernel/kernel.h"
#include "arch/x86_64/madt.h"
#include "arch/x86_64/acpi_table.h"

struct madt_info madt;

#define MADT_PCAT_COMPAT 1u
#define MADT_LAPIC_ENABLED 1u

enum { MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_ISO = 2, MADT_LAPIC_NMI = 4, MADT_LAPIC_ADDR = 5,
       MADT_X2APIC = 9 };

/* Interrupt source override flags (ACPI 6.5, table 5.26): polarity in
 * bits 0-1, trigger mode in bits 2-3; 0 means "as the bus says" (ISA:
 * active high, edge), 3 means active low / level. */
#define ISO_POLARITY(f) ((f) & 3)
#define ISO_TRIGGER(f) (((f) >> 2) & 3)

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void madt_add_cpu(uint32_t apic_id, uint32_t flags)
{
    if (!(flags & MADT_LAPIC_ENABLED))
        return;
    for (int i = 0; i < madt.ncpus; i++)
        if (madt.apic_ids[i] == apic_id)
            return;                   /* listed as both APIC and x2APIC */
    if (madt.ncpus == MAX_CPUS) {
        madt.ncpus_ignored++;
        return;
    }
    madt.apic_ids[madt.ncpus++] = apic_id;
}

static void madt_add_ioapic(const uint8_t *e)
{
    if (madt.nioapics == MADT_MAX_IOAPICS)
        return;
    struct madt_ioapic *io = &madt.ioapics[madt.nioapics++];
    io->id = e[2];
    io->pa = rd32(e + 4);
    io->gsi_base = rd32(e + 8);
}

static void madt_add_override(const uint8_t *e)
{
    uint8_t bus = e[2], source = e[3];
    uint16_t flags = (uint16_t)(e[8] | e[9] << 8);
    if (bus != 0 || source >= 16)
        return;                       /* only ISA's are defined */
    struct madt_isa_irq *irq = &madt.isa[source];
    irq->gsi = rd32(e + 4);
    irq->active_low = ISO_POLARITY(flags) == 3;
    irq->level = ISO_TRIGGER(flags) == 3;
    irq->overridden = true;
}

static bool nmi_seen;

static void madt_entry(const uint8_t *e)
{
    switch (e[0]) {
    case MADT_LAPIC:
        if (e[1] >= 8)
            madt_add_cpu(e[3], rd32(e + 4));
        break;
    case MADT_X2APIC:
        if (e[1] >= 16)
            madt_add_cpu(rd32(e + 4), rd32(e + 8));
        break;
    case MADT_IOAPIC:
        if (e[1] >= 12)
            madt_add_ioapic(e);
        break;
    case MADT_ISO:
        if (e[1] >= 10)
            madt_add_override(e);
        break;
    case MADT_LAPIC_NMI:             /* one pin for every CPU: weensy takes the first */
        if (e[1] >= 6 && !nmi_seen) {
            uint16_t flags = (uint16_t)(e[3] | e[4] << 8);
            madt.nmi_lint = e[5] & 1;
            madt.nmi_active_low = ISO_POLARITY(flags) == 3;
            nmi_seen = true;
        }
        break;
    case MADT_LAPIC_ADDR:
        if (e[1] >= 12)
            madt.lapic_pa = rd64(e + 4);
        break;
    }
}

void madt_init(void)
{
    for (int i = 0; i < 16; i++)
        madt.isa[i] = (struct madt_isa_irq){ .gsi = (uint32_t)i };
    madt.nmi_lint = 1;               /* the PC's wiring when the table is silent */
    const struct acpi_header *h = acpi_find_table("APIC");
    if (!h || h->length < 44) {
        kprintf("madt: no MADT; one CPU, legacy interrupt controller\n");
        return;
    }
    const uint8_t *t = (const uint8_t *)h;
    madt.lapic_pa = rd32(t + 36);
    madt.has_8259 = rd32(t + 40) & MADT_PCAT_COMPAT;
    for (const uint8_t *e = t + 44; e + 2 <= t + h->length && e[1] >= 2; e += e[1])
        if (e + e[1] <= t + h->length)
            madt_entry(e);
    madt.found = madt.ncpus > 0 && madt.nioapics > 0;
    kprintf("madt: %d CPU%s", madt.ncpus, madt.ncpus == 1 ? "" : "s");
    if (madt.ncpus_ignored)
        kprintf(" (+%d past weensy's %d)", madt.ncpus_ignored, MAX_CPUS);
    kprintf(", %d I/O APIC%s, local APIC at %#lx%s\n", madt.nioapics,
            madt.nioapics == 1 ? "" : "s", madt.lapic_pa, madt.has_8259 ? ", 8259 PICs" : "");
}
