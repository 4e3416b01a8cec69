/* mmapfile -- mmap of files (issue 16, docs/files.md): a private mapping
 * copies a page at its first write and nobody else sees it; a shared one
 * writes the page cache itself, which read(), a fork child, an unrelated
 * program and a later open all see, and which outlives close and unlink;
 * two processes mapping an initrd file map the same physical pages; a
 * page wholly past the end is SIGBUS; Linux's errors; and every page of
 * it comes back.
 *
 *   mmapfile [TEST]...      the tests (testrun.h), as init in the suite
 *   mmapfile --peer PATH OFF WANT OFF2 VAL
 *                           (exec'd by "shared") map PATH shared; byte OFF
 *                           must be WANT; write VAL at OFF2; exit 0
 *   mmapfile --samephys PATH PHYS
 *                           (exec'd by "initrd") PATH's first page, mapped
 *                           here, must be at physical address PHYS
 *
 * Needs the debugging calls (virt_to_phys: "harness" on the command line).
 */
#include "weensy.h"
#include "testrun.h"

#define PG 4096
#define RW (PROT_READ | PROT_WRITE)
#define HELLO "/bin/hello"

/* ---- checks on libc-style results ---------------------------------------- */
#define OK(e) ok_(__FILE__, __LINE__, #e, (errno = 0, (long)(e)))
#define ERR(e, E) err_(__FILE__, __LINE__, #e, (errno = 0, (long)(e)), (E))
#define MAP(len, prot, flags, fd, off) map_(__FILE__, __LINE__, (len), (prot), (flags), (fd), (off))
#define ERRMAP(len, prot, flags, fd, off, E) \
    err_(__FILE__, __LINE__, "mmap", (errno = 0, mmap(0, (len), (prot), (flags), (fd), (off)) == MAP_FAILED ? -1L : 0L), (E))

static long ok_(const char *file, int line, const char *expr, long v)
{
    if (v == -1)
        testrun_fail(file, line, "%s: -1, errno %d", expr, errno);
    return v;
}

static void err_(const char *file, int line, const char *expr, long v, int want)
{
    if (v != -1 || errno != want)
        testrun_fail(file, line, "%s: %ld, errno %d; want -1, errno %d", expr, v, errno, want);
}

static uint8_t *map_(const char *file, int line, size_t len, int prot, int flags, int fd, long off)
{
    void *p = mmap(0, len, prot, flags, fd, off);
    if (p == MAP_FAILED)
        testrun_fail(file, line, "mmap(%lu, prot %d, flags %#x, fd %d, off %ld): errno %d",
                     (unsigned long)len, prot, flags, fd, off, errno);
    return p;
}

/* ---- files ----------------------------------------------------------------- */
/* The byte at offset i of a file made with seed s: never 0, so the zeros
 * past the end of a file cannot pass for its bytes. */
static uint8_t pat(size_t i, unsigned s) { return (uint8_t)(1 + (i * 131 + s * 7 + (i >> 8)) % 255); }

/* mf_create: path, n bytes of pattern s; an O_RDWR descriptor. */
static int mf_create(const char *path, size_t n, unsigned s)
{
    static uint8_t buf[PG];
    int fd = (int)OK(open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));
    for (size_t done = 0; done < n;) {
        size_t k = n - done < PG ? n - done : PG;
        for (size_t i = 0; i < k; i++)
            buf[i] = pat(done + i, s);
        CHECK_EQ(write(fd, buf, k), k);
        done += k;
    }
    return fd;
}

static int byte_at(int fd, size_t off)
{
    uint8_t b;
    CHECK_EQ(pread(fd, &b, 1, (off_t)off), 1);
    return b;
}

static void put_byte(int fd, size_t off, uint8_t b) { CHECK_EQ(pwrite(fd, &b, 1, (off_t)off), 1); }

/* expect_pat: bytes [from, to) of a mapping are pattern s. */
static void expect_pat(const volatile uint8_t *m, size_t from, size_t to, unsigned s)
{
    for (size_t i = from; i < to; i++)
        if (m[i] != pat(i, s))
            FAIL("byte %lu of the mapping is %#x, want %#x", (unsigned long)i, m[i], pat(i, s));
}

/* ---- processes ------------------------------------------------------------- */
/* expect_bus: an access to *p kills a child with SIGBUS. */
static void expect_bus(volatile uint8_t *p, int write)
{
    pid_t pid = FORK();
    if (pid == 0) {
        if (write)
            *p = 1;
        else
            (void)*p;
        exit(3);
    }
    EXPECT_SIGNAL(pid, SIGBUS);
}

/* spawn: run /bin/mmapfile with these arguments in a new process; its exit status. */
static int spawn(char *const argv[])
{
    pid_t pid = FORK();
    if (pid == 0) {
        execv("/bin/mmapfile", argv);
        printf("mmapfile: exec: errno %d\n", errno);
        exit(2);
    }
    int status = WAIT(pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A shared anonymous word for parent and child to take turns. */
static volatile int *turn;

static void await(int v)
{
    for (int i = 0; *turn != v; i++) {
        if (i > 5000)
            FAIL("waited 10 s for turn %d (at %d)", v, *turn);
        sleep_ms(2);
    }
}

/* ---- private ---------------------------------------------------------------- */
#define P_PRIV "/tmp/mf.private"

static void test_private(void)
{
    int fd = mf_create(P_PRIV, 3 * PG, 1);
    uint8_t *a = MAP(3 * PG, RW, MAP_PRIVATE, fd, 0);
    uint8_t *b = MAP(3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    uint8_t *s = MAP(3 * PG, PROT_READ, MAP_SHARED, fd, 0);
    expect_pat(a, 0, 3 * PG, 1);                 /* reads see the file */
    expect_pat(b, 0, 3 * PG, 1);
    expect_pat(s, 0, 3 * PG, 1);
    for (int i = 0; i < 3; i++)                  /* and share its cached pages */
        CHECK_EQ(virt_to_phys(a + i * PG), virt_to_phys(s + i * PG));
    a[10] = 0;
    a[PG + 20] = 0;
    CHECK(virt_to_phys(a) != virt_to_phys(s));   /* a copy now */
    CHECK_EQ(virt_to_phys(a + 2 * PG), virt_to_phys(b + 2 * PG));
    CHECK_EQ(a[10], 0);
    /* nobody else sees the writes: read(), a second private mapping, a shared one */
    CHECK_EQ(byte_at(fd, 10), pat(10, 1));
    CHECK_EQ(byte_at(fd, PG + 20), pat(PG + 20, 1));
    expect_pat(b, 0, 3 * PG, 1);
    expect_pat(s, 0, 3 * PG, 1);
    /* a page not yet written is still the file's (Linux: until the copy) */
    put_byte(fd, 2 * PG + 5, 0xee);
    CHECK_EQ(a[2 * PG + 5], 0xee);
    put_byte(fd, 30, 0xdd);                      /* a copied page is not */
    CHECK_EQ(a[30], pat(30, 1));
    CHECK_EQ(b[30], 0xdd);

    /* fork: the child sees the parent's copy as of the fork, and neither
     * sees the other's later writes */
    a[PG + 100] = 0x55;
    a[2 * PG + 200] = 0x66;
    pid_t pid = FORK();
    if (pid == 0) {
        await(1);                                /* the parent has written */
        CHECK_EQ(a[PG + 100], 0x55);
        CHECK_EQ(a[2 * PG + 200], 0x66);
        CHECK_EQ(a[10], 0);
        a[PG + 100] = 0x77;
        CHECK_EQ(byte_at(fd, PG + 100), pat(PG + 100, 1));
        exit(0);
    }
    a[2 * PG + 200] = 0x88;
    *turn = 1;
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(a[PG + 100], 0x55);
    CHECK_EQ(a[2 * PG + 200], 0x88);
    CHECK_EQ(byte_at(fd, 2 * PG + 200), pat(2 * PG + 200, 1));
    OK(munmap(a, 3 * PG));
    OK(munmap(b, 3 * PG));
    OK(munmap(s, 3 * PG));
    OK(close(fd));
    OK(unlink(P_PRIV));
}

/* ---- shared ----------------------------------------------------------------- */
#define P_SHARED "/tmp/mf.shared"

static void shared_fork(uint8_t *m)
{
    pid_t pid = FORK();
    if (pid == 0) {
        CHECK_EQ(m[5], 0xa1);                    /* the inherited mapping */
        int fd = (int)OK(open(P_SHARED, O_RDWR));
        uint8_t *c = MAP(2 * PG, RW, MAP_SHARED, fd, 0);   /* and one of its own */
        CHECK_EQ(c[5], 0xa1);
        CHECK_EQ(virt_to_phys(c), virt_to_phys(m));
        c[11] = 0xc1;
        m[PG + 13] = 0xc2;
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(m[11], 0xc1);
    CHECK_EQ(m[PG + 13], 0xc2);
}

static void test_shared(void)
{
    int fd = mf_create(P_SHARED, 2 * PG, 2);
    uint8_t *m = MAP(2 * PG, RW, MAP_SHARED, fd, 0);
    expect_pat(m, 0, 2 * PG, 2);
    m[5] = 0xa1;
    m[PG + 7] = 0xa2;
    CHECK_EQ(byte_at(fd, 5), 0xa1);              /* read() sees the writes */
    CHECK_EQ(byte_at(fd, PG + 7), 0xa2);
    put_byte(fd, 9, 0xb1);                       /* and the mapping write() */
    CHECK_EQ(m[9], 0xb1);
    shared_fork(m);
    CHECK_EQ(byte_at(fd, 11), 0xc1);
    CHECK_EQ(byte_at(fd, PG + 13), 0xc2);

    /* a program that opens the path itself */
    m[40] = 0xd1;
    char *peer[] = { "mmapfile", "--peer", P_SHARED, "40", "209", "41", "210", 0 };
    CHECK_EQ(spawn(peer), 0);
    CHECK_EQ(m[41], 210);
    CHECK_EQ(byte_at(fd, 41), 210);

    /* what was written survives munmap, close and a new open */
    OK(munmap(m, 2 * PG));
    OK(close(fd));
    fd = (int)OK(open(P_SHARED, O_RDONLY));
    static const int offs[] = { 5, 9, 11, 40, 41, PG + 7, PG + 13 };
    static const int vals[] = { 0xa1, 0xb1, 0xc1, 0xd1, 210, 0xa2, 0xc2 };
    for (int i = 0; i < 7; i++)
        CHECK_EQ(byte_at(fd, (size_t)offs[i]), vals[i]);
    CHECK_EQ(byte_at(fd, 6), pat(6, 2));
    OK(close(fd));

    /* the mapping outlives its descriptor and the file's name */
    fd = (int)OK(open(P_SHARED, O_RDWR));
    m = MAP(2 * PG, RW, MAP_SHARED, fd, 0);
    OK(close(fd));
    OK(unlink(P_SHARED));
    ERR(open(P_SHARED, O_RDONLY), ENOENT);
    CHECK_EQ(m[5], 0xa1);
    m[100] = 0xe1;
    pid_t pid = FORK();
    if (pid == 0) {
        CHECK_EQ(m[100], 0xe1);
        m[101] = 0xe2;
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(m[101], 0xe2);
    expect_pat(m, PG + 14, 2 * PG, 2);
    OK(munmap(m, 2 * PG));
}

static int peer_main(char **argv)
{
    long off = strtol(argv[1], 0, 0), want = strtol(argv[2], 0, 0);
    long off2 = strtol(argv[3], 0, 0), val = strtol(argv[4], 0, 0);
    int fd = open(argv[0], O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= off || st.st_size <= off2) {
        printf("mmapfile: peer: %s: errno %d\n", argv[0], errno);
        return 2;
    }
    uint8_t *m = mmap(0, (size_t)st.st_size, RW, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED || m[off] != want) {
        printf("mmapfile: peer: byte %ld is %d, want %ld\n", off, m == MAP_FAILED ? -1 : m[off], want);
        return 1;
    }
    m[off2] = (uint8_t)val;
    return munmap(m, (size_t)st.st_size) == 0 ? 0 : 1;
}

/* ---- the initrd's pages, shared ------------------------------------------- */
static void test_initrd(void)
{
    int fd = (int)OK(open(HELLO, O_RDONLY));
    uint8_t *a = MAP(PG, PROT_READ, MAP_PRIVATE, fd, 0);
    uint8_t *s = MAP(PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(a[0] == 0x7f && a[1] == 'E' && a[2] == 'L' && a[3] == 'F');
    CHECK(memcmp(s, a, PG) == 0);
    static uint8_t buf[PG];
    CHECK_EQ(pread(fd, buf, PG, 0), PG);
    CHECK(memcmp(buf, a, PG) == 0);
    long pa = virt_to_phys(a);
    CHECK(pa > 0);
    CHECK_EQ(virt_to_phys(s), pa);
    char phys[24];
    snprintf(phys, sizeof phys, "%#lx", pa);
    char *peer[] = { "mmapfile", "--samephys", HELLO, phys, 0 };
    CHECK_EQ(spawn(peer), 0);                   /* another program maps the same page */
    /* a private write copies it, and the file does not change */
    uint8_t *w = MAP(PG, RW, MAP_PRIVATE, fd, 0);
    w[1] = 'X';
    CHECK(virt_to_phys(w) != pa);
    CHECK_EQ(a[1], 'E');
    CHECK_EQ(byte_at(fd, 1), 'E');
    CHECK_EQ(spawn(peer), 0);
    OK(munmap(a, PG));
    OK(munmap(s, PG));
    OK(munmap(w, PG));
    OK(close(fd));
}

static int samephys_main(char **argv)
{
    int fd = open(argv[0], O_RDONLY);
    uint8_t *m = fd < 0 ? MAP_FAILED : mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
        printf("mmapfile: samephys: %s: errno %d\n", argv[0], errno);
        return 2;
    }
    if (m[1] != 'E')
        printf("mmapfile: samephys: %s: byte 1 is %#x, not 'E'\n", argv[0], m[1]);
    long pa = virt_to_phys(m), want = (long)strtoul(argv[1], 0, 0);
    if (pa != want || m[1] != 'E') {
        printf("mmapfile: samephys: %s at %#lx, want %#lx\n", argv[0], pa, want);
        return 1;
    }
    return 0;
}

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

static void test_sigbus(void)
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

static void test_errors(void)
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
static void test_around(void)
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

static void test_leak(void)
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

static const struct testrun_case tests[] = {
    { "private", test_private, NULL, 30, "MAP_PRIVATE: copies at the first write, fork" },
    { "shared", test_shared, NULL, 30, "MAP_SHARED: read, fork, exec, reopen, unlink" },
    { "initrd", test_initrd, NULL, 30, "two processes map one physical page" },
    { "sigbus", test_sigbus, NULL, 30, "past the end: zeros, then SIGBUS" },
    { "errors", test_errors, NULL, 30, "EACCES, ENODEV, EBADF, EINVAL" },
    { "around", test_around, NULL, 30, "a read fault maps its cached neighbours" },
    { "leak", test_leak, NULL, 30, "every page and the cache figure back" },
};

static void child_setup(void)
{
    turn = mmap(0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (turn == MAP_FAILED)
        FAIL("mmap of the turn page: errno %d", errno);
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--peer") == 0)
        return peer_main(argv + 2);
    if (argc == 4 && strcmp(argv[1], "--samephys") == 0)
        return samephys_main(argv + 2);
    static const struct testrun runner = {
        .prog = "mmapfile", .tests = tests, .ntests = (int)(sizeof tests / sizeof tests[0]),
        .sweep_grace = 5, .child_setup = child_setup,
    };
    return testrun_main(&runner, argc, argv);
}
