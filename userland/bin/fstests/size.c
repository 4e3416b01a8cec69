/* size.c -- truncate and ftruncate, and the calls that flush (fsync,
 * fdatasync, msync), which tmpfs and the initrd accept. */
#include "ft.h"

static long size_of(int fd)
{
    struct stat st;
    OK(fstat(fd, &st));
    return st.st_size;
}

/* expect_zeros: bytes [from, to) of fd read as zeros. */
static void expect_zeros(int fd, off_t from, off_t to)
{
    char buf[256];
    for (off_t at = from; at < to;) {
        size_t n = to - at < (off_t)sizeof buf ? (size_t)(to - at) : sizeof buf;
        CHECK_EQ(pread(fd, buf, n, at), n);
        for (size_t i = 0; i < n; i++)
            if (buf[i] != 0)
                FAIL("byte %ld is 0x%02x, want 0", (long)(at + (off_t)i), buf[i] & 0xff);
        at += (off_t)n;
    }
}

void test_truncate(void)
{
    enum { SIZE = 3 * 4096 + 100 };
    char *data = OKP(malloc(SIZE)), *buf = OKP(malloc(SIZE));
    memset(data, 0xff, SIZE);
    int fd = OK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK_EQ(write(fd, data, SIZE), SIZE);
    /* Shrinking cuts the bytes; the offset stays where it was. */
    OK(ftruncate(fd, 5000));
    CHECK_EQ(size_of(fd), 5000);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), SIZE);
    CHECK_EQ(pread(fd, buf, SIZE, 0), 5000);
    CHECK_MEM(buf, data, 5000);
    /* Growing adds zeros, also where the cut bytes were. */
    OK(ftruncate(fd, SIZE + 4096));
    CHECK_EQ(size_of(fd), SIZE + 4096);
    expect_zeros(fd, 5000, SIZE + 4096);
    /* A cut in the middle of a page, grown again: its tail is zeros. */
    OK(ftruncate(fd, 100));
    OK(ftruncate(fd, 4096));
    CHECK_EQ(pread(fd, buf, 100, 0), 100);
    CHECK_MEM(buf, data, 100);
    expect_zeros(fd, 100, 4096);
    /* A write past the end after a cut leaves a hole. */
    OK(ftruncate(fd, 10));
    CHECK_EQ(write(fd, "E", 1), 1);                 /* the offset is still SIZE */
    CHECK_EQ(size_of(fd), SIZE + 1);
    expect_zeros(fd, 10, SIZE);
    /* truncate by name; to 0; growing a file from nothing. */
    OK(truncate("f", 3));
    CHECK_EQ(size_of(fd), 3);
    OK(truncate("f", 0));
    CHECK_EQ(size_of(fd), 0);
    CHECK_EQ(pread(fd, buf, 10, 0), 0);
    OK(truncate("f", 1 << 20));
    CHECK_EQ(size_of(fd), 1 << 20);
    expect_zeros(fd, (1 << 20) - 300, 1 << 20);
    OK(ftruncate(fd, 0));
    /* Errors. */
    ERR(ftruncate(fd, -1), EINVAL);
    ERR(truncate("f", -1), EINVAL);
    ERR(ftruncate(-1, 0), EBADF);
    int r = OK(open("f", O_RDONLY));
    ERR(ftruncate(r, 0), EINVAL);                   /* not open for writing */
    OK(close(r));
    OK(mkdir("d", 0755));
    ERR(truncate("d", 0), EISDIR);
    int d = OK(open("d", O_RDONLY));
    ERR(ftruncate(d, 0), EINVAL);
    OK(close(d));
    ERR(truncate("nosuch", 0), ENOENT);
    ERR(truncate("f/x", 0), ENOTDIR);
    ERR(truncate("", 0), ENOENT);
    int p[2];
    OK(pipe(p));
    ERR(ftruncate(p[1], 0), EINVAL);
    OK(close(p[0]));
    OK(close(p[1]));
    OK(close(fd));
    OK(rmdir("d"));
    OK(unlink("f"));
    free(data);
    free(buf);
}

void test_sync(void)
{
    ft_put("f", "x", 1);
    int fd = OK(open("f", O_RDWR));
    OK(fsync(fd));
    OK(fdatasync(fd));
    int r = OK(open(FT_HELLO, O_RDONLY));
    OK(fsync(r));
    OK(close(r));
    int d = OK(open(".", O_RDONLY));
    OK(fsync(d));
    OK(close(d));
    ERR(fsync(-1), EBADF);
    ERR(fdatasync(-1), EBADF);
    int p[2];
    OK(pipe(p));
    ERR(fsync(p[1]), EINVAL);
    ERR(fdatasync(p[0]), EINVAL);
    OK(close(p[0]));
    OK(close(p[1]));
    OK(close(fd));
    OK(unlink("f"));
    /* msync on anonymous memory: accepted; its arguments checked. */
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    m[0] = 1;
    OK(msync(m, 8192, MS_SYNC));
    OK(msync(m, 4096, MS_ASYNC));
    OK(msync(m, 8192, MS_SYNC | MS_INVALIDATE));
    OK(msync(m, 0, MS_SYNC));
    ERR(msync(m, 8192, MS_SYNC | MS_ASYNC), EINVAL);
    ERR(msync(m, 8192, 8), EINVAL);
    ERR(msync(m + 1, 4096, MS_SYNC), EINVAL);
    OK(munmap(m + 4096, 4096));
    ERR(msync(m, 8192, MS_SYNC), ENOMEM);           /* a page of it is not mapped */
    OK(munmap(m, 4096));
    ERR(msync(m, 4096, MS_ASYNC), ENOMEM);
}
