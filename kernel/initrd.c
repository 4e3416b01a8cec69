/* initrd.c -- reading the ustar archive of user programs (see initrd.h).
 *
 * The archive comes from outside the kernel, so nothing in a header is
 * trusted: every header is checked before any field is used, numbers are
 * parsed digit by digit, and every offset is compared with what is left of
 * the buffer, never added first. A bad header stops the walk; it never
 * crashes the kernel. The layout (scripts/mkinitrd):
 *
 *   header (512 bytes) | data, zero-padded to 512 | header | ... | 0-block
 *
 * The first all-zero block ends the archive (tar writes two; like GNU tar,
 * one is enough). An archive that simply stops without one is refused: it
 * may have been cut short on a block boundary, losing programs silently.
 */
#include "kernel/initrd.h"
#include "kernel/kernel.h"
#include "arch/x86_64/multiboot.h"
#include "include/weensy/errno.h"

#define USTAR_BLOCK 512
#define USTAR_NAME 0            /* offset, length of each header field */
#define USTAR_NAME_LEN 100
#define USTAR_SIZE 124
#define USTAR_SIZE_LEN 12
#define USTAR_CHKSUM 148
#define USTAR_CHKSUM_LEN 8
#define USTAR_TYPE 156
#define USTAR_MAGIC 257
#define USTAR_PREFIX 345
#define USTAR_PREFIX_LEN 155

/* initrd_entry_at's results besides -ENOEXEC */
#define INITRD_END 0
#define INITRD_ENTRY 1

static struct initrd_entry initrd_files[INITRD_MAX_FILES];
static int initrd_nfiles;       /* in initrd_files[] */
static int initrd_nprograms;    /* in the archive: may exceed the table */
static size_t initrd_bytes;     /* their total size */
static bool initrd_ready;
static const void *initrd_base;  /* the archive, or its good part */
static size_t initrd_size;

bool initrd_archive(const void **base, size_t *size)
{
    *base = initrd_base;
    *size = initrd_size;
    return initrd_base != NULL;
}

/* Parse an octal field: optional leading spaces, at least one digit, then
 * only NULs or spaces to the end of the field (the forms tar writes).
 * Anything else, the base-256 form included, is refused. */
static bool initrd_octal(const uint8_t *field, size_t len, uint64_t *out)
{
    size_t i = 0;
    while (i < len && field[i] == ' ')
        i++;
    uint64_t v = 0;
    size_t digits = 0;
    for (; i < len && field[i] >= '0' && field[i] <= '7'; i++, digits++) {
        if (v > (UINT64_MAX >> 3))      /* cannot happen in 12 bytes; cheap */
            return false;
        v = v << 3 | (uint64_t)(field[i] - '0');
    }
    for (; i < len; i++)
        if (field[i] != '\0' && field[i] != ' ')
            return false;
    *out = v;
    return digits > 0;
}

/* The header checksum: the sum of all 512 bytes with the checksum field
 * itself counted as spaces. POSIX sums unsigned bytes; old tars summed
 * signed ones, and tar readers accept either, as this one does. */
static bool initrd_checksum_ok(const uint8_t *h)
{
    uint64_t want;
    if (!initrd_octal(h + USTAR_CHKSUM, USTAR_CHKSUM_LEN, &want))
        return false;
    uint64_t usum = 0;
    int64_t ssum = 0;
    for (size_t i = 0; i < USTAR_BLOCK; i++) {
        bool in_field = i >= USTAR_CHKSUM && i < USTAR_CHKSUM + USTAR_CHKSUM_LEN;
        uint8_t c = in_field ? ' ' : h[i];
        usum += c;
        ssum += (int8_t)c;
    }
    return want == usum || (int64_t)want == ssum;
}

static bool initrd_all_zero(const uint8_t *h)
{
    for (size_t i = 0; i < USTAR_BLOCK; i++)
        if (h[i])
            return false;
    return true;
}

/* Everything in a header except the size field: on failure *why says what.
 * The magic is "ustar\0" (POSIX, what mkinitrd writes) or "ustar " (GNU
 * tar's default); both lay out names and sizes the same way. */
static bool initrd_header_ok(const uint8_t *h, const char **why)
{
    const uint8_t *magic = h + USTAR_MAGIC;
    if (memcmp(magic, "ustar", 5) != 0 || (magic[5] != '\0' && magic[5] != ' '))
        *why = "not a ustar header (bad magic)";
    else if (!initrd_checksum_ok(h))
        *why = "bad header checksum";
    else if (strnlen((const char *)h + USTAR_NAME, USTAR_NAME_LEN) == USTAR_NAME_LEN)
        *why = "name is not NUL-terminated within 100 bytes";
    else if (h[USTAR_NAME] == '\0')
        *why = "empty name";
    /* A prefix would make the real name "prefix/name": the exact-name
     * lookup would then find the wrong file. mkinitrd never writes one. */
    else if (h[USTAR_PREFIX] != '\0')
        *why = "name uses the ustar prefix field (not supported)";
    /* pax and GNU long-name headers change the meaning of the next header;
     * skipping them would misread it. */
    else if (h[USTAR_TYPE] != '\0' && strchr("xgLK", h[USTAR_TYPE]))
        *why = "pax or GNU extended header (not supported)";
    else
        return true;
    return false;
}

/* Read the entry whose header starts at off.
 * => INITRD_ENTRY with *e and *next (the following header's offset),
 *    INITRD_END at the end-of-archive block, or -ENOEXEC with *why. */
static int initrd_entry_at(const uint8_t *base, size_t size, size_t off,
                           struct initrd_entry *e, size_t *next,
                           const char **why)
{
    if (off == size) {
        *why = "archive ends without an end-of-archive block";
        return -ENOEXEC;
    }
    if (size - off < USTAR_BLOCK) {
        *why = "header cut short by the end of the archive";
        return -ENOEXEC;
    }
    const uint8_t *h = base + off;
    if (initrd_all_zero(h))
        return INITRD_END;
    if (!initrd_header_ok(h, why))
        return -ENOEXEC;
    uint64_t fsize;
    if (!initrd_octal(h + USTAR_SIZE, USTAR_SIZE_LEN, &fsize)) {
        *why = "size field is not an octal number";
        return -ENOEXEC;
    }
    size_t data_off = off + USTAR_BLOCK;
    if (fsize > size - data_off) {
        *why = "file data runs past the end of the archive";
        return -ENOEXEC;
    }
    *e = (struct initrd_entry){
        .name = (const char *)h + USTAR_NAME,
        .data = base + data_off,
        .size = fsize,
        .type = (char)h[USTAR_TYPE],
    };
    /* The last file's padding may be missing: then the archive simply ends
     * (and the next call says the end block is missing). */
    *next = MIN(data_off + ALIGN_UP((size_t)fsize, USTAR_BLOCK), size);
    return INITRD_ENTRY;
}

/* A printable copy of a header's name field, for the error report. */
static void initrd_copy_name(char *dst, const uint8_t *h)
{
    size_t i = 0;
    for (; i < INITRD_NAME_MAX && h[USTAR_NAME + i]; i++) {
        uint8_t c = h[USTAR_NAME + i];
        dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    dst[i] = '\0';
}

int initrd_scan(const void *base, size_t size, initrd_visit_fn *visit,
                void *arg, struct initrd_error *err)
{
    size_t off = 0;
    for (int i = 0;; i++) {
        struct initrd_entry e;
        size_t next;
        const char *why;
        int r = initrd_entry_at(base, size, off, &e, &next, &why);
        if (r == INITRD_END)
            return i;
        if (r < 0 && err) {
            *err = (struct initrd_error){ .index = i, .offset = off, .why = why };
            if (size - off >= USTAR_BLOCK)
                initrd_copy_name(err->name, (const uint8_t *)base + off);
        }
        if (r < 0)
            return r;
        if (visit)
            visit(&e, arg);
        off = next;
    }
}

/* Programs are the regular files in bin/ (named without the "bin/"), or
 * at the top of an archive that has no folders (older archives, tests);
 * directories, links and other files name nothing that can run. The file
 * system (fs/initrdfs.c) shows every entry at its path. */
static void initrd_record(const struct initrd_entry *e, void *arg __unused)
{
    if (e->type != '0' && e->type != '\0')
        return;
    struct initrd_entry prog = *e;
    if (strncmp(prog.name, "bin/", 4) == 0)
        prog.name += 4;
    if (strchr(prog.name, '/') || !prog.name[0])
        return;
    if (initrd_nfiles < INITRD_MAX_FILES)
        initrd_files[initrd_nfiles++] = prog;
    initrd_nprograms++;
    initrd_bytes += e->size;
}

static const struct boot_module *initrd_module(void)
{
    for (int i = 0; i < boot_info.module_count; i++)
        if (strcmp(boot_info.modules[i].name, "initrd") == 0)
            return &boot_info.modules[i];
    return NULL;
}

/* One line for the boot log: what was found, or where the archive is bad. */
static void initrd_report(int r, const struct initrd_error *err)
{
    const char *s = initrd_nprograms == 1 ? "" : "s";
    if (r < 0)
        kprintf("initrd: entry %d at offset %#lx ('%s') is bad: %s; "
                "keeping the %d program%s before it", err->index, err->offset,
                err->name, err->why, initrd_nprograms, s);
    else
        kprintf("initrd: %d program%s, %lu KiB", initrd_nprograms, s,
                (initrd_bytes + 1023) / 1024);
    if (initrd_nprograms > INITRD_MAX_FILES)
        kprintf(" (only the first %d can be found)", INITRD_MAX_FILES);
    kprintf("\n");
}

void initrd_init(void)
{
    if (initrd_ready)
        return;
    initrd_ready = true;
    const struct boot_module *m = initrd_module();
    if (!m) {
        kprintf("initrd: none\n");
        return;
    }
    size_t size = m->end > m->start ? m->end - m->start : 0;
    struct initrd_error err;
    int r = initrd_scan(pa_to_kva(m->start), size, initrd_record, NULL, &err);
    initrd_base = pa_to_kva(m->start);
    initrd_size = r < 0 ? err.offset : size;     /* the good part only */
    initrd_report(r, &err);
}

/* Names are unique when mkinitrd made the archive; otherwise the first
 * entry with the name wins. */
bool initrd_find(const char *name, const void **data, size_t *size)
{
    for (int i = 0; i < initrd_nfiles; i++) {
        if (strcmp(initrd_files[i].name, name) == 0) {
            *data = initrd_files[i].data;
            *size = initrd_files[i].size;
            return true;
        }
    }
    return false;
}

int initrd_count(void) { return initrd_nfiles; }

const char *initrd_name(int i)
{
    return i >= 0 && i < initrd_nfiles ? initrd_files[i].name : NULL;
}
