/* block_test.c -- the block layer and its drivers, through blk_submit:
 * ram0 (boot with swap=ram[:SIZE]) and virtio0 (a virtio-blk disk
 * attached: tests/blk.cmake). A test whose device is missing says
 * "skipped" and passes; the ctests that run them expect the devices'
 * boot lines, so a device gone missing fails there. */
#include "kernel/ktest.h"
#include "kernel/completion.h"
#include "arch/x86_64/cpu.h"
#include "dev/blk_test.h"
#include "dev/swapdev.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

KTEST(blk_ram_patterns)
{
    struct blkdev *d = blkt_device(blk_find("ram0"), "ram0");
    if (!d)
        return;
    KT_CHECK(d->npages >= 32);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 16, 1), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, d->npages - 16, 16, 2), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 16, 3), 0);    /* overwritten, not stale */
}

KTEST(blk_ram_errors)
{
    struct blkdev *d = blkt_device(blk_find("ram0"), "ram0");
    if (!d)
        return;
    KT_CHECK_EQ(blkt_errors(d), 0);
}

/* Many pages, many requests in flight at once: the driver's ring, its
 * FIFO of requests waiting for room, completions by interrupt (on the
 * boot CPU, whichever CPU runs this), sector arithmetic at both ends. */
KTEST(vblk_patterns)
{
    struct blkdev *d = blkt_device(blk_first("virtio"), "virtio-blk disk");
    if (!d)
        return;
    KT_CHECK(d->npages >= 88);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 44, 11), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, 44, 44, 12), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, d->npages - 44, 44, 13), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 44, 14), 0);
    spin_lock(&d->lock);
    int most = d->max_inflight;
    spin_unlock(&d->lock);
    kprintf("vblk: %s: 176 pages written and read back, at most %d requests in flight\n", d->name, most);
    KT_CHECK(most > 1);
}

KTEST(blk_ram_runs)
{
    struct blkdev *d = blkt_device(blk_find("ram0"), "ram0");
    if (d)
        blkt_runs_check(d, 16);   /* mem=2M has room for twice 16 */
}

KTEST(vblk_runs)
{
    struct blkdev *d = blkt_device(blk_first("virtio"), "virtio-blk disk");
    if (d)
        blkt_runs_check(d, 44);
}

KTEST(vblk_errors)
{
    struct blkdev *d = blkt_device(blk_first("virtio"), "virtio-blk disk");
    if (!d)
        return;
    KT_CHECK_EQ(blkt_errors(d), 0);
}

/* The device's own error: a page past the end, sent past the block
 * layer's check, comes back with VIRTIO_BLK_S_IOERR, which is -EIO; and
 * the disk works on. */
KTEST(vblk_device_error)
{
    struct blkdev *d = blkt_device(blk_first("virtio"), "virtio-blk disk");
    if (d)
        KT_CHECK_EQ(blkt_device_error(d), 0);
}

/* With blkfail=NAME:N for the swap device: its first N requests fail,
 * the next works. Once, on the boot CPU: the count is used up then. */
KTEST(blk_fail_cmdline)
{
    if (mycpu()->id != 0)
        return;
    struct blkdev *d = blkt_device(swap_device(), "swap device");
    if (!d)
        return;
    spin_lock(&d->lock);
    uint64_t n = d->fail_next;
    spin_unlock(&d->lock);
    KT_CHECK(n > 0);
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    KT_CHECK(pg);
    int bad = 0;
    for (uint64_t i = 0; i < n; i++)
        bad += blk_rw_page(d, i, page_to_pa(pg), BLK_READ) == -EIO;
    int last = blk_rw_page(d, n, page_to_pa(pg), BLK_READ);
    page_put(pg);
    kprintf("blk: %s: %d of the first %lu requests failed, then %d\n", d->name, bad, n, last);
    KT_CHECK_EQ(bad, n);
    KT_CHECK_EQ(last, 0);
}
