/* swapdev.h -- which block device swap uses: swap=virtio, nvme or ahci
 * (the first disk of that kind, whole), swap=NAME (that disk: nvme0,
 * ahci1, virtio0), swap=ram[:SIZE] (ram0, dev/ramdisk.h), or none (the
 * default). The swap code itself is mm/'s. */
#ifndef DEV_SWAPDEV_H
#define DEV_SWAPDEV_H
#include "dev/block.h"
#define SWAP_MIN_PAGES 16
/* swapdev_init: resolve swap= once the drivers have probed; prints one
 * "swap: ..." line. Boot only. */
void swapdev_init(void);
/* swap_device: the device to swap to, or NULL: no swap. */
struct blkdev *swap_device(void);
#endif
