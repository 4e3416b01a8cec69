/* hpet.c -- the HPET's main counter (IA-PC HPET specification 1.0a,
 * 2.3): a 64-bit register block in memory, named by the ACPI "HPET"
 * table's base address. The capabilities register gives the counter's
 * period in femtoseconds (at most 100 ns); the configuration register's
 * ENABLE_CNF starts it. Only the low 32 bits are read: they wrap after
 * 4.3 s even at 1 GHz, far longer than any interval measured with them,
 * and a 32-bit counter (COUNT_SIZE_CAP clear) has no more. */
#include "kernel/kernel.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/acpi_table.h"
#include "mm/kmap.h"
#include "mm/kmap_mmio.h"

#define HPET_CAP 0x000
#define HPET_CONFIG 0x010
#define HPET_COUNTER 0x0f0
#define HPET_REGS_SIZE 0x400
#define HPET_ENABLE_CNF 1u
#define HPET_PERIOD_MAX 100000000u   /* fs: 100 ns, the specification's limit */

struct acpi_hpet {
    struct acpi_header hdr;
    uint32_t block_id;
    struct acpi_gas base;             /* 40: system memory */
    uint8_t number;
    uint16_t min_tick;
    uint8_t page_protection;
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_hpet, base) == 40, "HPET table layout");

static volatile uint8_t *regs;       /* [const after hpet_init] */
static uint32_t period_fs;           /* [const after hpet_init] */

static uint64_t hpet_reg(uint32_t off) { return *(volatile uint64_t *)(regs + off); }

/* The counter must move: a block that reads all ones or stands still (a
 * firmware that left it half set up) is no clock. A count is at most
 * 100 ns and each read takes well under a microsecond, so 1000 reads see
 * it move many times. */
static bool hpet_moves(void)
{
    uint32_t first = hpet_read();
    for (int i = 0; i < 1000; i++)
        if (hpet_read() != first)
            return true;
    return false;
}

/* The HPET is read only while the TSC is measured, at boot. Where it
 * lies in the direct map (the first 4 GiB: always, on PCs), read it
 * there, as the local and I/O APICs are: the firmware's MTRRs make the
 * chipset's range uncached, and a new uncached mapping would cost two
 * page-table pages, which a mem=2M machine misses. Elsewhere map it. */
static volatile uint8_t *hpet_map(paddr_t pa)
{
    if (pa + HPET_REGS_SIZE <= kmap_direct_top())
        return pa_to_kva(pa);
    return kmap_mmio(pa, HPET_REGS_SIZE);
}

static const char *hpet_setup(void)
{
    const struct acpi_hpet *t = (const void *)acpi_find_table("HPET");
    if (!t)
        return "no valid HPET table";
    if (t->hdr.length < sizeof(*t))
        return "the HPET table is too short";
    if (t->base.space_id != ACPI_GAS_MEMORY || t->base.address == 0)
        return "the HPET table gives no memory address";
    regs = hpet_map(t->base.address);
    if (!regs)
        return "no memory to map the HPET";
    period_fs = (uint32_t)(hpet_reg(HPET_CAP) >> 32);
    if (period_fs == 0 || period_fs > HPET_PERIOD_MAX)
        return "the HPET reports an impossible period";
    uint64_t config = hpet_reg(HPET_CONFIG);
    if (!(config & HPET_ENABLE_CNF))
        *(volatile uint64_t *)(regs + HPET_CONFIG) = config | HPET_ENABLE_CNF;
    return hpet_moves() ? NULL : "the HPET's counter does not move";
}

const char *hpet_init(void)
{
    static bool done;                /* boot CPU only, before the others start */
    static const char *why;
    if (!done) {
        why = hpet_setup();
        done = true;
    }
    return why;
}

uint32_t hpet_read(void) { return *(volatile uint32_t *)(regs + HPET_COUNTER); }
uint32_t hpet_period_fs(void) { return period_fs; }
