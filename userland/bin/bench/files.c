/* files.c -- the figures of files (issue 16): a read of a cached page and
 * the first touch of a mapped cached page. The file lives in memory on
 * both kernels: weensy's /tmp (tmpfs); on Linux, the initramfs's root (a
 * writable tmpfs: bench runs as init there and has no /tmp to mount), so
 * both read and map page-cache pages no disk is behind.
 */
#include "bench.h"

#define BENCH_FILE_LINUX "/bench.file"
#define BENCH_FILE_WEENSY "/tmp/bench.file"
#define FAULT_PAGES 256          /* the mapped file: 1 MiB */

static int fd = -1;
static char buf[PAGE];

static void must(long r, const char *what)
{
    if (r < 0) {
        printf("bench: %s failed: %ld\n", what, r);
        exit(1);
    }
}

/* pread of the file's first 4 KiB, cached since it was written. */
static uint64_t read_4k(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        sys_pread64(fd, (long)buf, PAGE, 0);
    return rdtsc() - t0;
}

/* map the file (1 MiB, every page cached), read one byte of each page,
 * unmap: the touches' time, per page. */
static uint64_t mmap_file_fault(long n)
{
    long p = sys_mmap(0, n * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    must(p, "mmap of the file");
    uint64_t t0 = rdtsc();
    for (long off = 0; off < n * PAGE; off += PAGE)
        (void)((volatile char *)p)[off];
    uint64_t t = rdtsc() - t0;
    sys_munmap(p, n * PAGE);
    return t;
}

void bench_files(void)
{
    const char *path = bench_on_linux ? BENCH_FILE_LINUX : BENCH_FILE_WEENSY;
    fd = (int)sys_open((long)path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    must(fd, "open of the file");
    for (long i = 0; i < FAULT_PAGES; i++) {
        memset(buf, (int)(i + 1), PAGE);
        if (sys_pwrite64(fd, (long)buf, PAGE, i * PAGE) != PAGE)
            must(-1, "writing the file");
    }
    long got = sys_pread64(fd, (long)buf, PAGE, 0);
    if (got != PAGE || buf[0] != 1 || buf[PAGE - 1] != 1)
        must(-1, "reading the file back");
    run("read_4k", read_4k, 1000);
    run("mmap_file_fault", mmap_file_fault, FAULT_PAGES);
    sys_close(fd);
    sys_unlink((long)path);
}
