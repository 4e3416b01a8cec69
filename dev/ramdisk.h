/* ramdisk.h -- a block device in RAM ("ram0"): the memory above the
 * mem= cap, which the page allocator does not manage, or, when there is
 * no cap, pages taken from the allocator at boot (docs/block.md). */
#ifndef DEV_RAMDISK_H
#define DEV_RAMDISK_H
#include <stdint.h>
#include "dev/block.h"
#define RAMDISK_DEFAULT_SIZE (4UL << 20)   /* without a cap and without a size */
/* ramdisk_create: make and register ram0 of at most `bytes` (0: all the
 * RAM above the cap, or RAMDISK_DEFAULT_SIZE without one); NULL if it
 * exists already or no page at all could be had. Boot only. */
struct blkdev *ramdisk_create(uint64_t bytes);
#endif
