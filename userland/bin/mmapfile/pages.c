/* pages.c -- mmapfile's tests of pages: fault-around, and every page
 * and the cache figure back after a round of everything. */
#include "mf.h"

/* ---- leaks ------------------------------------------------------------------- */
#define P_LEAK "/tmp/mf.leak"
#define LEAK_PAGES 16

/* One round of everything that takes pages: a file, its cache, shared and
 * private mappings, copies, a fork. *cached: the cache figure with the
 * file still there, after everything is unmapped. */
static void leak_round(long *cached)
{
    int fd = mf_create(P_LEAK, LEAK_PAGES * PG, 5);
    uint8_t *s = MAP(LEAK_PAGES * PG, RW, MAP_SHARED, fd, 0);
    uint8_t *p = MAP(LEAK_PAGES * PG, RW, MAP_PRIVATE, fd, 0);
    for (int i = 0; i < LEAK_PAGES; i++) {
        s[i * PG] ^= 1;
        p[i * PG + 1] ^= 1;
    }
    pid_t pid = FORK();
    if (pid == 0) {
        for (int i = 0; i < LEAK_PAGES; i++)
            p[i * PG + 2] = s[i * PG + 3];
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    OK(munmap(s, LEAK_PAGES * PG));
    OK(munmap(p, LEAK_PAGES * PG));
    OK(close(fd));
    struct weensy_meminfo m;
    OK(meminfo(&m));
    *cached = (long)m.program_cache;
    OK(unlink(P_LEAK));
}

/* ---- fault-around ------------------------------------------------------------ */
#define P_AROUND "/tmp/mf.around"

/* around: a read fault maps the cached pages of its aligned 16 (64 KiB)
 * as well, copy-on-write in a private mapping; nothing beyond them, and
 * nothing the cache does not have (a hole past what was written). */
void test_around(void)
{
    int fd = mf_create(P_AROUND, 40 * PG, 3);    /* written: every page cached */
    uint8_t *a = MAP(40 * PG, RW, MAP_PRIVATE, fd, 0);
    CHECK_EQ(virt_to_phys(a + 5 * PG), -1);      /* nothing mapped yet */
    CHECK_EQ(a[5 * PG], pat(5 * PG, 3));         /* one read fault */
    uintptr_t w0 = (uintptr_t)(a + 5 * PG) & ~(16 * PG - 1), lo = (uintptr_t)a, hi = lo + 40 * PG;
    for (uintptr_t p = w0; p < w0 + 16 * PG; p += PG)   /* its aligned 16, in the mapping */
        if (p >= lo && p < hi)
            CHECK(virt_to_phys((void *)p) != -1);
    CHECK_EQ(virt_to_phys((void *)(w0 + 16 * PG)), -1);   /* not the next 16 */
    uint8_t *s = MAP(40 * PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK_EQ(s[5 * PG], pat(5 * PG, 3));         /* the shared mapping's fault too */
    int both = 0;
    for (int i = 0; i < 40; i++) {               /* the cache's pages, in both */
        long pa = virt_to_phys(a + i * PG), ps = virt_to_phys(s + i * PG);
        if (pa != -1 && ps != -1) {
            CHECK_EQ(pa, ps);
            both++;
        }
    }
    CHECK(both >= 2);
    uint8_t *w = (uint8_t *)(w0 > lo ? w0 : lo);
    *w = 7;                                      /* mapped read-only: the write copies */
    CHECK_EQ(byte_at(fd, (size_t)(w - a)), pat((size_t)(w - a), 3));
    CHECK_EQ(*w, 7);
    OK(munmap(a, 40 * PG));
    OK(munmap(s, 40 * PG));
    OK(close(fd));
    OK(unlink(P_AROUND));
}

void test_leak(void)
{
    long cached;
    leak_round(&cached);        /* the first: stack, tables, records grow */
    struct weensy_meminfo m0, m1;
    OK(meminfo(&m0));
    leak_round(&cached);
    OK(meminfo(&m1));
    /* the cache figure counted the file's pages while the name held them */
    if (cached < (long)m0.program_cache + LEAK_PAGES)
        FAIL("cache %ld with the file, %lu without: the file's %d pages are not in it", cached,
             (unsigned long)m0.program_cache, LEAK_PAGES);
    CHECK_EQ(m1.program_cache, m0.program_cache);
    CHECK_EQ(m1.free, m0.free);
    CHECK_EQ(page_count(), (long)m0.free);
}
