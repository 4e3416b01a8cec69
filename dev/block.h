/* block.h -- block devices: whole pages read and written by page number,
 * whatever the device (docs/block.md). The swap code (mm/) calls only
 * this; drivers (virtio-blk, NVMe, AHCI, the RAM disk) sit below
 * it and never see their callers.
 *
 *   struct blkdev *d = blk_find("virtio0");
 *   int err = blk_rw_page(d, 12, page_to_pa(pg), BLK_READ);   -- sleeps
 *
 * or, without waiting, fill a struct blk_req and blk_submit() it: its
 * done() runs when the request ended, perhaps in an interrupt handler on
 * another CPU, perhaps before blk_submit returns. One request moves up to
 * the device's max_pages consecutive pages of the device, each from or
 * to a page of memory of its own (a scatter list: pas[]). */
#ifndef DEV_BLOCK_H
#define DEV_BLOCK_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "arch/x86_64/memlayout.h"

#define BLK_SECTOR_SIZE   512
#define BLK_PAGE_SECTORS  (PAGE_SIZE / BLK_SECTOR_SIZE)
#define BLK_READ  false
#define BLK_WRITE true
#define BLK_NO_PAGE UINT64_MAX
#define BLK_MAX_PAGES 64         /* the most any request moves (256 KiB) */

struct blkdev;

struct blk_req {
    /* set by the caller */
    struct blkdev *dev;
    uint64_t page;               /* the first page number on the device */
    uint32_t npages;             /* consecutive pages, 1 to dev->max_pages */
    bool write;                  /* BLK_WRITE: memory -> device */
    paddr_t pa;                  /* npages 1: the page of memory, page-aligned */
    const paddr_t *pas;          /* npages > 1: [npages] pages of memory, each
                                    page-aligned; the caller's until done */
    void (*done)(struct blk_req *r);   /* any context; must not sleep */
    void *arg;                   /* the caller's */
    /* set before done() runs */
    int status;                  /* 0, -EIO (the device failed or an
                                    injected error), -EINVAL (page out
                                    of range) */
    /* the driver's while it holds the request */
    struct blk_req *next;
};

/* blk_req_pa: the memory of the request's page i (0 <= i < npages). */
static inline paddr_t blk_req_pa(const struct blk_req *r, uint32_t i)
{
    return r->npages == 1 ? r->pa : r->pas[i];
}

struct blkdev_ops {
    /* submit: start r (in range, not failed on purpose); call blk_end(r,
     * status) when it ended, from any context, even before returning.
     * Must not sleep: it is called with spinlocks held. */
    void (*submit)(struct blkdev *d, struct blk_req *r);
    /* unplug (optional): tell the device about what submit queued while
     * the device was plugged (blk_plug). */
    void (*unplug)(struct blkdev *d);
};

struct blkdev {
    char name[16];               /* "virtio0", "ram0" */
    uint64_t npages;             /* size in pages (BLK_PAGE_SECTORS sectors) */
    uint32_t max_pages;          /* the most pages one request moves, 1 to
                                    BLK_MAX_PAGES (the driver's limit) */
    const struct blkdev_ops *ops;
    void *priv;                  /* the driver's */
    int plugged;                 /* [atomic] blk_plug depth: submit queues without telling the device */

    struct spinlock lock;        /* guards the rest ("blkdev") */
    uint64_t fail_next;          /* error injection: fail this many next */
    uint64_t fail_page;          /* and every request to this page */
    bool fail_page_reads;        /* ... only the reads of it */
    uint64_t reads, writes, errors;     /* requests */
    uint64_t pages_read, pages_written;
    int inflight, max_inflight;  /* requests given to the driver, not ended */
    struct blkdev *next_dev;     /* the list (blk_list_lock) */
};

/* blk_register: d's name, npages, max_pages and ops set; the rest is made here.
 * Applies any blkfail= for its name. */
void blk_register(struct blkdev *d);
/* blk_find: by name, or NULL. blk_first: the first whose name starts
 * with prefix ("virtio"), or NULL. */
struct blkdev *blk_find(const char *name);
struct blkdev *blk_first(const char *prefix);

void blk_submit(struct blk_req *r);
/* blk_submit_unchecked: for tests only: no range check and no injected
 * error, so that a driver's own error path (a page past the end sent to
 * the device) can be seen. */
void blk_submit_unchecked(struct blk_req *r);
/* blk_end: the driver's end of a request; sets status and calls done. */
void blk_end(struct blk_req *r, int status);
/* blk_rw_page: one page, waiting for it (a process sleeps; see
 * kernel/completion.h); 0, -EIO or -EINVAL. Interrupts on, no spinlock
 * held. */
int blk_rw_page(struct blkdev *d, uint64_t page, paddr_t pa, bool write);
/* blk_plug / blk_unplug: requests submitted in between reach the device
 * together, at the unplug: a driver tells the device once, and the device
 * can merge neighbouring pages into one transfer (QEMU's virtio-blk does).
 * For a burst of requests made at once (swap's read-ahead). Nest. */
void blk_plug(struct blkdev *d);
void blk_unplug(struct blkdev *d);

/* Error injection, for tests: the next n requests fail with -EIO (0:
 * none); every request to page fails (BLK_NO_PAGE: none). The command
 * line's blkfail=NAME:N, NAME:@PAGE and NAME:r@PAGE set them at
 * blk_register. */
void blk_fail_next(struct blkdev *d, uint64_t n);
void blk_fail_page(struct blkdev *d, uint64_t page);
/* blk_fail_cmdline: apply blkfail= to d (blk_register's). */
void blk_fail_cmdline(struct blkdev *d);
/* blk_fail_page_reads: the same as blk_fail_page for reads only (a page
 * written well that cannot be read back: swap's read errors). */
void blk_fail_page_reads(struct blkdev *d, uint64_t page);
/* blk_fail_take: whether a request for pages [page, page + n) is to fail
 * on purpose (counted off). */
bool blk_fail_take(struct blkdev *d, uint64_t page, uint32_t n, bool write);
#endif
