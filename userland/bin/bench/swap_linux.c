/* swap_linux.c -- how the swap figures (swap.c) set up and count on
 * Linux: the Linux build of bench and musl-bench when it finds itself on
 * Linux. Raw system calls only, so that it builds with weensy's library
 * as well as with musl's. */
#include "bench.h"

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
    static char order[512], path[sizeof order + 16];  /* "/lib/modules/" and a name */
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

static long linux_swap_setup(void)
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
static long linux_pageins(void)
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

static long linux_ram_pages(void)
{
    uint64_t info[16];           /* struct sysinfo: totalram at 4, mem_unit at 13 (u32) */
    if (syscall6(SYS_SYSINFO, (long)info, 0, 0, 0, 0, 0) < 0)
        return 0;
    uint32_t unit = ((uint32_t *)info)[26];
    return (long)(info[4] * (unit ? unit : 1) / PAGE);
}

static long linux_free_pages(void)
{
    uint64_t info[16];           /* struct sysinfo: freeram at 5 */
    if (syscall6(SYS_SYSINFO, (long)info, 0, 0, 0, 0, 0) < 0)
        return 0;
    uint32_t unit = ((uint32_t *)info)[26];
    return (long)(info[5] * (unit ? unit : 1) / PAGE);
}

const struct bench_swap_ops bench_swap_linux_ops = {
    linux_swap_setup, linux_pageins, linux_ram_pages, linux_free_pages,
};
