/* acpi.h -- the little of ACPI weensy needs: find the tables from the
 * RSDP GRUB passed, and power off through the FADT's PM1 control block
 * with the \_S5 sleep type from the DSDT. */
#ifndef ARCH_X86_64_ACPI_H
#define ARCH_X86_64_ACPI_H
#include <stdbool.h>
void acpi_init(void);                /* parse tables; safe without ACPI */
bool acpi_can_poweroff(void);
void acpi_poweroff(void);            /* returns only if it failed */
#endif
