/* swapdev.c -- swap= on the command line (swapdev.h). Anything wrong
 * (no such disk, too small, a typo) is one line and no swap: the machine
 * runs as it would without the option. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "dev/swapdev.h"
#include "dev/ramdisk.h"

static struct blkdev *swapdev;   /* set at boot, read after */

struct blkdev *swap_device(void) { return swapdev; }

/* The kinds of disk swap= may name: the first of that kind, or one by
 * its full name (nvme0, ahci1, virtio0). */
static const struct {
    const char *kind, *what;
} swapdev_kinds[] = {
    { "virtio", "virtio-blk disk" },
    { "nvme", "NVMe disk" },
    { "ahci", "SATA (AHCI) disk" },
};

static struct blkdev *swapdev_disk(const char *v)
{
    for (size_t i = 0; i < ARRAY_SIZE(swapdev_kinds); i++) {
        size_t n = strlen(swapdev_kinds[i].kind);
        if (strncmp(v, swapdev_kinds[i].kind, n) != 0)
            continue;
        struct blkdev *d = v[n] ? blk_find(v) : blk_first(v);
        if (!d)
            kprintf("swap: swap=%s but no %s%s found; running without swap\n", v, v[n] ? "such " : "",
                    swapdev_kinds[i].what);
        return d;
    }
    kprintf("swap: swap=%s is not virtio, nvme, ahci, a disk (nvme0) or ram[:SIZE]; running without swap\n", v);
    return NULL;
}

static struct blkdev *swapdev_choose(const char *v)
{
    if (strcmp(v, "ram") == 0 || strncmp(v, "ram:", 4) == 0) {
        uint64_t size = v[3] ? cmdline_parse_size(v + 4) : 0;
        if (v[3] && !size) {
            kprintf("swap: swap=%s: SIZE is not like 4M or 64M; running without swap\n", v);
            return NULL;
        }
        struct blkdev *d = ramdisk_create(size);
        if (!d)
            kprintf("swap: swap=%s but no memory for a RAM disk; running without swap\n", v);
        return d;
    }
    return swapdev_disk(v);
}

void swapdev_init(void)
{
    const char *v = cmdline_get("swap");
    if (!v)
        return;
    struct blkdev *d = swapdev_choose(v);
    if (!d)
        return;
    if (d->npages < SWAP_MIN_PAGES) {
        kprintf("swap: %s has %lu pages, fewer than %d; running without swap\n", d->name, d->npages,
                SWAP_MIN_PAGES);
        return;
    }
    swapdev = d;
    kprintf("swap: %s, %lu pages\n", d->name, d->npages);
}
