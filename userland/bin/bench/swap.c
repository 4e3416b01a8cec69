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

#ifdef BENCH_LINUX
/* Linux: devtmpfs and proc mounted, a swap header written on the virtio
 * disk (mkswap's: "SWAPSPACE2" at the end of the first page; version 1,
 * the last page and no bad pages at 1024), then swapon. */
#define SYS_OPEN 2
#define SYS_CLOSE 3
#define SYS_PWRITE64 18
#define SYS_FSYNC 74
#define SYS_MKDIR 83
#define SYS_LSEEK 8
#define SYS_MOUNT 165
#define SYS_SWAPON 167
#define SYS_SYSINFO 99
#define SYS_FINIT_MODULE 313

/* The modules /lib/modules/order names, in order (scripts/mkinitramfs):
 * Debian builds virtio-blk as modules. */
static void load_modules(void)
{
    static char order[512], path[128];
    long fd = syscall6(SYS_OPEN, (long)"/lib/modules/order", 0, 0, 0, 0, 0);
    if (fd < 0)
        return;
    long n = syscall6(0 /* read */, fd, (long)order, sizeof order - 1, 0, 0, 0);
    syscall6(SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    order[n > 0 ? n : 0] = 0;
    for (char *name = order, *nl; *name; name = nl + 1) {
        if (!(nl = strchr(name, '\n')))
            break;
        *nl = 0;
        snprintf(path, sizeof path, "/lib/modules/%s", name);
        long m = syscall6(SYS_OPEN, (long)path, 0, 0, 0, 0, 0);
        long err = m < 0 ? m : syscall6(SYS_FINIT_MODULE, m, (long)"", 0, 0, 0, 0);
        if (err < 0 && err != -17 /* EEXIST: built in */)
            printf("bench: loading %s: %ld\n", name, err);
        if (m >= 0)
            syscall6(SYS_CLOSE, m, 0, 0, 0, 0, 0);
    }
}

static long swap_setup(void)
{
    syscall6(SYS_MKDIR, (long)"/dev", 0755, 0, 0, 0, 0);
    syscall6(SYS_MKDIR, (long)"/proc", 0555, 0, 0, 0, 0);
    syscall6(SYS_MOUNT, (long)"devtmpfs", (long)"/dev", (long)"devtmpfs", 0, 0, 0);
    syscall6(SYS_MOUNT, (long)"proc", (long)"/proc", (long)"proc", 0, 0, 0);
    load_modules();
    long fd = -2;
    for (int tries = 0; tries < 200 && fd < 0; tries++) {   /* the disk appears a moment later */
        fd = syscall6(SYS_OPEN, (long)"/dev/vda", O_RDWR, 0, 0, 0, 0);
        if (fd < 0)
            sys_sched_yield();
    }
    if (fd < 0)
        return fd;
    long size = syscall6(SYS_LSEEK, fd, 0, 2 /* SEEK_END */, 0, 0, 0);
    static uint8_t header[PAGE];
    uint32_t *words = (uint32_t *)(header + 1024);
    words[0] = 1;                            /* version */
    words[1] = (uint32_t)(size / PAGE - 1);  /* last page */
    memcpy(header + PAGE - 10, "SWAPSPACE2", 10);
    long w = syscall6(SYS_PWRITE64, fd, (long)header, PAGE, 0, 0, 0);
    syscall6(SYS_FSYNC, fd, 0, 0, 0, 0, 0);
    syscall6(SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    if (w != PAGE)
        return -5;
    long err = syscall6(SYS_SWAPON, (long)"/dev/vda", 0, 0, 0, 0, 0);
    return err < 0 ? err : size / PAGE - 1;
}

/* Linux's own count of pages read from swap (/proc/vmstat, pswpin). */
static long swap_pageins(void)
{
    static char buf[8192];
    long fd = syscall6(SYS_OPEN, (long)"/proc/vmstat", 0, 0, 0, 0, 0);
    if (fd < 0)
        return -1;
    long n = syscall6(0 /* read */, fd, (long)buf, sizeof buf - 1, 0, 0, 0);
    syscall6(SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : 0)
        if (strncmp(p, "pswpin ", 7) == 0)
            return atol(p + 7);
    return -1;
}

static long ram_pages(void)
{
    uint64_t info[16];           /* struct sysinfo: totalram at 4, mem_unit at 13 (u32) */
    if (syscall6(SYS_SYSINFO, (long)info, 0, 0, 0, 0, 0) < 0)
        return 0;
    uint32_t unit = ((uint32_t *)info)[26];
    return (long)(info[4] * (unit ? unit : 1) / PAGE);
}

static long free_pages(void)
{
    uint64_t info[16];           /* struct sysinfo: freeram at 5 */
    if (syscall6(SYS_SYSINFO, (long)info, 0, 0, 0, 0, 0) < 0)
        return 0;
    uint32_t unit = ((uint32_t *)info)[26];
    return (long)(info[5] * (unit ? unit : 1) / PAGE);
}
#else
static long swap_setup(void)
{
    struct weensy_meminfo m;
    return meminfo(&m) < 0 || !m.swap_total ? -1 : (long)m.swap_total;
}

static long swap_pageins(void)
{
    struct weensy_meminfo m;
    return meminfo(&m) < 0 ? -1 : (long)m.swap_ins;
}

static long ram_pages(void)
{
    struct weensy_meminfo m;
    return meminfo(&m) < 0 ? 0 : (long)m.total;
}

static long free_pages(void)
{
    struct weensy_meminfo m;
    return meminfo(&m) < 0 ? 0 : (long)m.free;
}
#endif

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
    long pages = free_pages() + 4096;
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
    long in0 = swap_pageins();
    uint64_t t0 = rdtsc();
    long bad = 0;
    for (long i = 0; i < n; i++)
        bad += ((volatile char *)major_area)[i * PAGE] != (char)i;
    uint64_t t = rdtsc() - t0;
    long in1 = swap_pageins();
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
    long in0 = swap_pageins(), touched = 0;
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
    long in1 = swap_pageins();
    report("pressure", t, touched);
    printf("bench: pressure_pageins %ld count\n", in1 >= 0 && in0 >= 0 ? in1 - in0 : -1);
    sys_munmap((long)area, pages * PAGE);
}

void bench_swap(void)
{
    long slots = swap_setup();
    if (slots <= 0) {
        printf("bench: pressure skipped: no swap\n");
        printf("bench: major_fault skipped: no swap (%ld)\n", slots);
        return;
    }
    long ram = ram_pages();
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
