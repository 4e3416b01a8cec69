/* blk_fail.c -- I/O errors on purpose, for tests (block.h): a device can
 * be told to fail its next N requests, or every request to one page,
 * with -EIO, as a disk with a bad sector would. The request never reaches
 * the driver, and the device goes on working afterwards.
 *
 * On the command line, for a test that boots: blkfail=SPEC[,SPEC...],
 * each SPEC NAME:N (the next N requests to NAME), NAME:@PAGE (every
 * request to PAGE) or NAME:r@PAGE (every read of PAGE). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "dev/block.h"

void blk_fail_next(struct blkdev *d, uint64_t n)
{
    spin_lock(&d->lock);
    d->fail_next = n;
    spin_unlock(&d->lock);
}

static void blk_fail_set_page(struct blkdev *d, uint64_t page, bool reads)
{
    spin_lock(&d->lock);
    d->fail_page = page;
    d->fail_page_reads = reads;
    spin_unlock(&d->lock);
}

void blk_fail_page(struct blkdev *d, uint64_t page) { blk_fail_set_page(d, page, false); }
void blk_fail_page_reads(struct blkdev *d, uint64_t page) { blk_fail_set_page(d, page, true); }

bool blk_fail_take(struct blkdev *d, uint64_t page, uint32_t n, bool write)
{
    spin_lock(&d->lock);
    /* In [page, page + n): below page, the difference wraps to a large one. */
    bool fail = d->fail_page - page < n && !(write && d->fail_page_reads);
    if (!fail && d->fail_next > 0) {
        d->fail_next--;
        fail = true;
    }
    spin_unlock(&d->lock);
    return fail;
}

/* One SPEC of [s, end): applied when its name is d's. */
static void blk_fail_spec(struct blkdev *d, const char *s, const char *end)
{
    const char *colon = s;
    while (colon < end && *colon != ':')
        colon++;
    size_t len = colon - s;
    if (colon == end || len != strlen(d->name) || strncmp(s, d->name, len) != 0)
        return;
    const char *num = colon + 1;
    bool reads = num < end && *num == 'r';
    num += reads;
    bool page = num < end && *num == '@';
    if (reads && !page)
        goto bad;
    num += page;
    uint64_t v = 0;
    if (num == end)
        goto bad;
    for (; num < end; num++) {
        if (*num < '0' || *num > '9')
            goto bad;
        v = v * 10 + (uint64_t)(*num - '0');
    }
    if (page) {
        blk_fail_set_page(d, v, reads);
        kprintf("blk: %s: every %s page %lu will fail (blkfail=)\n", d->name, reads ? "read of" : "request to", v);
    } else {
        blk_fail_next(d, v);
        kprintf("blk: %s: the next %lu requests will fail (blkfail=)\n", d->name, v);
    }
    return;
bad:
    kprintf("blk: blkfail=: '%.*s' is not NAME:N, NAME:@PAGE or NAME:r@PAGE; ignored\n", (int)(end - s), s);
}

void blk_fail_cmdline(struct blkdev *d)
{
    const char *v = cmdline_get("blkfail");
    while (v && *v) {
        const char *end = v;
        while (*end && *end != ',')
            end++;
        blk_fail_spec(d, v, end);
        v = *end ? end + 1 : end;
    }
}
