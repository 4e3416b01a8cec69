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

/* acpi_table_fault: what is wrong with the table at pa (NULL: nothing);
 * its signature is not looked at. */
static const char *acpi_table_fault(paddr_t pa)
{
    if (!acpi_mapped(pa, sizeof(struct acpi_header)))
        return "is outside the memory weensy maps";
    const struct acpi_header *h = pa_to_kva(pa);
    if (h->length < sizeof(*h) || h->length > ACPI_TABLE_MAX)
        return "has an impossible length";
    if (!acpi_mapped(pa, h->length))
        return "runs outside the memory weensy maps";
    return acpi_checksum_ok(h, h->length) ? NULL : "has a bad checksum";
}

const struct acpi_header *acpi_table(paddr_t pa, const char *sig)
{
    if (!acpi_mapped(pa, sizeof(struct acpi_header)))
        return NULL;
    const struct acpi_header *h = pa_to_kva(pa);
    if (memcmp(h->signature, sig, 4) != 0 || acpi_table_fault(pa))
        return NULL;
    return h;
}

/* The table's signature as text: four printable characters, or '?'. */
static void acpi_sig_text(paddr_t pa, char out[5])
{
    memcpy(out, "????", 5);
    if (!acpi_mapped(pa, 4))
        return;
    const char *sig = pa_to_kva(pa);
    for (int i = 0; i < 4; i++)
        if (sig[i] >= 0x20 && sig[i] < 0x7f)
            out[i] = sig[i];
}

static uint64_t acpi_entry(const struct acpi_header *root, int entry_size, uint32_t i)
{
    uint64_t pa = 0;                  /* entries are unaligned, little-endian */
    memcpy(&pa, (const uint8_t *)root + sizeof(*root) + i * entry_size, entry_size);
    return pa;
}

static uint32_t acpi_nentries(const struct acpi_header *root, int entry_size)
{
    return (root->length - sizeof(*root)) / entry_size;
}

int acpi_report_bad_tables(const struct acpi_header *root, int entry_size)
{
    int bad = 0;
    for (uint32_t i = 0; i < acpi_nentries(root, entry_size); i++) {
        uint64_t pa = acpi_entry(root, entry_size, i);
        const char *why = acpi_table_fault(pa);
        if (!why)
            continue;
        char sig[5];
        acpi_sig_text(pa, sig);
        kprintf("acpi: table '%s' at %#lx %s; skipped\n", sig, pa, why);
        bad++;
    }
    return bad;
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
    if (v2 && rsdp->xsdt_address) {
        static bool told;             /* acpi_root is asked more than once: say it once */
        if (!__atomic_exchange_n(&told, true, __ATOMIC_RELAXED))
            kprintf("acpi: the XSDT at %#lx is not valid; trying the RSDT\n", rsdp->xsdt_address);
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
    for (uint32_t i = 0; i < acpi_nentries(root, entry_size); i++) {
        const struct acpi_header *h = acpi_table(acpi_entry(root, entry_size, i), sig);
        if (h)
            return h;
    }
    return NULL;
}

const struct acpi_header *acpi_find_table(const char *sig)
{
    return acpi_find_table_nth(sig, 0);
}

const struct acpi_header *acpi_find_table_nth(const char *sig, int nth)
{
    int entry_size;
    const char *why;
    const struct acpi_header *root = acpi_root(&entry_size, &why);
    for (uint32_t i = 0; root && i < acpi_nentries(root, entry_size); i++) {
        const struct acpi_header *h = acpi_table(acpi_entry(root, entry_size, i), sig);
        if (h && nth-- == 0)
            return h;
    }
    return NULL;
}
