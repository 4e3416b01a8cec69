/* block.c -- the block layer (block.h): the list of devices, the checks
 * and counts every request goes through, and the synchronous wrapper. */
#include "kernel/kernel.h"
#include "kernel/completion.h"
#include "dev/block.h"
#include "include/weensy/errno.h"

static struct spinlock blk_list_lock = SPINLOCK_INIT("blk list");
static struct blkdev *blk_list;

void blk_register(struct blkdev *d)
{
    assert(d->ops && d->ops->submit && d->name[0]);
    assert(d->max_pages >= 1 && d->max_pages <= BLK_MAX_PAGES);
    spinlock_init(&d->lock, "blkdev");
    d->fail_next = 0;
    d->fail_page = BLK_NO_PAGE;
    blk_fail_cmdline(d);
    spin_lock(&blk_list_lock);
    struct blkdev **pp = &blk_list;
    while (*pp)
        pp = &(*pp)->next_dev;
    d->next_dev = NULL;
    *pp = d;
    spin_unlock(&blk_list_lock);
}

static struct blkdev *blk_lookup(const char *name, size_t len)
{
    spin_lock(&blk_list_lock);
    struct blkdev *d = blk_list;
    while (d && strncmp(d->name, name, len) != 0)
        d = d->next_dev;
    spin_unlock(&blk_list_lock);
    return d;
}

struct blkdev *blk_find(const char *name) { return blk_lookup(name, sizeof(((struct blkdev *)0)->name)); }
struct blkdev *blk_first(const char *prefix) { return blk_lookup(prefix, strlen(prefix)); }

/* Counted before the driver sees it, so a request that ends at once
 * (the RAM disk) is never ended before it was begun. */
static void blk_begin(struct blkdev *d, const struct blk_req *r)
{
    spin_lock(&d->lock);
    if (r->write) {
        d->writes++;
        d->pages_written += r->npages;
    } else {
        d->reads++;
        d->pages_read += r->npages;
    }
    d->inflight++;
    d->max_inflight = MAX(d->max_inflight, d->inflight);
    spin_unlock(&d->lock);
}

void blk_end(struct blk_req *r, int status)
{
    struct blkdev *d = r->dev;
    spin_lock(&d->lock);
    assert(d->inflight > 0);
    d->inflight--;
    d->errors += status != 0;
    spin_unlock(&d->lock);
    r->status = status;
    r->done(r);
}

/* A request refused before the driver: out of range, or failed on
 * purpose. Ended at once, through done like any other. */
static void blk_refuse(struct blk_req *r, int status)
{
    struct blkdev *d = r->dev;
    spin_lock(&d->lock);
    d->errors++;
    spin_unlock(&d->lock);
    r->status = status;
    r->done(r);
}

/* What no caller may get wrong: a device, a callback, a page count the
 * device takes, and whole pages of memory. */
static void blk_assert_well_formed(const struct blk_req *r)
{
    struct blkdev *d = r->dev;
    assert(d && r->done && r->npages >= 1 && r->npages <= d->max_pages);
    for (uint32_t i = 0; i < r->npages; i++)
        assert(PAGE_ALIGNED(blk_req_pa(r, i)));
}

void blk_submit(struct blk_req *r)
{
    struct blkdev *d = r->dev;
    blk_assert_well_formed(r);
    if (r->page >= d->npages || d->npages - r->page < r->npages) {
        blk_refuse(r, -EINVAL);
        return;
    }
    if (blk_fail_take(d, r->page, r->npages, r->write)) {
        blk_refuse(r, -EIO);
        return;
    }
    blk_submit_unchecked(r);
}

void blk_submit_unchecked(struct blk_req *r)
{
    blk_assert_well_formed(r);
    blk_begin(r->dev, r);
    r->dev->ops->submit(r->dev, r);
}

static void blk_wake(struct blk_req *r)
{
    completion_signal(r->arg);
}

void blk_plug(struct blkdev *d)
{
    __atomic_add_fetch(&d->plugged, 1, __ATOMIC_ACQ_REL);
}

void blk_unplug(struct blkdev *d)
{
    if (__atomic_sub_fetch(&d->plugged, 1, __ATOMIC_ACQ_REL) == 0 && d->ops->unplug)
        d->ops->unplug(d);
}

int blk_rw_page(struct blkdev *d, uint64_t page, paddr_t pa, bool write)
{
    struct completion c;
    completion_init(&c);
    struct blk_req r = { .dev = d, .page = page, .npages = 1, .pa = pa, .write = write, .done = blk_wake,
                         .arg = &c };
    blk_submit(&r);
    completion_wait(&c);
    return r.status;
}
