/* acpi.c -- just enough ACPI to turn the machine off, and to lend the
 * TSC calibration the PM timer (tsc_cal.c) and machine_reset the reset
 * register (acpi_reset.c), both named by the FADT.
 *
 * The path: the RSDP copy GRUB passed -> XSDT (or RSDT) -> FADT, which
 * names the PM1 control ports and the DSDT -> the \_S5 package in the
 * DSDT's AML, which gives the sleep type for "soft off". Power-off is then
 * one write of SLP_TYP|SLP_EN to PM1a_CNT (and PM1b_CNT if there is one).
 *
 * weensy has no AML interpreter. It finds \_S5 by scanning the DSDT for
 * the bytes NameOp "_S5_" PackageOp, which is how nearly every firmware
 * (and QEMU's) encodes it. A machine whose _S5 is a Method, or lives only
 * in an SSDT, gets a log line saying power-off is unavailable.
 *
 * Offsets below are from the ACPI 6.5 spec, 5.2.5 (RSDP), 5.2.6 (table
 * header), 5.2.9 (FADT), 4.8.3 (PM1 control), 20.2 (AML encoding). */
#include "kernel/kernel.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/acpi_table.h"
#include "arch/x86_64/acpi_fadt.h"
#include "arch/x86_64/aml.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/x86.h"

#define PM1_SCI_EN 0x0001             /* the chipset is in ACPI mode */
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN 0x2000

#define PM_TIMER_HZ 3579545           /* the ACPI PM timer's fixed rate */
#define PM_TIMER_MASK 0xffffff        /* 24 bits always count; 32 may not */


/* What acpi_init learned; all zero means "no power-off". Written once
 * on the boot CPU before the others start; read-only after. */
static struct {
    bool ready;
    const char *why_not;              /* !ready: the reason, for the log */
    uint16_t pm1a_cnt, pm1b_cnt;      /* I/O ports; pm1b may be 0 */
    uint16_t pm_tmr;                  /* I/O port, or 0 */
    bool pm_tmr_32;                   /* it counts 32 bits (TMR_VAL_EXT) */
    uint16_t smi_cmd;                 /* I/O port, or 0 */
    uint8_t acpi_enable;              /* value to write to smi_cmd */
    uint8_t slp_typa, slp_typb;       /* from \_S5 */
} acpi;

/* fadt_port: an I/O port from the FADT. The X_ (GAS) form wins when the
 * table has it and it is a non-zero port in I/O space; firmware that
 * fills only the legacy 32-bit field leaves the X_ one zero. */
static uint16_t fadt_port(uint32_t legacy, const struct acpi_gas *x, bool has_x)
{
    if (has_x && x->address != 0 && x->space_id == ACPI_GAS_IO &&
        x->address <= 0xffff)
        return (uint16_t)x->address;
    return legacy <= 0xffff ? (uint16_t)legacy : 0;
}

static const char *fadt_read_ports(const struct acpi_fadt *f)
{
    bool has_flags = FADT_HAS(f, flags);
    if (has_flags && (f->flags & FADT_HW_REDUCED))
        return "hardware-reduced ACPI has no PM1 control block";
    acpi.pm1a_cnt = fadt_port(f->pm1a_cnt_blk, &f->x_pm1a_cnt_blk,
                              FADT_HAS(f, x_pm1a_cnt_blk));
    acpi.pm1b_cnt = fadt_port(f->pm1b_cnt_blk, &f->x_pm1b_cnt_blk,
                              FADT_HAS(f, x_pm1b_cnt_blk));
    if (f->pm_tmr_len == 4) {
        acpi.pm_tmr = fadt_port(f->pm_tmr_blk, &f->x_pm_tmr_blk,
                                FADT_HAS(f, x_pm_tmr_blk));
        acpi.pm_tmr_32 = has_flags && (f->flags & FADT_TMR_VAL_EXT);
    }
    acpi.smi_cmd = f->smi_cmd <= 0xffff ? (uint16_t)f->smi_cmd : 0;
    acpi.acpi_enable = f->acpi_enable;
    return acpi.pm1a_cnt ? NULL : "the FADT has no PM1a_CNT port";
}

/* fadt_dsdt: X_DSDT if it is there and valid, else the 32-bit DSDT. Some
 * old firmware fills X_DSDT with junk, so a bad one is not fatal. */
static const struct acpi_header *fadt_dsdt(const struct acpi_fadt *f)
{
    const struct acpi_header *dsdt = NULL;
    if (FADT_HAS(f, x_dsdt) && f->x_dsdt != 0)
        dsdt = acpi_table(f->x_dsdt, "DSDT");
    if (!dsdt)
        dsdt = acpi_table(f->dsdt, "DSDT");
    return dsdt;
}

/* s5_decode: read SLP_TYPa and SLP_TYPb from the package whose PkgLength
 * starts at p. ACPICA also accepts a one-element package holding both
 * values (a in the low byte, b in the next), as some old BIOSes have. */
static bool s5_decode(const uint8_t *p, const uint8_t *end)
{
    const uint8_t *pkg_end = aml_pkg_end(&p, end);
    if (!pkg_end || p >= pkg_end)
        return false;
    uint8_t count = *p++;
    uint64_t a, b;
    if (count == 0 || !aml_integer(&p, pkg_end, &a))
        return false;
    if (count == 1) {
        b = (a >> 8) & 0xff;
        a &= 0xff;
    } else if (!aml_integer(&p, pkg_end, &b)) {
        return false;
    }
    if (a > 7 || b > 7)               /* SLP_TYP is a 3-bit field */
        return false;
    acpi.slp_typa = (uint8_t)a;
    acpi.slp_typb = (uint8_t)b;
    return true;
}

/* dsdt_find_s5: scan the AML for Name(_S5, Package(){...}), i.e. NameOp,
 * an optional root prefix '\', "_S5_", PackageOp. Matching the NameOp too
 * skips places that merely mention _S5_, such as a method calling it. */
static const char *dsdt_find_s5(const struct acpi_header *dsdt)
{
    const uint8_t *aml = (const uint8_t *)dsdt + sizeof(*dsdt);
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
    for (const uint8_t *p = aml + 1; p + 5 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE_OP)
            continue;
        bool named = p[-1] == AML_NAME_OP ||
                     (p[-1] == AML_ROOT_CHAR && p - 2 >= aml && p[-2] == AML_NAME_OP);
        if (named && s5_decode(p + 5, end))
            return NULL;
    }
    return "no \\_S5 package in the DSDT";
}

const struct acpi_header *acpi_dsdt(void)
{
    const struct acpi_fadt *fadt = (const void *)acpi_find_table("FACP");
    return fadt ? fadt_dsdt(fadt) : NULL;
}

/* acpi_setup: every step of acpi_init; NULL on success, else the reason. */
static const char *acpi_setup(int *entry_size)
{
    const char *why = NULL;
    const struct acpi_header *root = acpi_root(entry_size, &why);
    if (!root)
        return why;
    acpi_report_bad_tables(root, *entry_size);
    const struct acpi_fadt *fadt = (const void *)acpi_find(root, *entry_size, "FACP");
    if (!fadt)
        return "no valid FADT";
    acpi_reset_init(fadt);
    if ((why = fadt_read_ports(fadt)) != NULL)
        return why;
    const struct acpi_header *dsdt = fadt_dsdt(fadt);
    if (!dsdt)
        return "no valid DSDT";
    return dsdt_find_s5(dsdt);
}

void acpi_init(void)
{
    int entry_size = 0;
    const char *why = acpi_setup(&entry_size);
    if (why) {
        acpi.why_not = why;
        kprintf("acpi: %s; ACPI power-off unavailable\n", why);
        return;
    }
    acpi.ready = true;
    kprintf("acpi: RSDP v%d (%s), FADT found, PM1a_CNT=%#x", boot_info.rsdp_version,
            entry_size == 8 ? "XSDT" : "RSDT", acpi.pm1a_cnt);
    if (acpi.pm1b_cnt)
        kprintf(", PM1b_CNT=%#x", acpi.pm1b_cnt);
    kprintf(", S5 SLP_TYP=%u/%u", acpi.slp_typa, acpi.slp_typb);
    if (acpi.pm_tmr)
        kprintf(", PM timer %#x (%d bits)", acpi.pm_tmr, acpi.pm_tmr_32 ? 32 : 24);
    const char *reset = acpi_reset_describe();
    kprintf(", reset register %s\n", reset ? reset : "none");
}

const char *acpi_no_poweroff(void)
{
    return acpi.ready ? NULL : acpi.why_not ? acpi.why_not : "ACPI was not read";
}

bool acpi_pm_timer(uint16_t *port, bool *bits32)
{
    *port = acpi.pm_tmr;
    *bits32 = acpi.pm_tmr_32;
    return acpi.pm_tmr != 0;
}

/* acpi_delay_ms: busy-wait with the PM timer when there is one, since it
 * is the one clock ACPI guarantees. Without it, each PM1 read is an I/O
 * cycle (about a microsecond on real chipsets), which is close enough. */
static void acpi_delay_ms(uint32_t ms)
{
    if (!acpi.pm_tmr) {
        for (uint32_t i = 0; i < ms * 1000; i++)
            (void)inw(acpi.pm1a_cnt);
        return;
    }
    uint32_t want = ms * (PM_TIMER_HZ / 1000);
    uint32_t start = inl(acpi.pm_tmr) & PM_TIMER_MASK;
    while (((inl(acpi.pm_tmr) - start) & PM_TIMER_MASK) < want)
        cpu_relax();
}

/* acpi_enable_mode: a chipset still in legacy (SMM) mode ignores SLP_EN.
 * Writing ACPI_ENABLE to SMI_CMD asks the firmware to switch; it can take
 * a while, so poll SCI_EN for up to 3 s as ACPICA does. */
static void acpi_enable_mode(void)
{
    if (inw(acpi.pm1a_cnt) & PM1_SCI_EN)
        return;
    if (!acpi.smi_cmd || !acpi.acpi_enable)
        return;                       /* no way to switch; try anyway */
    outb(acpi.smi_cmd, acpi.acpi_enable);
    for (int i = 0; i < 3000 && !(inw(acpi.pm1a_cnt) & PM1_SCI_EN); i++)
        acpi_delay_ms(1);
}

/* acpi_sleep_write: set SLP_TYP and SLP_EN, keeping the other bits (the
 * spec says to preserve them, and SCI_EN must stay set). */
static void acpi_sleep_write(uint16_t port, uint8_t slp_typ)
{
    uint16_t v = inw(port) & ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);
    outw(port, v | (uint16_t)(slp_typ << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
}

void acpi_poweroff(void)
{
    if (!acpi.ready)
        return;
    acpi_enable_mode();
    acpi_sleep_write(acpi.pm1a_cnt, acpi.slp_typa);
    if (acpi.pm1b_cnt)
        acpi_sleep_write(acpi.pm1b_cnt, acpi.slp_typb);
    /* Power usually drops within microseconds; still running after 2 s
     * means it did not work, and the caller says so. */
    acpi_delay_ms(2000);
}
