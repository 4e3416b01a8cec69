/* initrd_test.c -- self-tests of the initrd reader: lookups in the archive
 * GRUB loaded, and initrd_scan() on archives built here, whole and broken
 * in each way a header can be bad. */
#include "kernel/ktest.h"
#include "kernel/initrd.h"
#include "kernel/elf.h"
#include "mm/page.h"
#include "arch/x86_64/multiboot.h"
#include "include/weensy/errno.h"

/* Header fields this file writes (POSIX ustar; scripts/mkinitrd). */
#define IT_BLOCK 512
#define IT_SIZE 124
#define IT_CHKSUM 148
#define IT_TYPE 156
#define IT_MAGIC 257
#define IT_PREFIX 345

/* The test archive, 8 blocks; entries 0..2 and where their headers are:
 *   block 0 "hello" ('0', 5 bytes) | 1 data | 2 "dir/" ('5') |
 *   3 "two" ('\0', 600 bytes) | 4, 5 data | 6, 7 end-of-archive */
#define IT_DIR 1                /* entry index */
#define IT_TWO 2
static const int it_block_of[] = { 0, 2, 3, 6 };   /* entry -> header block */
/* One page, taken at the first test that needs it and kept: a static
 * buffer would cost a page of every Debug kernel, and mem=2M has few. */
#define IT_BUF_SIZE (8 * IT_BLOCK)
_Static_assert(IT_BUF_SIZE == PAGE_SIZE, "the test archive is one page");
static uint8_t *it_buf;

static void it_take(void)
{
    if (!it_buf) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
        if (!pg)
            panic("initrd_test: no page for the test archive");
        it_buf = page_kva(pg);
    }
}

/* Write n as octal in len - 1 digits and a NUL, as tar does. */
static void it_octal(uint8_t *field, size_t len, uint64_t n)
{
    field[len - 1] = '\0';
    for (size_t i = len - 1; i-- > 0; n >>= 3)
        field[i] = (uint8_t)('0' + (n & 7));
}

static void it_checksum(uint8_t *h)
{
    uint64_t sum = 0;
    memset(h + IT_CHKSUM, ' ', 8);
    for (size_t i = 0; i < IT_BLOCK; i++)
        sum += h[i];
    it_octal(h + IT_CHKSUM, 7, sum);    /* six digits, NUL, and a space */
}

static void it_header(int block, const char *name, size_t size, char type)
{
    uint8_t *h = it_buf + block * IT_BLOCK;
    memset(h, 0, IT_BLOCK);
    strlcpy((char *)h, name, 100);
    it_octal(h + 100, 8, 0755);         /* mode */
    it_octal(h + IT_SIZE, 12, size);
    h[IT_TYPE] = (uint8_t)type;
    memcpy(h + IT_MAGIC, "ustar\0" "00", 8);
    it_checksum(h);
}

static void it_build(void)
{
    it_take();
    memset(it_buf, 0, IT_BUF_SIZE);
    it_header(0, "hello", 5, '0');
    memcpy(it_buf + 1 * IT_BLOCK, "hi!\n", 5);
    it_header(2, "dir/", 0, '5');
    it_header(3, "two", 600, '\0');
    memset(it_buf + 4 * IT_BLOCK, 't', 600);
}

/* What a scan saw: the entries, in order. */
struct it_seen {
    int n;
    struct initrd_entry e[8];
};

static void it_visit(const struct initrd_entry *e, void *arg)
{
    struct it_seen *seen = arg;
    if (seen->n < (int)ARRAY_SIZE(seen->e))
        seen->e[seen->n] = *e;
    seen->n++;
}

/* Does a scan of it_buf[0, size) stop at entry index with reason why,
 * having visited the entries before it? The bad header's offset is where
 * it starts, or the end of the buffer when the buffer ends first. */
static bool it_rejects(const char *file, int line, size_t size, int index,
                       const char *why)
{
    struct it_seen seen = { 0 };
    struct initrd_error err = { .index = -1, .why = "" };
    size_t off = MIN((size_t)it_block_of[index] * IT_BLOCK, size);
    int r = initrd_scan(it_buf, size, it_visit, &seen, &err);
    if (r == -ENOEXEC && err.index == index && seen.n == index &&
        err.offset == off && strcmp(err.why, why) == 0)
        return true;
    ktest_fail(file, line, "initrd_scan returned %d (entry %d at %#lx, '%s', "
               "%d seen); expected -ENOEXEC (entry %d at %#lx, '%s')", r,
               err.index, err.offset, err.why, seen.n, index, off, why);
    return false;
}

#define IT_REJECTS(size, index, why)                                           \
    do {                                                                       \
        if (!it_rejects(__FILE__, __LINE__, (size), (index), (why)))           \
            return;                                                            \
    } while (0)

static uint8_t *it_hdr(int block) { return it_buf + block * IT_BLOCK; }

/* ---- the archive GRUB loaded --------------------------------------------- */

static const struct boot_module *it_module(void)
{
    for (int i = 0; i < boot_info.module_count; i++)
        if (strcmp(boot_info.modules[i].name, "initrd") == 0)
            return &boot_info.modules[i];
    return NULL;
}

KTEST(initrd_find_programs)
{
    initrd_init();
    initrd_init();                      /* idempotent: no second table */
    const void *data;
    size_t size;
    KT_CHECK(initrd_find("hello", &data, &size));
    KT_CHECK(size > 64);
    KT_CHECK(memcmp(data, ELF_MAGIC, ELF_MAGIC_LEN) == 0);
    /* The module starts on a page (GRUB's module alignment tag) and data
     * follows a 512-byte header: 512-aligned, not page-aligned. */
    KT_CHECK_EQ((uintptr_t)data % IT_BLOCK, 0);
    KT_CHECK(!initrd_find("nonexistent", &data, &size));
    KT_CHECK(!initrd_find("hell", &data, &size));
    KT_CHECK(!initrd_find("hello/", &data, &size));
    KT_CHECK(!initrd_find("", &data, &size));
    bool listed = false;
    for (int i = 0; i < initrd_count(); i++)
        listed |= strcmp(initrd_name(i), "hello") == 0;
    KT_CHECK(listed);
    KT_CHECK(initrd_name(initrd_count()) == NULL);
    KT_CHECK(initrd_name(-1) == NULL);
}

/* The real archive, cut short or with a header broken in a copy. mkinitrd
 * puts the folder bin/ first (a header with no data), then the programs:
 * the cuts are made from the first program on. */
KTEST(initrd_real_archive_damaged)
{
    const struct boot_module *m = it_module();
    KT_CHECK(m != NULL);
    const uint8_t *real = pa_to_kva(m->start);
    size_t size = m->end - m->start;
    struct initrd_error err;
    /* bin/ and the programs, and any extra files (WEENSY_EXTRA_FILES) */
    KT_CHECK(initrd_scan(real, size, NULL, NULL, &err) >= initrd_count() + 1);
    KT_CHECK(strcmp((const char *)real, "bin/") == 0);
    const uint8_t *first = real + IT_BLOCK;
    KT_CHECK_EQ(initrd_scan(first, IT_BLOCK + 100, NULL, NULL, &err), -ENOEXEC);
    KT_CHECK(strcmp(err.why, "file data runs past the end of the archive") == 0);
    KT_CHECK_EQ(initrd_scan(first, 300, NULL, NULL, &err), -ENOEXEC);
    KT_CHECK(strcmp(err.why, "header cut short by the end of the archive") == 0);
    KT_CHECK_EQ(err.name[0], '\0');
    it_take();
    memcpy(it_buf, first, 2 * IT_BLOCK);
    it_buf[IT_SIZE + 3] ^= 1;           /* a size digit, checksum unchanged */
    KT_CHECK_EQ(initrd_scan(it_buf, IT_BUF_SIZE, NULL, NULL, &err), -ENOEXEC);
    KT_CHECK(strcmp(err.why, "bad header checksum") == 0);
    KT_CHECK_EQ(err.index, 0);
    KT_CHECK(strncmp(err.name, "bin/", 4) == 0 && strcmp(err.name + 4, initrd_name(0)) == 0);
}

/* ---- archives built here ------------------------------------------------- */

KTEST(initrd_scan_entries)
{
    it_build();
    struct it_seen seen = { 0 };
    struct initrd_error err;
    KT_CHECK_EQ(initrd_scan(it_buf, IT_BUF_SIZE, it_visit, &seen, &err), 3);
    KT_CHECK_EQ(seen.n, 3);
    KT_CHECK(strcmp(seen.e[0].name, "hello") == 0);
    KT_CHECK(seen.e[0].data == it_buf + IT_BLOCK);
    KT_CHECK_EQ(seen.e[0].size, 5);
    KT_CHECK_EQ(seen.e[0].type, '0');
    KT_CHECK(strcmp(seen.e[1].name, "dir/") == 0 && seen.e[1].type == '5');
    KT_CHECK(strcmp(seen.e[2].name, "two") == 0 && seen.e[2].type == '\0');
    KT_CHECK(seen.e[2].data == it_buf + 4 * IT_BLOCK);
    KT_CHECK_EQ(seen.e[2].size, 600);
    /* An archive of nothing but its end block is empty, not bad. */
    KT_CHECK_EQ(initrd_scan(it_buf + 6 * IT_BLOCK, IT_BLOCK, NULL, NULL, &err), 0);
    /* GNU tar's magic, "ustar  \0", is read the same way. */
    memcpy(it_hdr(0) + IT_MAGIC, "ustar  ", 8);
    it_checksum(it_hdr(0));
    KT_CHECK_EQ(initrd_scan(it_buf, IT_BUF_SIZE, NULL, NULL, &err), 3);
}

KTEST(initrd_rejects_truncated)
{
    it_build();
    IT_REJECTS(0, 0, "archive ends without an end-of-archive block");
    IT_REJECTS(100, 0, "header cut short by the end of the archive");
    IT_REJECTS(IT_BLOCK + 4, 0, "file data runs past the end of the archive");
    IT_REJECTS(3 * IT_BLOCK + 511, IT_TWO, "header cut short by the end of the archive");
    IT_REJECTS(4 * IT_BLOCK + 599, IT_TWO, "file data runs past the end of the archive");
    /* The last file's data ends the buffer: no padding, no end block. */
    IT_REJECTS(4 * IT_BLOCK + 600, IT_TWO + 1,
               "archive ends without an end-of-archive block");
}

KTEST(initrd_rejects_bad_magic)
{
    it_build();
    it_hdr(3)[IT_MAGIC + 1] = 'S';
    it_checksum(it_hdr(3));
    IT_REJECTS(IT_BUF_SIZE, IT_TWO, "not a ustar header (bad magic)");
    it_build();                          /* garbage where a header should be */
    memset(it_hdr(2), 0xcc, IT_BLOCK);
    IT_REJECTS(IT_BUF_SIZE, IT_DIR, "not a ustar header (bad magic)");
}

KTEST(initrd_rejects_bad_checksum)
{
    it_build();
    it_hdr(0)[0] = 'j';                  /* "jello", checksum not updated */
    IT_REJECTS(IT_BUF_SIZE, 0, "bad header checksum");
    struct initrd_error err;
    initrd_scan(it_buf, IT_BUF_SIZE, NULL, NULL, &err);
    KT_CHECK(strcmp(err.name, "jello") == 0);
    it_build();
    memcpy(it_hdr(0) + IT_CHKSUM, "x12345\0 ", 8);   /* not a number */
    IT_REJECTS(IT_BUF_SIZE, 0, "bad header checksum");
}

KTEST(initrd_rejects_bad_size_field)
{
    static const char *const bad[] = {
        "0000000001x",                   /* a letter */
        "00000000009",                   /* not an octal digit */
        "",                              /* no digits at all */
        "\x80\0\0\0\0\0\0\0\0\0\0",      /* GNU base-256 */
        "-0000000001",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        it_build();
        memset(it_hdr(0) + IT_SIZE, 0, 12);
        memcpy(it_hdr(0) + IT_SIZE, bad[i], strlen(bad[i]));
        it_checksum(it_hdr(0));
        IT_REJECTS(IT_BUF_SIZE, 0, "size field is not an octal number");
    }
    it_build();                          /* 12 digits, no NUL: accepted */
    memcpy(it_hdr(0) + IT_SIZE, "000000000005", 12);
    it_checksum(it_hdr(0));
    struct initrd_error err;
    KT_CHECK_EQ(initrd_scan(it_buf, IT_BUF_SIZE, NULL, NULL, &err), 3);
}

KTEST(initrd_rejects_data_past_end)
{
    it_build();
    it_octal(it_hdr(3) + IT_SIZE, 12, 077777777777UL);
    it_checksum(it_hdr(3));
    IT_REJECTS(IT_BUF_SIZE, IT_TWO, "file data runs past the end of the archive");
    it_build();                          /* one byte too many */
    it_octal(it_hdr(3) + IT_SIZE, 12, 4 * IT_BLOCK + 1);
    it_checksum(it_hdr(3));
    IT_REJECTS(IT_BUF_SIZE, IT_TWO, "file data runs past the end of the archive");
}

KTEST(initrd_rejects_bad_names)
{
    it_build();
    memset(it_hdr(0), 'a', 100);         /* no NUL in the name field */
    it_checksum(it_hdr(0));
    IT_REJECTS(IT_BUF_SIZE, 0, "name is not NUL-terminated within 100 bytes");
    struct initrd_error err;
    initrd_scan(it_buf, IT_BUF_SIZE, NULL, NULL, &err);
    KT_CHECK_EQ(strlen(err.name), INITRD_NAME_MAX);
    it_build();
    memset(it_hdr(0), 0, 100);
    it_checksum(it_hdr(0));
    IT_REJECTS(IT_BUF_SIZE, 0, "empty name");
    it_build();
    memcpy(it_hdr(0) + IT_PREFIX, "bin", 3);
    it_checksum(it_hdr(0));
    IT_REJECTS(IT_BUF_SIZE, 0, "name uses the ustar prefix field (not supported)");
}

KTEST(initrd_rejects_extended_headers)
{
    static const char types[] = { 'x', 'g', 'L', 'K' };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        it_build();
        it_hdr(2)[IT_TYPE] = (uint8_t)types[i];
        it_checksum(it_hdr(2));
        IT_REJECTS(IT_BUF_SIZE, IT_DIR, "pax or GNU extended header (not supported)");
    }
}
