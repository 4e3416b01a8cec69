/* smbios.h -- find the firmware's SMBIOS tables and read OEM strings.
 *
 * weensy takes its command line from an SMBIOS OEM string "weensy:ARGS"
 * (type 11) when the boot loader passed none: QEMU sets one with
 * -smbios type=11,value=weensy:ARGS under SeaBIOS and OVMF alike, so the
 * same ISO boots with any arguments without GRUB having to parse them.
 */
#ifndef ARCH_X86_64_SMBIOS_H
#define ARCH_X86_64_SMBIOS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* smbios_oem_string: copy the first OEM string that starts with prefix,
 * without the prefix, into out. False when there are no SMBIOS tables
 * (or they fail their checksums), or no such string. Uses the boot
 * direct map: call it while that still covers the first 4 GiB. */
bool smbios_oem_string(const char *prefix, char *out, size_t size);

/* smbios_found: where the last search found the tables, e.g.
 * "SMBIOS 3.x, F segment" or "SMBIOS 2.x, EFI table"; NULL if it did not. */
const char *smbios_found(void);

/* smbios_table_oem: the same search in one structure table of len bytes
 * (split out so the self-tests can feed it tables of their own). */
bool smbios_table_oem(const uint8_t *table, size_t len, const char *prefix,
                      char *out, size_t size);
#endif
