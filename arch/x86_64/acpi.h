/* acpi.h -- the little of ACPI weensy needs: find the tables from the
 * RSDP GRUB passed, power off through the FADT's PM1 control block with
 * the \_S5 sleep type from the DSDT, restart through the FADT's reset
 * register, and read the PM timer. */
#ifndef ARCH_X86_64_ACPI_H
#define ARCH_X86_64_ACPI_H
#include <stdbool.h>
#include <stdint.h>
struct acpi_fadt;
struct acpi_header;
void acpi_init(void);                /* parse tables; safe without ACPI */
/* acpi_no_poweroff: NULL when S5 power-off is set up, else why not. */
const char *acpi_no_poweroff(void);
void acpi_poweroff(void);            /* returns only if it failed */
/* acpi_pm_timer: the PM timer's I/O port and width (3.579545 MHz; 24
 * bits, or 32); false when the FADT names none. */
bool acpi_pm_timer(uint16_t *port, bool *bits32);

/* The reset register (acpi_reset.c). acpi_reset_init: remember it from
 * the FADT (ACPI 2.0+, RESET_REG_SUP); acpi_reset_describe: "I/O 0xcf9 =
 * 0x6" or NULL when there is none; acpi_reset: write it (returns if the
 * machine did not restart, or there is none). */
/* acpi_dsdt: the DSDT the FADT names (checked), or NULL. */
const struct acpi_header *acpi_dsdt(void);

void acpi_reset_init(const struct acpi_fadt *f);
const char *acpi_reset_describe(void);
void acpi_reset(void);
#endif
