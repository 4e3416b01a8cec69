/* acpi_table.h -- finding ACPI tables: the RSDP GRUB passed, the XSDT or
 * RSDT it names, and the tables those list (each checked: mapped,
 * signature, checksum). Used by the power-off code (acpi.c) and the
 * multiprocessor table (madt.c). ACPI 6.5, 5.2.5-5.2.8. */
#ifndef ARCH_X86_64_ACPI_TABLE_H
#define ARCH_X86_64_ACPI_TABLE_H
#include <stdint.h>
#include "arch/x86_64/memlayout.h"

struct acpi_header {                  /* starts every table */
    char signature[4];
    uint32_t length;                  /* of the whole table, header included */
    uint8_t revision;
    uint8_t checksum;                 /* all bytes of the table sum to 0 */
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_header) == 36, "table header layout");

struct acpi_gas {                     /* Generic Address Structure (5.2.3.2) */
    uint8_t space_id;                 /* ACPI_GAS_* */
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_size;
    uint64_t address;
} __attribute__((packed));
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1
#define ACPI_GAS_PCI_CONFIG 2             /* bus 0; device, function, offset in address */

/* acpi_table: the table at pa if it has this signature, is mapped and its
 * checksum holds; otherwise NULL. */
const struct acpi_header *acpi_table(paddr_t pa, const char *sig);
/* acpi_root: the XSDT when the RSDP is 2.0+ and offers one, else the RSDT;
 * *entry_size becomes 8 (XSDT) or 4 (RSDT). NULL, with *why, if neither. */
const struct acpi_header *acpi_root(int *entry_size, const char **why);
/* acpi_find: the first table with this signature listed in the root. */
const struct acpi_header *acpi_find(const struct acpi_header *root, int entry_size, const char *sig);
/* acpi_report_bad_tables: one log line for each table the root lists
 * that is unreadable, of an impossible length or with a bad checksum
 * (acpi_table and acpi_find skip those, silently); how many there were. */
int acpi_report_bad_tables(const struct acpi_header *root, int entry_size);
/* acpi_find_table: the same from the start (NULL: no ACPI, or no such table). */
const struct acpi_header *acpi_find_table(const char *sig);
/* acpi_find_table_nth: the nth (from 0) such table (SSDTs come several). */
const struct acpi_header *acpi_find_table_nth(const char *sig, int nth);
#endif
