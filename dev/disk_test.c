/* disk_test.c -- the block tests over whichever disk swap= named (boot
 * with swap=nvme0, swap=ahci0, ...: tests/disks.cmake), so every driver
 * goes through the same checks as virtio-blk's (block_test.c): many
 * pages and many requests at once, requests of several pages, the block
 * layer's refusals and injected errors, and the device's own error for
 * a page past its end. */
#include "kernel/ktest.h"
#include "dev/blk_test.h"
#include "dev/swapdev.h"

static struct blkdev *disk_under_test(void)
{
    return blkt_device(swap_device(), "swap= disk");
}

KTEST(disk_patterns)
{
    struct blkdev *d = disk_under_test();
    if (!d)
        return;
    KT_CHECK(d->npages >= 88);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 44, 31), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, 44, 44, 32), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, d->npages - 44, 44, 33), 0);
    KT_CHECK_EQ(blkt_roundtrip(d, 0, 44, 34), 0);       /* overwritten, not stale */
    spin_lock(&d->lock);
    int most = d->max_inflight;
    spin_unlock(&d->lock);
    kprintf("disk: %s: 176 pages written and read back, at most %d requests in flight\n", d->name, most);
    KT_CHECK(most > 1);
}

KTEST(disk_runs)
{
    struct blkdev *d = disk_under_test();
    if (d)
        blkt_runs_check(d, 44);
}

KTEST(disk_errors)
{
    struct blkdev *d = disk_under_test();
    if (d)
        KT_CHECK_EQ(blkt_errors(d), 0);
}

KTEST(disk_device_error)
{
    struct blkdev *d = disk_under_test();
    if (d)
        KT_CHECK_EQ(blkt_device_error(d), 0);
}
