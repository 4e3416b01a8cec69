/* smbios.c -- find the SMBIOS structure table and read OEM strings (type 11).
 *
 * Where the entry point is (SMBIOS 3.x specification, section 5.2):
 *   - BIOS: a 16-byte aligned "_SM3_" (64-bit) or "_SM_" (32-bit) anchor in
 *     the F segment, 0xF0000-0xFFFFF;
 *   - UEFI: the EFI system table's configuration table, under the SMBIOS3
 *     or SMBIOS GUID (multiboot2 tag 12 gives the system table).
 * Each entry point is checked by its checksum before it is believed, and
 * every structure is checked against the table's length as it is walked,
 * so a broken table means "no OEM string", never a stray read.
 */
#include "kernel/kernel.h"
#include "arch/x86_64/smbios.h"
#include "arch/x86_64/multiboot.h"

/* The boot page tables map physical 0-4 GiB (entry32.asm); nothing beyond
 * is readable this early. */
#define SMBIOS_READABLE_LIMIT (4ULL << 30)
#define SMBIOS_TABLE_MAX (1u << 20)   /* larger is not a table we believe */
#define SMBIOS_TYPE_OEM_STRINGS 11
#define SMBIOS_TYPE_END 127

struct smbios_table { paddr_t addr; size_t len; bool v3; };

static const char *found_where;

static bool readable(paddr_t pa, size_t len)
{
    return pa != 0 && len <= SMBIOS_READABLE_LIMIT && pa <= SMBIOS_READABLE_LIMIT - len;
}

static bool checksum_ok(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    return sum == 0;
}

/* An entry point at p (in the direct map): the table it describes. */
static bool entry_table(const uint8_t *p, struct smbios_table *t)
{
    if (memcmp(p, "_SM3_", 5) == 0) {
        uint8_t len = p[6];
        if (len < 0x18 || !checksum_ok(p, len))
            return false;
        t->len = *(const uint32_t *)(p + 0x0c);
        t->addr = *(const uint64_t *)(p + 0x10);
        t->v3 = true;
        return true;
    }
    if (memcmp(p, "_SM_", 4) == 0) {
        uint8_t len = p[5];
        if (len < 0x1f || !checksum_ok(p, len) || memcmp(p + 0x10, "_DMI_", 5) != 0 ||
            !checksum_ok(p + 0x10, 0x0f))
            return false;
        t->len = *(const uint16_t *)(p + 0x16);
        t->addr = *(const uint32_t *)(p + 0x18);
        t->v3 = false;
        return true;
    }
    return false;
}

static bool find_in_f_segment(struct smbios_table *t)
{
    /* One pass for both anchors; a 3.x entry point wins over a 2.x one
     * (a firmware with both describes the same structures). */
    struct smbios_table old;
    bool have_old = false;
    for (paddr_t pa = 0xf0000; pa < 0x100000; pa += 16) {
        const uint8_t *p = pa_to_kva(pa);
        if (p[0] != '_' || p[1] != 'S')
            continue;
        if (memcmp(p, "_SM3_", 5) == 0 && entry_table(p, t))
            return true;
        if (!have_old && memcmp(p, "_SM_", 4) == 0)
            have_old = entry_table(p, &old);
    }
    if (have_old)
        *t = old;
    return have_old;
}

/* EFI GUIDs as they lie in memory (the first three fields little-endian). */
static const uint8_t guid_smbios3[16] = {0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97, 0x2c, 0x4a,
                                         0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94};
static const uint8_t guid_smbios[16] = {0x31, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
                                        0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d};

#define EFI_SYSTAB_SIGNATURE 0x5453595320494249ULL   /* "IBI SYST" */
#define EFI_SYSTAB_NTABLES 104                         /* UINTN NumberOfTableEntries */
#define EFI_SYSTAB_TABLES 112                          /* EFI_CONFIGURATION_TABLE * */
#define EFI_CONFIG_ENTRY 24                            /* GUID + pointer */

static bool find_in_efi(paddr_t systab, struct smbios_table *t)
{
    if (!readable(systab, EFI_SYSTAB_TABLES + 8))
        return false;
    const uint8_t *st = pa_to_kva(systab);
    if (*(const uint64_t *)st != EFI_SYSTAB_SIGNATURE)
        return false;
    uint64_t n = *(const uint64_t *)(st + EFI_SYSTAB_NTABLES);
    paddr_t tables = *(const uint64_t *)(st + EFI_SYSTAB_TABLES);
    if (n > 256 || !readable(tables, n * EFI_CONFIG_ENTRY))
        return false;
    static const uint8_t *const guids[] = {guid_smbios3, guid_smbios};   /* 3.x first */
    for (size_t g = 0; g < ARRAY_SIZE(guids); g++)
        for (uint64_t i = 0; i < n; i++) {
            const uint8_t *e = pa_to_kva(tables + i * EFI_CONFIG_ENTRY);
            paddr_t entry = *(const uint64_t *)(e + 16);
            if (memcmp(e, guids[g], 16) == 0 && readable(entry, 0x20) &&
                entry_table(pa_to_kva(entry), t))
                return true;
        }
    return false;
}

/* The string area of a structure starts at off and ends with two NULs
 * (just two when the structure has no strings). Returns the offset past
 * them, or 0 when the area runs off the end of the table. */
static size_t strings_end(const uint8_t *table, size_t off, size_t len)
{
    for (; off + 1 < len; off++)
        if (table[off] == 0 && table[off + 1] == 0)
            return off + 2;
    return 0;
}

/* The strings in [str, end): copy the first that starts with prefix,
 * without the prefix, into out. */
static bool oem_strings_match(const uint8_t *table, size_t str, size_t end, const char *prefix,
                              char *out, size_t size)
{
    size_t plen = strlen(prefix);
    for (size_t s = str; s < end && table[s] != 0;) {
        const char *text = (const char *)table + s;
        size_t n = strnlen(text, end - s);
        if (n >= plen && memcmp(text, prefix, plen) == 0) {
            strlcpy(out, text + plen, MIN(size, n - plen + 1));
            return true;
        }
        s += n + 1;
    }
    return false;
}

bool smbios_table_oem(const uint8_t *table, size_t len, const char *prefix, char *out,
                      size_t size)
{
    for (size_t off = 0; off + 4 <= len;) {
        uint8_t type = table[off], hlen = table[off + 1];
        if (hlen < 4 || off + hlen > len)
            return false;
        size_t next = strings_end(table, off + hlen, len);
        if (next == 0)
            return false;
        if (type == SMBIOS_TYPE_OEM_STRINGS &&
            oem_strings_match(table, off + hlen, next, prefix, out, size))
            return true;
        if (type == SMBIOS_TYPE_END)
            return false;
        off = next;
    }
    return false;
}

bool smbios_oem_string(const char *prefix, char *out, size_t size)
{
    struct smbios_table t;
    bool found = boot_info.efi_systab ? find_in_efi(boot_info.efi_systab, &t)
                                      : find_in_f_segment(&t);
    found_where = NULL;
    if (!found || t.len == 0 || t.len > SMBIOS_TABLE_MAX || !readable(t.addr, t.len))
        return false;
    if (boot_info.efi_systab)
        found_where = t.v3 ? "SMBIOS 3.x, EFI table" : "SMBIOS 2.x, EFI table";
    else
        found_where = t.v3 ? "SMBIOS 3.x, F segment" : "SMBIOS 2.x, F segment";
    return smbios_table_oem(pa_to_kva(t.addr), t.len, prefix, out, size);
}

const char *smbios_found(void)
{
    return found_where;
}
