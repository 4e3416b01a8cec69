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
/* blkt_errors: out of range, injected errors (next N, one page), and the
 * device working before, between and after. 0 or -1 likewise. */
int blkt_errors(struct blkdev *d);
/* blkt_device: d, or a "skipped" line when it is NULL. */
struct blkdev *blkt_device(struct blkdev *d, const char *what);
#endif
