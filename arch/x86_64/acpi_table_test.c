/* acpi_table_test.c -- tables that lie are reported and skipped. QEMU's
 * -acpitable mends the checksum and the length of any table it is given,
 * so the broken ones are built here: a root listing a good table, one
 * with a bad checksum and one whose length is shorter than a header. */
#include "kernel/ktest.h"
#include "arch/x86_64/acpi_table.h"
#include "mm/page.h"

/* table_make: a header and zeros; table_seal: the checksum over the
 * whole table, once its body is written. */
static void table_make(struct acpi_header *h, const char *sig, uint32_t len)
{
    memset(h, 0, len < sizeof(*h) ? sizeof(*h) : len);
    memcpy(h->signature, sig, 4);
    h->length = len;
}

static void table_seal(struct acpi_header *h, uint32_t len)
{
    h->checksum = 0;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum += ((uint8_t *)h)[i];
    h->checksum = (uint8_t)-sum;
}

KTEST(acpi_bad_tables_reported_and_skipped)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(pg);
    uint8_t *base = page_kva(pg);
    struct acpi_header *good = (void *)(base + 1024), *bad = (void *)(base + 2048),
                       *shrt = (void *)(base + 3072);
    table_make(good, "WGUD", 64);
    table_seal(good, 64);
    table_make(bad, "WBAD", 64);
    table_seal(bad, 64);
    bad->checksum ^= 0x5a;
    table_make(shrt, "WSHT", 20);
    table_seal(shrt, 20);
    struct acpi_header *root = (void *)base;
    uint64_t entries[3] = { kva_to_pa(good), kva_to_pa(bad), kva_to_pa(shrt) };
    table_make(root, "XSDT", sizeof(*root) + sizeof(entries));
    memcpy(base + sizeof(*root), entries, sizeof(entries));
    table_seal(root, root->length);
    int nbad = acpi_report_bad_tables(root, 8);
    const struct acpi_header *found_good = acpi_find(root, 8, "WGUD");
    const struct acpi_header *found_bad = acpi_find(root, 8, "WBAD");
    const struct acpi_header *found_short = acpi_find(root, 8, "WSHT");
    page_put(pg);
    KT_CHECK_EQ(nbad, 2);
    KT_CHECK(found_good == good);
    KT_CHECK(found_bad == NULL);
    KT_CHECK(found_short == NULL);
}
