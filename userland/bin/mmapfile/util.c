/* util.c -- mmapfile's helpers (mf.h): checks on libc-style results, the
 * test files and their pattern, and processes. */
#include "mf.h"

/* ---- checks on libc-style results ---------------------------------------- */
long ok_(const char *file, int line, const char *expr, long v)
{
    if (v == -1)
        testrun_fail(file, line, "%s: -1, errno %d", expr, errno);
    return v;
}

void err_(const char *file, int line, const char *expr, long v, int want)
{
    if (v != -1 || errno != want)
        testrun_fail(file, line, "%s: %ld, errno %d; want -1, errno %d", expr, v, errno, want);
}

uint8_t *map_(const char *file, int line, size_t len, int prot, int flags, int fd, long off)
{
    void *p = mmap(0, len, prot, flags, fd, off);
    if (p == MAP_FAILED)
        testrun_fail(file, line, "mmap(%lu, prot %d, flags %#x, fd %d, off %ld): errno %d",
                     (unsigned long)len, prot, flags, fd, off, errno);
    return p;
}

/* ---- files ----------------------------------------------------------------- */
uint8_t pat(size_t i, unsigned s) { return (uint8_t)(1 + (i * 131 + s * 7 + (i >> 8)) % 255); }

int mf_create(const char *path, size_t n, unsigned s)
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

int byte_at(int fd, size_t off)
{
    uint8_t b;
    CHECK_EQ(pread(fd, &b, 1, (off_t)off), 1);
    return b;
}

void put_byte(int fd, size_t off, uint8_t b) { CHECK_EQ(pwrite(fd, &b, 1, (off_t)off), 1); }

void expect_pat(const volatile uint8_t *m, size_t from, size_t to, unsigned s)
{
    for (size_t i = from; i < to; i++)
        if (m[i] != pat(i, s))
            FAIL("byte %lu of the mapping is %#x, want %#x", (unsigned long)i, m[i], pat(i, s));
}

/* ---- processes ------------------------------------------------------------- */
void expect_bus(volatile uint8_t *p, int write)
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

int spawn(char *const argv[])
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

volatile int *turn;

void await(int v)
{
    for (int i = 0; *turn != v; i++) {
        if (i > 5000)
            FAIL("waited 10 s for turn %d (at %d)", v, *turn);
        sleep_ms(2);
    }
}
