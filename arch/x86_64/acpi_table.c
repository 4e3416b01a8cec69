/* acpi_table.c -- find ACPI tables and check them before use (see
 * acpi_table.h). */
#include "kernel/kernel.h"
#include "arch/x86_64/acpi_table.h"
#include "arch/x86_64/multiboot.h"

struct acpi_rsdp {
    char signature[8];                /* "RSD PTR " */
    uint8_t checksum;                 /* covers the first 20 bytes */
    char oem_id[6];
    uint8_t revision;                 /* 0: ACPI 1.0, 2: ACPI 2.0+ */
    uint32_t rsdt_address;
    /* ACPI 2.0+ only: */
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t ext_checksum;             /* covers all `length` bytes */
    uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP layout");

#define ACPI_TABLE_MAX (16u << 20)    /* anything larger is corrupt */
#define FOUR_GIB 0x100000000ULL

/* The direct map covers the low 4 GiB and RAM; firmware could in theory
 * put a table elsewhere, and touching it would fault. */
static bool acpi_mapped(paddr_t pa, uint64_t len)
{
    if (pa == 0 || len > ACPI_TABLE_MAX)
        return false;
    if (pa + len <= FOUR_GIB)
        return true;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *e = &boot_info.mmap[i];
        bool ram = e->type == BOOT_MEM_USABLE || e->type == BOOT_MEM_ACPI_RECLAIM;
        if (ram && pa >= e->base && pa + len <= e->base + e->len)
            return true;
    }
    return false;
}

static bool acpi_checksum_ok(const void *p, uint32_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum += b[i];
    return sum == 0;
}

/* acpi_table: the table at pa if it has this signature, is mapped and its
 * checksum holds; otherwise NULL. */
const struct acpi_header *acpi_table(paddr_t pa, const char *sig)
{
    if (!acpi_mapped(pa, sizeof(struct acpi_header)))
        return NULL;
    const struct acpi_header *h = pa_to_kva(pa);
    if (memcmp(h->signature, sig, 4) != 0 || h->length < sizeof(*h))
        return NULL;
    if (!acpi_mapped(pa, h->length) || !acpi_checksum_ok(h, h->length))
        return NULL;
    return h;
}

/* acpi_root: the XSDT when the RSDP is 2.0+ and offers one, else the RSDT.
 * *entry_size becomes 8 (XSDT) or 4 (RSDT). */
const struct acpi_header *acpi_root(int *entry_size, const char **why)
{
    const struct acpi_rsdp *rsdp = (const void *)boot_info.rsdp;
    if (boot_info.rsdp_version == 0) {
        *why = "the boot loader passed no RSDP";
        return NULL;
    }
    if (memcmp(rsdp->signature, "RSD PTR ", 8) != 0 || !acpi_checksum_ok(rsdp, 20)) {
        *why = "the RSDP is corrupt";
        return NULL;
    }
    const struct acpi_header *root;
    bool v2 = boot_info.rsdp_version >= 2 && rsdp->revision >= 2 &&
              rsdp->length == sizeof(*rsdp) && acpi_checksum_ok(rsdp, sizeof(*rsdp));
    if (v2 && (root = acpi_table(rsdp->xsdt_address, "XSDT")) != NULL) {
        *entry_size = 8;
        return root;
    }
    /* No XSDT, or a broken one: the RSDT is still required to be there. */
    if ((root = acpi_table(rsdp->rsdt_address, "RSDT")) != NULL) {
        *entry_size = 4;
        return root;
    }
    *why = "no valid XSDT or RSDT";
    return NULL;
}

/* acpi_find: the first table with this signature listed in the root. */
const struct acpi_header *acpi_find(const struct acpi_header *root,
                                           int entry_size, const char *sig)
{
    const uint8_t *entries = (const uint8_t *)root + sizeof(*root);
    uint32_t n = (root->length - sizeof(*root)) / entry_size;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t pa = 0;              /* entries are unaligned, little-endian */
        memcpy(&pa, entries + i * entry_size, entry_size);
        const struct acpi_header *h = acpi_table(pa, sig);
        if (h)
            return h;
    }
    return NULL;
}

const struct acpi_header *acpi_find_table(const char *sig)
{
    int entry_size;
    const char *why;
    const struct acpi_header *root = acpi_root(&entry_size, &why);
    return root ? acpi_find(root, entry_size, sig) : NULL;
}
