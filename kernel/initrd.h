/* initrd.h -- the initial archive of user programs: a ustar file
 * (scripts/mkinitrd) that GRUB loads as the module named "initrd".
 *
 * The archive is read in place, through the direct map: GRUB's modules are
 * reserved for good (mm/bootmem.c), so names and data stay valid. A file's
 * data starts 512-byte aligned inside the module, not page aligned: the
 * loader must copy it into fresh pages, never map it. */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H
#include <stdbool.h>
#include <stddef.h>

/* How many programs initrd_find() can see. Programs past this many are
 * still checked and counted (initrd_init() says how many are left out), but
 * cannot be found or listed. */
#define INITRD_MAX_FILES 128
#define INITRD_NAME_MAX 99      /* a ustar name field is 100 bytes with its NUL */

/* initrd_init: find the "initrd" module, check the whole archive once and
 * remember its programs (regular files). Prints one line: "initrd: N
 * programs, K KiB", "initrd: none", or which entry is bad and why (the
 * programs before a bad entry are kept; nothing after it is read).
 * Calling it again does nothing. */
void initrd_init(void);

/* initrd_find: the program named exactly name (a regular file).
 * => true with *data and *size set, or false (also before initrd_init). */
bool initrd_find(const char *name, const void **data, size_t *size);

/* initrd_count, initrd_name: the programs, in archive order (for ls).
 * initrd_name returns NULL for an index out of range. */
int initrd_count(void);
/* initrd_archive: the archive (up to its first bad entry), for the file
 * system that shows it; false if there is none. */
bool initrd_archive(const void **base, size_t *size);
const char *initrd_name(int i);

/* ---- the archive walker, usable on any buffer (for tests) --------------- */

struct initrd_entry {
    const char *name;           /* NUL-terminated, inside the archive */
    const void *data;           /* inside the archive, 512-byte aligned */
    size_t size;
    char type;                  /* ustar typeflag: '0' or '\0' regular file,
                                 * '5' directory, ... */
};

struct initrd_error {
    int index;                  /* which header (0 = the first) */
    size_t offset;              /* where it starts in the archive */
    const char *why;            /* static string */
    char name[INITRD_NAME_MAX + 1];   /* its name field, made printable
                                       * ("" if the header is cut short) */
};

typedef void initrd_visit_fn(const struct initrd_entry *e, void *arg);

/* initrd_scan: walk the ustar archive at [base, base + size), checking
 * every header (magic, checksum, name, size field, data inside the buffer)
 * and calling visit(entry, arg), if visit is not NULL, for each good entry
 * of any type, in order, up to the end-of-archive block.
 * => returns the number of entries, or -ENOEXEC with *err (if err is not
 *    NULL) describing the first bad header; the entries before it have
 *    been visited. */
int initrd_scan(const void *base, size_t size, initrd_visit_fn *visit,
                void *arg, struct initrd_error *err);
#endif
