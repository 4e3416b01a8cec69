/* blk_test.h -- what the block-device tests share (blk_test_util.c). */
#ifndef DEV_BLK_TEST_H
#define DEV_BLK_TEST_H
#include "dev/block.h"
/* blkt_roundtrip: write n pages from `first` with patterns made of seed,
 * all submitted at once, then read them all back (at once) into other
 * pages and compare. 0, or -1 after a KT failure was reported. */
int blkt_roundtrip(struct blkdev *d, uint64_t first, int n, uint64_t seed);
/* blkt_roundtrip_runs: the same, written in requests of wper pages and
 * read back in requests of rper (each at most d->max_pages). */
int blkt_roundtrip_runs(struct blkdev *d, uint64_t first, int n, int wper, int rper, uint64_t seed);
/* blkt_runs_check: requests of up to n pages (at most max_pages), each
 * page elsewhere in memory, written in one grouping and read back in
 * another at both ends of d; prints "blk: NAME: requests of up to N
 * pages written and read back". A failure is reported as a KT failure. */
void blkt_runs_check(struct blkdev *d, int n);
/* blkt_errors: out of range, injected errors (next N, one page), and the
 * device working before, between and after. 0 or -1 likewise. */
int blkt_errors(struct blkdev *d);
/* blkt_device_error: the device's own error: a read of the page past
 * the end, sent past the block layer's check (blk_submit_unchecked),
 * ends with -EIO, and the next read works. 0, or -1 likewise. */
int blkt_device_error(struct blkdev *d);
/* blkt_device: d, or a "skipped" line when it is NULL. */
struct blkdev *blkt_device(struct blkdev *d, const char *what);
#endif
