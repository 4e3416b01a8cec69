/* swap_io.c -- the swap code's one contact with the block layer
 * (docs/block.md): slot s is page s - 1 of the device swap= names
 * (dev/swapdev.h, resolved at boot). Every failure the device reports is
 * an I/O error to the swap code. */
#include "kernel/kernel.h"
#include "mm/swap_io.h"
#include "dev/swapdev.h"
#include "include/weensy/errno.h"

static struct blkdev *swap_dev;     /* [const after swap_io_init] */

size_t swap_io_init(void)
{
    swap_dev = swap_device();
    return swap_dev ? swap_dev->npages : 0;
}

const char *swap_io_name(void) { return swap_dev ? swap_dev->name : "no device"; }

void swap_io_plug(void) { blk_plug(swap_dev); }
void swap_io_unplug(void) { blk_unplug(swap_dev); }

void swap_io_start(uint32_t s, uint32_t n, const paddr_t *pas, bool write, struct blk_req *r,
                       void (*done)(struct blk_req *r), void *arg)
{
    assert(s > 0 && n >= 1 && n <= swap_dev->max_pages);
    *r = (struct blk_req){ .dev = swap_dev, .page = s - 1, .npages = n, .pa = pas[0], .pas = pas,
                           .write = write, .done = done, .arg = arg };
    blk_submit(r);
}

uint32_t swap_io_max_pages(void) { return swap_dev ? swap_dev->max_pages : 1; }
