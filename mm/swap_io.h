/* swap_io.h -- the swap code's only contact with the device (swap.h):
 * slot s is the device's page s - 1. Reads and writes are started here
 * and end through a callback; their callers wait (kernel/completion.h). */
#ifndef MM_SWAP_IO_H
#define MM_SWAP_IO_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"
/* swap_io_init: open the device swap= names; its size in pages (0: none). */
size_t swap_io_init(void);
const char *swap_io_name(void);
struct blk_req;
/* swap_io_plug / unplug: the requests started in between go to the
 * device together (dev/block.h, blk_plug). */
void swap_io_plug(void);
void swap_io_unplug(void);
/* swap_io_start: read slots s .. s + n - 1 into pas[0..n), or write
 * them from there (the caller's until done), as one request of at most
 * swap_io_max_pages: done(r) runs when it ended, in any context
 * (dev/block.h), r->status 0 or an error; r and arg are the caller's until
 * then. Caller holds no lock done takes. */
void swap_io_start(uint32_t s, uint32_t n, const paddr_t *pas, bool write, struct blk_req *r,
                       void (*done)(struct blk_req *r), void *arg);
uint32_t swap_io_max_pages(void);
#endif
