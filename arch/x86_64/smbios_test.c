/* smbios_test.c -- the OEM string search on tables built here, and on the
 * firmware's own (which QEMU fills from -smbios type=11). */
#include "kernel/ktest.h"
#include "arch/x86_64/smbios.h"
#include "arch/x86_64/multiboot.h"

/* type 1 (system) with one string, type 11 with two, then the end. */
static const uint8_t table_good[] = {
    1, 8, 0x01, 0x00, 1, 0, 0, 0, 'Q', 'E', 'M', 'U', 0, 0,
    11, 5, 0x02, 0x00, 2, 'o', 't', 'h', 'e', 'r', 0, 'w', 'e', 'e', 'n', 's', 'y', ':',
    'a', ' ', 'b', 0, 0,
    127, 4, 0x03, 0x00, 0, 0,
};

KTEST(smbios_oem_found_after_other_structures)
{
    char out[32];
    KT_CHECK(smbios_table_oem(table_good, sizeof(table_good), "weensy:", out, sizeof(out)));
    KT_CHECK(strcmp(out, "a b") == 0);
    KT_CHECK(smbios_table_oem(table_good, sizeof(table_good), "oth", out, sizeof(out)));
    KT_CHECK(strcmp(out, "er") == 0);
    /* A short buffer gets a terminated prefix of the value. */
    KT_CHECK(smbios_table_oem(table_good, sizeof(table_good), "weensy:", out, 2));
    KT_CHECK(strcmp(out, "a") == 0);
    KT_CHECK(!smbios_table_oem(table_good, sizeof(table_good), "linux:", out, sizeof(out)));
}

KTEST(smbios_oem_broken_tables_are_rejected)
{
    char out[32];
    /* Cut anywhere before the OEM strings' end: never found, never read past. */
    for (size_t len = 0; len < 36; len++)
        KT_CHECK(!smbios_table_oem(table_good, len, "weensy:", out, sizeof(out)));
    /* A header length below 4 or past the table. */
    static const uint8_t short_header[] = {11, 2, 0, 0, 'w', 0, 0};
    KT_CHECK(!smbios_table_oem(short_header, sizeof(short_header), "w", out, sizeof(out)));
    static const uint8_t long_header[] = {11, 40, 0, 0, 1, 'w', 0, 0};
    KT_CHECK(!smbios_table_oem(long_header, sizeof(long_header), "w", out, sizeof(out)));
    /* Strings without their double NUL. */
    static const uint8_t open_strings[] = {11, 5, 0, 0, 1, 'w', 'x', 0};
    KT_CHECK(!smbios_table_oem(open_strings, sizeof(open_strings), "w", out, sizeof(out)));
    /* Nothing is searched after the end structure. */
    static const uint8_t after_end[] = {127, 4, 0, 0, 0, 0, 11, 5, 0, 0, 1, 'w', 0, 0};
    KT_CHECK(!smbios_table_oem(after_end, sizeof(after_end), "w", out, sizeof(out)));
}

/* The harness passes the command line this way, so it must be found, and
 * must equal what the kernel runs with. */
KTEST(smbios_firmware_gives_the_command_line)
{
    char out[BOOT_CMDLINE_MAX];
    KT_CHECK(smbios_oem_string("weensy:", out, sizeof(out)));
    KT_CHECK(strncmp(boot_info.cmdline_from, "SMBIOS ", 7) == 0);
    KT_CHECK(strcmp(out, boot_info.cmdline) == 0);
}
