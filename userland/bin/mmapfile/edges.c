/* edges.c -- mmapfile's tests of the edges: zeros past the end of a
 * file, SIGBUS wholly past it, and Linux's errors. */
#include "mf.h"

/* ---- SIGBUS ------------------------------------------------------------------ */
#define P_BUS "/tmp/mf.bus"

static void bus_initrd(void)
{
    int fd = (int)OK(open(HELLO, O_RDONLY));
    struct stat st;
    OK(fstat(fd, &st));
    size_t size = (size_t)st.st_size, pages = (size + PG - 1) / PG;
    uint8_t *m = MAP((pages + 1) * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    for (size_t i = size; i < pages * PG; i++)
        CHECK_EQ(m[i], 0);
    expect_bus(m + pages * PG, 0);
    OK(munmap(m, (pages + 1) * PG));
    OK(close(fd));
}

void test_sigbus(void)
{
    const size_t size = PG + PG / 2;
    int fd = mf_create(P_BUS, size, 3);
    uint8_t *m = MAP(3 * PG, RW, MAP_SHARED, fd, 0);
    uint8_t *p = MAP(3 * PG, RW, MAP_PRIVATE, fd, 0);
    expect_pat(m, 0, size, 3);
    for (size_t i = size; i < 2 * PG; i++)       /* the last page's tail: zeros */
        CHECK_EQ(m[i] | p[i], 0);
    expect_bus(m + 2 * PG, 0);
    expect_bus(m + 2 * PG + 7, 1);
    expect_bus(p + 2 * PG, 1);
    /* a write past the end, inside the last page, stays out of the file */
    m[size + 1] = 0x42;
    struct stat st;
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, size);
    uint8_t b;
    CHECK_EQ(pread(fd, &b, 1, (off_t)size + 1), 0);
    /* a mapping from an offset past the end is made; a touch is SIGBUS */
    uint8_t *o = MAP(PG, PROT_READ, MAP_SHARED, fd, 8 * PG);
    expect_bus(o, 0);
    /* the file grows: the page is there; it shrinks: a new touch is SIGBUS */
    OK(ftruncate(fd, 3 * PG));
    CHECK_EQ(m[2 * PG + 9], 0);
    OK(ftruncate(fd, PG));
    uint8_t *q = MAP(3 * PG, PROT_READ, MAP_SHARED, fd, 0);
    expect_pat(q, 0, PG, 3);
    expect_bus(q + PG, 0);
    OK(munmap(m, 3 * PG));
    OK(munmap(p, 3 * PG));
    OK(munmap(o, PG));
    OK(munmap(q, 3 * PG));
    OK(close(fd));
    OK(unlink(P_BUS));
    bus_initrd();
}

/* ---- errors ------------------------------------------------------------------ */
#define P_ERR "/tmp/mf.err"

/* ENODEV: what is not a regular file cannot be mapped. */
static void errors_nodev(void)
{
    int d = (int)OK(open("/tmp", O_RDONLY | O_DIRECTORY));
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, d, 0, ENODEV);
    OK(close(d));
    int c = (int)OK(open("/dev/console", O_RDWR));
    ERRMAP(PG, PROT_READ, MAP_SHARED, c, 0, ENODEV);
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, c, 0, ENODEV);
    OK(close(c));
    int fds[2];
    if (pipe(fds) != 0 && errno == ENOSYS) {
        printf("mmapfile: errors: no pipes in this kernel yet: their case skipped\n");
        return;
    }
    ERRMAP(PG, PROT_READ, MAP_SHARED, fds[0], 0, ENODEV);
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, fds[1], 0, ENODEV);
    OK(close(fds[0]));
    OK(close(fds[1]));
}

/* EACCES: shared and writable needs a descriptor open for writing; every
 * mapping needs one open for reading; mprotect may not add write later. */
static void errors_access(int ro, int wo)
{
    ERRMAP(PG, RW, MAP_SHARED, ro, 0, EACCES);
    ERRMAP(PG, PROT_WRITE, MAP_SHARED, ro, 0, EACCES);
    ERRMAP(PG, PROT_READ, MAP_SHARED, wo, 0, EACCES);
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, wo, 0, EACCES);
    uint8_t *s = MAP(PG, PROT_READ, MAP_SHARED, ro, 0);
    ERR(mprotect(s, PG, RW), EACCES);
    OK(mprotect(s, PG, PROT_READ | PROT_EXEC));
    CHECK_EQ(s[0], pat(0, 4));
    OK(munmap(s, PG));
    uint8_t *p = MAP(PG, RW, MAP_PRIVATE, ro, 0);   /* private: a copy is ours */
    p[0] = 0;
    OK(mprotect(p, PG, PROT_READ));
    OK(mprotect(p, PG, RW));
    CHECK_EQ(byte_at(ro, 0), pat(0, 4));
    OK(munmap(p, PG));
    int h = (int)OK(open(HELLO, O_RDONLY));          /* the read-only initrd */
    ERRMAP(PG, RW, MAP_SHARED, h, 0, EACCES);
    uint8_t *hs = MAP(PG, PROT_READ, MAP_SHARED, h, 0);
    ERR(mprotect(hs, PG, RW), EACCES);
    OK(munmap(hs, PG));
    OK(close(h));
}

void test_errors(void)
{
    OK(close(mf_create(P_ERR, PG, 4)));
    int ro = (int)OK(open(P_ERR, O_RDONLY)), wo = (int)OK(open(P_ERR, O_WRONLY));
    errors_access(ro, wo);
    errors_nodev();
    /* EBADF: no descriptor (and no MAP_ANONYMOUS), one not open, a closed one */
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, -1, 0, EBADF);
    ERRMAP(PG, PROT_READ, MAP_SHARED, 1000, 0, EBADF);
    int gone = (int)OK(dup(ro));
    OK(close(gone));
    ERRMAP(PG, PROT_READ, MAP_SHARED, gone, 0, EBADF);
    /* EINVAL: an offset not page-aligned (before the descriptor is looked
     * at), no length, neither or both of MAP_SHARED and MAP_PRIVATE */
    ERRMAP(PG, PROT_READ, MAP_PRIVATE, ro, 1, EINVAL);
    ERRMAP(PG, PROT_READ, MAP_SHARED, ro, PG / 2, EINVAL);
    ERRMAP(PG, PROT_READ, MAP_SHARED, -1, 100, EINVAL);
    ERRMAP(0, PROT_READ, MAP_SHARED, ro, 0, EINVAL);
    ERRMAP(PG, PROT_READ, 0, ro, 0, EINVAL);
    ERRMAP(PG, PROT_READ, MAP_SHARED | MAP_PRIVATE, ro, 0, EINVAL);
    OK(close(ro));
    OK(close(wo));
    OK(unlink(P_ERR));
}
