/* blk_test_util.c -- the block tests' shared steps (blk_test.h): real
 * requests through blk_submit, many at once, and patterns that differ in
 * every word, every page and every run, so a page read from the wrong
 * place or not at all cannot pass. */
#include "kernel/ktest.h"
#include "kernel/completion.h"
#include "dev/blk_test.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/cpu.h"
#include "include/weensy/errno.h"

#define BLKT_MAX 44               /* a batch fits in one kmalloc page */

/* A batch: requests submitted together; the last to end signals. */
struct blkt_batch {
    /* 44 one-page virtio requests need 132 descriptors: more than a queue
     * of 128, so some wait in the driver's FIFO. */
    struct blk_req req[BLKT_MAX];
    struct page *pg[BLKT_MAX];
    paddr_t pas[BLKT_MAX];       /* pg's, for requests of several pages */
    int left;                    /* atomic */
    int errors;                  /* atomic */
    struct completion all_done;
};

static uint64_t blkt_word(uint64_t seed, uint64_t page, size_t i)
{
    return (seed * 0x9e3779b97f4a7c15UL) ^ (page << 32) ^ (i * 0xff51afd7ed558ccdUL) ^ mycpu()->id;
}

static void blkt_wake(struct blk_req *r)
{
    completion_signal(r->arg);
}

static void blkt_done(struct blk_req *r)
{
    struct blkt_batch *b = r->arg;
    if (r->status)
        __atomic_add_fetch(&b->errors, 1, __ATOMIC_RELAXED);
    if (__atomic_sub_fetch(&b->left, 1, __ATOMIC_ACQ_REL) == 0)
        completion_signal(&b->all_done);
}

/* n pages from first, in requests of `per` pages (the last may have
 * fewer), all submitted before any is waited for. */
static int blkt_run(struct blkt_batch *b, struct blkdev *d, uint64_t first, int n, int per, bool write)
{
    int nreq = (n + per - 1) / per;
    completion_init(&b->all_done);
    b->left = nreq;
    b->errors = 0;
    for (int i = 0; i < n; i++)
        b->pas[i] = page_to_pa(b->pg[i]);
    for (int j = 0; j < nreq; j++) {
        int at = j * per;
        b->req[j] = (struct blk_req){ .dev = d, .page = first + at, .npages = MIN(per, n - at),
                                      .pa = b->pas[at], .pas = &b->pas[at], .write = write,
                                      .done = blkt_done, .arg = b };
        blk_submit(&b->req[j]);
    }
    completion_wait(&b->all_done);
    return b->errors;
}

static bool blkt_alloc(struct blkt_batch *b, int n)
{
    for (int i = 0; i < n; i++)
        if (!(b->pg[i] = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0)))
            return false;
    return true;
}

static void blkt_free(struct blkt_batch *b, int n)
{
    for (int i = 0; i < n; i++)
        if (b->pg[i])
            page_put(b->pg[i]);
}

/* The first page that differs from its pattern, or -1. */
static int blkt_compare(struct blkt_batch *b, int n, uint64_t first, uint64_t seed)
{
    for (int i = 0; i < n; i++) {
        const uint64_t *w = page_kva(b->pg[i]);
        for (size_t j = 0; j < PAGE_SIZE / 8; j++)
            if (w[j] != blkt_word(seed, first + i, j))
                return i;
    }
    return -1;
}

static int blkt_roundtrip_in(struct blkt_batch *wb, struct blkt_batch *rb, struct blkdev *d, uint64_t first,
                             int n, int wper, int rper, uint64_t seed)
{
    for (int i = 0; i < n; i++) {
        uint64_t *w = page_kva(wb->pg[i]);
        for (size_t j = 0; j < PAGE_SIZE / 8; j++)
            w[j] = blkt_word(seed, first + i, j);
    }
    int werr = blkt_run(wb, d, first, n, wper, BLK_WRITE);
    int rerr = blkt_run(rb, d, first, n, rper, BLK_READ);
    int bad = blkt_compare(rb, n, first, seed);
    if (werr || rerr || bad >= 0) {
        ktest_fail(__FILE__, __LINE__,
                   "%s pages %lu..%lu (written %d, read %d a request): %d writes and %d reads failed, "
                   "page %d read back wrong", d->name, first, first + n - 1, wper, rper, werr, rerr, bad);
        return -1;
    }
    return 0;
}

int blkt_roundtrip(struct blkdev *d, uint64_t first, int n, uint64_t seed)
{
    return blkt_roundtrip_runs(d, first, n, 1, 1, seed);
}

int blkt_roundtrip_runs(struct blkdev *d, uint64_t first, int n, int wper, int rper, uint64_t seed)
{
    _Static_assert(sizeof(struct blkt_batch) <= PAGE_SIZE, "a batch is one kmalloc");
    assert(n <= BLKT_MAX);
    struct blkt_batch *wb = kmalloc(sizeof(*wb)), *rb = kmalloc(sizeof(*rb));
    int err = -1;
    if (!wb || !rb || !blkt_alloc(wb, n) || !blkt_alloc(rb, n))
        ktest_fail(__FILE__, __LINE__, "out of memory for %d pages", 2 * n);
    else
        err = blkt_roundtrip_in(wb, rb, d, first, n, wper, rper, seed);
    if (wb)
        blkt_free(wb, n);
    if (rb)
        blkt_free(rb, n);
    kfree(wb);
    kfree(rb);
    return err;
}

/* Requests of several pages, each page somewhere else in memory: written
 * in one grouping and read back in another, so a page put in the wrong
 * place of a request, or a request cut short, reads back wrong. */
void blkt_runs_check(struct blkdev *d, int n)
{
    int most = MIN((int)d->max_pages, n);
    KT_CHECK(most >= 8);
    KT_CHECK_EQ(blkt_roundtrip_runs(d, 0, n, most, 3, 21), 0);
    KT_CHECK_EQ(blkt_roundtrip_runs(d, 5, n, 7, most, 22), 0);
    KT_CHECK_EQ(blkt_roundtrip_runs(d, d->npages - n, n, 2, 1, 23), 0);
    KT_CHECK_EQ(blkt_roundtrip_runs(d, 0, n, 1, most, 24), 0);
    kprintf("blk: %s: requests of up to %d pages written and read back\n", d->name, most);
}

int blkt_device_error(struct blkdev *d)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg) {
        ktest_fail(__FILE__, __LINE__, "out of memory");
        return -1;
    }
    struct completion ended;
    completion_init(&ended);
    struct blk_req r = { .dev = d, .page = d->npages, .npages = 1, .pa = page_to_pa(pg), .write = BLK_READ,
                         .done = blkt_wake, .arg = &ended };
    blk_submit_unchecked(&r);
    completion_wait(&ended);
    int got = r.status;
    int after = blk_rw_page(d, 0, page_to_pa(pg), BLK_READ);
    page_put(pg);
    if (got != -EIO || after != 0) {
        ktest_fail(__FILE__, __LINE__, "%s: a read past the end ended with %d (not -EIO), the next read with %d",
                   d->name, got, after);
        return -1;
    }
    return 0;
}

struct blkdev *blkt_device(struct blkdev *d, const char *what)
{
    if (!d)
        kprintf("ktest: skipped: no %s on this machine\n", what);
    return d;
}

/* One synchronous request's status. */
static int blkt_one(struct blkdev *d, uint64_t page, paddr_t pa, bool write)
{
    return blk_rw_page(d, page, pa, write);
}

/* One synchronous request of n pages, every one of them at pa. */
static int blkt_many(struct blkdev *d, uint64_t page, uint32_t n, paddr_t pa, bool write)
{
    paddr_t pas[4] = { pa, pa, pa, pa };
    assert(n <= 4);
    struct completion c;
    completion_init(&c);
    struct blk_req r = { .dev = d, .page = page, .npages = n, .write = write, .pa = pa, .pas = pas,
                         .done = blkt_wake, .arg = &c };
    blk_submit(&r);
    completion_wait(&c);
    return r.status;
}

#define BLKT_EXPECT(got, want)                                                          \
    do {                                                                                \
        int got_ = (got);                                                               \
        if (got_ != (want)) {                                                           \
            ktest_fail(__FILE__, __LINE__, "%s: %s is %d, not %s", d->name, #got, got_, #want); \
            return -1;                                                                  \
        }                                                                               \
    } while (0)

static int blkt_errors_in(struct blkdev *d, paddr_t pa)
{
    BLKT_EXPECT(blkt_one(d, 0, pa, BLK_READ), 0);
    BLKT_EXPECT(blkt_one(d, d->npages, pa, BLK_READ), -EINVAL);
    BLKT_EXPECT(blkt_one(d, UINT64_MAX - 1, pa, BLK_WRITE), -EINVAL);
    blk_fail_next(d, 2);
    BLKT_EXPECT(blkt_one(d, 1, pa, BLK_WRITE), -EIO);
    BLKT_EXPECT(blkt_one(d, 1, pa, BLK_READ), -EIO);
    BLKT_EXPECT(blkt_one(d, 1, pa, BLK_WRITE), 0);
    blk_fail_page(d, 3);
    BLKT_EXPECT(blkt_one(d, 3, pa, BLK_WRITE), -EIO);
    BLKT_EXPECT(blkt_one(d, 3, pa, BLK_READ), -EIO);
    BLKT_EXPECT(blkt_one(d, 4, pa, BLK_READ), 0);
    /* A request of several pages: all in range or refused; failed whole
     * when one of its pages is to fail, whichever. */
    if (d->max_pages >= 4) {
        BLKT_EXPECT(blkt_many(d, 1, 4, pa, BLK_READ), -EIO);
        BLKT_EXPECT(blkt_many(d, 3, 4, pa, BLK_WRITE), -EIO);
        BLKT_EXPECT(blkt_many(d, 4, 4, pa, BLK_READ), 0);
        BLKT_EXPECT(blkt_many(d, d->npages - 3, 4, pa, BLK_READ), -EINVAL);
        BLKT_EXPECT(blkt_many(d, d->npages - 4, 4, pa, BLK_READ), 0);
    }
    blk_fail_page(d, BLK_NO_PAGE);
    BLKT_EXPECT(blkt_one(d, 3, pa, BLK_READ), 0);
    return 0;
}

int blkt_errors(struct blkdev *d)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!pg) {
        ktest_fail(__FILE__, __LINE__, "out of memory");
        return -1;
    }
    int err = blkt_errors_in(d, page_to_pa(pg));
    blk_fail_next(d, 0);
    blk_fail_page(d, BLK_NO_PAGE);
    page_put(pg);
    if (!err)
        err = blkt_roundtrip(d, 0, 8, 99);     /* and it still works */
    return err;
}
