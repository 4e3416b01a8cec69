/* swap.c -- the figures of page replacement, the same on weensy and Linux
 * (`bench swap`; docs/performance.md, docs/swap.md):
 *
 *   major_fault   a page brought back from swap, per page: 1024 pages
 *                 touched, sent out with madvise(MADV_PAGEOUT), then read
 *                 again one by one (the reads timed), after memory
 *                 pressure has made both kernels drop what they kept
 *                 (swap_cache_flush); major_fault_pageins: how many of
 *                 them the last round read from the device
 *   pressure      twice the machine's RAM touched, in passes over the
 *                 whole area, each followed by a hot set of 1/8 of RAM
 *                 touched again (reuse the clock should keep in memory):
 *                 the wall time per page touched, and the page-ins the
 *                 kernel counted (pressure_pageins, count)
 *
 * Both need a swap device: weensy boots with swap=virtio; on Linux this
 * program writes a swap header on /dev/vda and calls swapon itself. With
 * none, each figure says it is skipped. */
#include "bench.h"
#include "include/weensy/info.h"

#define MADV_PAGEOUT 21
#define MAJOR_PAGES 1024

/* weensy: swap=virtio (or another device) on the command line; meminfo
 * counts everything. The raw call: musl-bench has no weensy library. */
static int weensy_meminfo(struct weensy_meminfo *m)
{
    return sys_meminfo((long)m, sizeof *m) < 0 ? -1 : 0;
}

static long weensy_swap_setup(void)
{
    struct weensy_meminfo m;
    return weensy_meminfo(&m) < 0 || !m.swap_total ? -1 : (long)m.swap_total;
}

static long weensy_pageins(void)
{
    struct weensy_meminfo m;
    return weensy_meminfo(&m) < 0 ? -1 : (long)m.swap_ins;
}

static long weensy_ram_pages(void)
{
    struct weensy_meminfo m;
    return weensy_meminfo(&m) < 0 ? 0 : (long)m.total;
}

static long weensy_free_pages(void)
{
    struct weensy_meminfo m;
    return weensy_meminfo(&m) < 0 ? 0 : (long)m.free;
}

static const struct bench_swap_ops weensy_swap_ops = {
    weensy_swap_setup, weensy_pageins, weensy_ram_pages, weensy_free_pages,
};

/* ops: the running kernel's (bench_on_linux). */
static const struct bench_swap_ops *ops;

static char *major_area;
static long major_pageins = -1;      /* pages the last round read from the device */

/* swap_cache_flush: the pages just sent out are on the device only, not
 * also in memory. Linux keeps a page MADV_PAGEOUT wrote in its swap cache
 * until memory is wanted (weensy frees it once written), and a touch then
 * finds it there: a minor fault, no page-in (major_fault_pageins was 0 on
 * Linux before this). Touching more than the free memory, then letting it
 * go, makes both kernels reclaim; Linux drops those clean pages first
 * (its MADV_PAGEOUT leaves them at the tail of the inactive list). */
static void swap_cache_flush(void)
{
    long pages = ops->free_pages() + 4096;
    char *balloon = map(pages * PAGE, MAP_PRIVATE);
    for (long i = 0; i < pages; i++)
        ((volatile char *)balloon)[i * PAGE] = 1;
    sys_munmap((long)balloon, pages * PAGE);
}

/* major_fault: the reads of n pages that MADV_PAGEOUT has sent out. */
static uint64_t major_fault(long n)
{
    for (long i = 0; i < n; i++)
        major_area[i * PAGE] = (char)i;
    if (sys_madvise((long)major_area, n * PAGE, MADV_PAGEOUT) < 0) {
        printf("bench: madvise(MADV_PAGEOUT) failed\n");
        exit(1);
    }
    swap_cache_flush();
    long in0 = ops->pageins();
    uint64_t t0 = rdtsc();
    long bad = 0;
    for (long i = 0; i < n; i++)
        bad += ((volatile char *)major_area)[i * PAGE] != (char)i;
    uint64_t t = rdtsc() - t0;
    long in1 = ops->pageins();
    major_pageins = in0 >= 0 && in1 >= 0 ? in1 - in0 : -1;
    if (bad) {
        printf("bench: major_fault: %ld pages read back wrong\n", bad);
        exit(1);
    }
    return t;
}

/* pressure: passes over 2 x RAM, each followed by the hot set again. */
static void pressure(long ram)
{
    long pages = 2 * ram, hot = ram / 8;
    char *area = map(pages * PAGE, MAP_PRIVATE);
    long in0 = ops->pageins(), touched = 0;
    uint64_t t0 = rdtsc();
    for (int pass = 0; pass < 2; pass++)
        for (long i = 0; i < pages; i++) {
            ((volatile char *)area)[i * PAGE] = (char)pass;
            touched++;
            if (i % 64 == 63)
                for (long h = 0; h < hot; h += 64, touched++)
                    ((volatile char *)area)[h * PAGE + 8] = 1;
        }
    uint64_t t = rdtsc() - t0;
    long in1 = ops->pageins();
    report("pressure", t, touched);
    printf("bench: pressure_pageins %ld count\n", in1 >= 0 && in0 >= 0 ? in1 - in0 : -1);
    sys_munmap((long)area, pages * PAGE);
}

void bench_swap(void)
{
    ops = bench_on_linux ? &bench_swap_linux_ops : &weensy_swap_ops;
    long slots = ops->setup();
    if (slots <= 0) {
        printf("bench: pressure skipped: no swap\n");
        printf("bench: major_fault skipped: no swap (%ld)\n", slots);
        return;
    }
    long ram = ops->ram_pages();
    printf("bench: swap_slots %ld count\n", slots);
    printf("bench: ram_pages %ld count\n", ram);
    /* pressure first, on a device nothing has used yet: major_fault's
     * rounds write and free tens of thousands of slots (swap_cache_flush),
     * which would leave pressure's pages scattered over the device. */
    if (slots < 2 * ram)
        printf("bench: pressure skipped: %ld slots of swap, %ld needed\n", slots, 2 * ram);
    else
        pressure(ram);
    major_area = map(MAJOR_PAGES * PAGE, MAP_PRIVATE);
    run("major_fault", major_fault, MAJOR_PAGES);
    /* A page read back from the swap cache (written, not yet freed) is no
     * major fault: the count says whether the figure timed the device. */
    printf("bench: major_fault_pageins %ld count\n", major_pageins);
    sys_munmap((long)major_area, MAJOR_PAGES * PAGE);
}
