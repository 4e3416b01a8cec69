/* random_file.c -- the random test's file (random.h): a tmpfs file the
 * window maps, shared and private, and the steps that read and write it
 * through read()'s side of the page cache. */
#include "random.h"

#define RT_FILE_PATH "/tmp/vmtests.random"

int rt_fd = -1, rt_rofd = -1;

/* The words a page of the file starts with; the last page's second word
 * is past the end: zero, as the rest of every page. */
static uint64_t first_value(int i, int w)
{
    if (i == RT_FILE_PAGES - 1 && w == 1)
        return 0;
    return 0x4000000000000000ULL | (uint64_t)i << 8 | (uint64_t)w;
}

void rt_file_open(void)
{
    static uint64_t page[PG / 8];
    rt_fd = sys_open((long)RT_FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (rt_fd < 0)
        RFAIL("open %s: %d", RT_FILE_PATH, rt_fd);
    for (int i = 0; i < RT_FILE_PAGES; i++) {
        page[0] = rt.file[i][0] = first_value(i, 0);
        page[RT_LAST / 8] = rt.file[i][1] = first_value(i, 1);
        size_t n = i == RT_FILE_PAGES - 1 ? RT_FILE_SIZE % PG : PG;
        long put = sys_pwrite64(rt_fd, (long)page, (long)n, (long)i * PG);
        if (put != (long)n)
            RFAIL("writing page %d of the file: %ld", i, put);
    }
    rt_rofd = sys_open((long)RT_FILE_PATH, O_RDONLY, 0);
    if (rt_rofd < 0)
        RFAIL("open %s read-only: %d", RT_FILE_PATH, rt_rofd);
}

void rt_file_close(void)
{
    if (sys_close(rt_fd) != 0 || sys_close(rt_rofd) != 0 || sys_unlink((long)RT_FILE_PATH) != 0)
        RFAIL("closing and removing the file");
}

/* A word of the file by pread or pwrite: inside the file, or the last
 * page's second word, past its end (pread: nothing; no pwrite there, it
 * would grow the file). */
void rt_file_step(void)
{
    int i = (int)rt_below(RT_FILE_PAGES), w = (int)rt_below(2);
    bool inside = (size_t)i * PG + (w ? RT_LAST : 0) < RT_FILE_SIZE;
    long off = (long)i * PG + (w ? RT_LAST : 0);
    uint64_t v = 0;
    rt_stats[RS_FILE_IO]++;
    if (rt_below(2) || !inside) {
        rt_describe("pread file page %d, word %d", i, w);
        long got = sys_pread64(rt_fd, (long)&v, 8, off);
        if (got != (inside ? 8 : 0))
            RFAIL("pread returned %ld", got);
        if (inside && v != rt.file[i][w])
            RFAIL("pread: 0x%lx, want 0x%lx", v, rt.file[i][w]);
        return;
    }
    rt_describe("pwrite file page %d, word %d", i, w);
    v = rt_value(RT_PAGES + i, w);
    long put = sys_pwrite64(rt_fd, (long)&v, 8, off);
    if (put != 8)
        RFAIL("pwrite returned %ld", put);
    rt.file[i][w] = v;
}
