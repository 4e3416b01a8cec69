/* share.c -- mmapfile's tests of who sees what: a private mapping's
 * copies, a shared mapping's writes (read(), fork, an exec'd program, a
 * later open, after unlink), and the initrd's pages shared by two
 * processes. */
#include "mf.h"

/* ---- private ---------------------------------------------------------------- */
#define P_PRIV "/tmp/mf.private"

void test_private(void)
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

void test_shared(void)
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

int peer_main(char **argv)
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
void test_initrd(void)
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

int samephys_main(char **argv)
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
