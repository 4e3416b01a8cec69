/* acpi_fadt.h -- the Fixed ACPI Description Table ("FACP"): the PM1
 * control ports, the PM timer, the reset register and the DSDT's address
 * (ACPI 6.5, 5.2.9). Only the fields weensy reads; the rest is padding. */
#ifndef ARCH_X86_64_ACPI_FADT_H
#define ARCH_X86_64_ACPI_FADT_H
#include <stddef.h>
#include "arch/x86_64/acpi_table.h"

struct acpi_fadt {
    struct acpi_header hdr;
    uint32_t firmware_ctrl;
    uint32_t dsdt;                    /* 40 */
    uint8_t unused0[4];
    uint32_t smi_cmd;                 /* 48 */
    uint8_t acpi_enable;              /* 52 */
    uint8_t unused1[11];
    uint32_t pm1a_cnt_blk;            /* 64 */
    uint32_t pm1b_cnt_blk;            /* 68 */
    uint32_t pm2_cnt_blk;
    uint32_t pm_tmr_blk;              /* 76 */
    uint8_t unused2[11];
    uint8_t pm_tmr_len;               /* 91 */
    uint8_t unused3[20];
    uint32_t flags;                   /* 112 */
    struct acpi_gas reset_reg;        /* 116: ACPI 2.0+ */
    uint8_t reset_value;              /* 128 */
    uint8_t unused4[3];
    uint64_t x_firmware_ctrl;
    uint64_t x_dsdt;                  /* 140 */
    struct acpi_gas x_pm1a_evt_blk;
    struct acpi_gas x_pm1b_evt_blk;
    struct acpi_gas x_pm1a_cnt_blk;   /* 172 */
    struct acpi_gas x_pm1b_cnt_blk;   /* 184 */
    struct acpi_gas x_pm2_cnt_blk;
    struct acpi_gas x_pm_tmr_blk;     /* 208 */
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_fadt, smi_cmd) == 48, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, pm1a_cnt_blk) == 64, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, pm_tmr_len) == 91, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, flags) == 112, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, reset_reg) == 116, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, reset_value) == 128, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_pm1a_cnt_blk) == 172, "FADT layout");
_Static_assert(offsetof(struct acpi_fadt, x_pm_tmr_blk) == 208, "FADT layout");

/* A field exists only if the firmware's FADT is long enough to hold it:
 * ACPI 1.0 FADTs end at 116, before the reset register and every X_
 * field. */
#define FADT_HAS(f, field)                                                     \
    ((f)->hdr.length >= offsetof(struct acpi_fadt, field) + sizeof((f)->field))

#define FADT_TMR_VAL_EXT (1u << 8)    /* the PM timer counts 32 bits, not 24 */
#define FADT_RESET_REG_SUP (1u << 10) /* reset_reg and reset_value are valid */
#define FADT_HW_REDUCED (1u << 20)    /* no PM1 blocks, no PM timer */
#endif
