/* rw.c -- read, write, lseek, pread/pwrite, readv/writev, O_APPEND, and
 * reading the initrd and the console. */
#include "ft.h"

#define BIG 13000       /* more than three pages, not a multiple of one */

static off_t pos(int fd)
{
    return OK(lseek(fd, 0, SEEK_CUR));
}

void test_rw(void)
{
    char *data = OKP(malloc(BIG)), *buf = OKP(malloc(BIG + 16));
    ft_pattern(data, BIG, 1);
    int fd = OK(open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
    /* Writes in uneven pieces move the offset by what they wrote. */
    size_t done = 0, step = 1;
    while (done < BIG) {
        size_t n = BIG - done < step ? BIG - done : step;
        CHECK_EQ(write(fd, data + done, n), n);
        done += n;
        CHECK_EQ(pos(fd), done);
        step = step * 3 + 1;
    }
    CHECK_EQ(write(fd, data, 0), 0);
    CHECK_EQ(pos(fd), BIG);
    /* At the end a read returns 0; a read of 0 bytes returns 0. */
    CHECK_EQ(read(fd, buf, 10), 0);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(read(fd, buf, 0), 0);
    /* Reads in other pieces give the same bytes; the last is short. */
    done = 0;
    step = 4096 - 7;
    while (done < BIG) {
        ssize_t got = OK(read(fd, buf + done, step));
        CHECK(got > 0);
        CHECK_EQ(got, BIG - done < step ? BIG - done : step);
        done += (size_t)got;
    }
    CHECK_MEM(buf, data, BIG);
    CHECK_EQ(read(fd, buf, 10), 0);
    /* Overwriting in the middle, across a page boundary. */
    CHECK_EQ(lseek(fd, 4094, SEEK_SET), 4094);
    CHECK_EQ(write(fd, "WXYZ", 4), 4);
    memcpy(data + 4094, "WXYZ", 4);
    OK(close(fd));
    ft_expect("f", data, BIG);
    struct stat st;
    OK(stat("f", &st));
    CHECK_EQ(st.st_size, BIG);
    /* dprintf formats onto any descriptor. */
    fd = OK(open("f", O_WRONLY | O_TRUNC));
    CHECK_EQ(dprintf(fd, "%d-%s", 42, "x"), 4);
    OK(close(fd));
    ft_expect("f", "42-x", 4);
    /* A directory is not read with read. */
    int d = OK(open(".", O_RDONLY));
    ERR(read(d, buf, 10), EISDIR);
    OK(close(d));
    OK(unlink("f"));
    free(data);
    free(buf);
}

void test_lseek(void)
{
    char c;
    ft_put("f", "0123456789", 10);
    int fd = OK(open("f", O_RDWR));
    CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(c, '3');
    CHECK_EQ(lseek(fd, 2, SEEK_CUR), 6);
    CHECK_EQ(lseek(fd, -1, SEEK_CUR), 5);
    CHECK_EQ(lseek(fd, -2, SEEK_END), 8);
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(c, '8');
    CHECK_EQ(lseek(fd, 0, SEEK_END), 10);
    /* Past the end is allowed and changes nothing until a write. */
    CHECK_EQ(lseek(fd, 100, SEEK_END), 110);
    CHECK_EQ(lseek(fd, 1000, SEEK_SET), 1000);
    struct stat st;
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, 10);
    CHECK_EQ(read(fd, &c, 1), 0);
    /* Before the start, or an unknown whence: EINVAL, offset kept. */
    CHECK_EQ(lseek(fd, 4, SEEK_SET), 4);
    ERR(lseek(fd, -1, SEEK_SET), EINVAL);
    ERR(lseek(fd, -5, SEEK_CUR), EINVAL);
    ERR(lseek(fd, -11, SEEK_END), EINVAL);
    ERR(lseek(fd, 0, 99), EINVAL);
    ERR(lseek(fd, 0, -1), EINVAL);
    CHECK_EQ(pos(fd), 4);
    OK(close(fd));
    /* Directories seek back to their start; pipes do not seek. */
    int d = OK(open(".", O_RDONLY));
    CHECK_EQ(lseek(d, 0, SEEK_SET), 0);
    OK(close(d));
    int p[2];
    OK(pipe(p));
    ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
    ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE);
    OK(close(p[0]));
    OK(close(p[1]));
    OK(unlink("f"));
}

/* expect_hole: bytes [from, to) of fd read as zeros. */
static void expect_hole(int fd, off_t from, off_t to)
{
    char buf[512];
    CHECK_EQ(lseek(fd, from, SEEK_SET), from);
    for (off_t at = from; at < to;) {
        size_t n = to - at < (off_t)sizeof buf ? (size_t)(to - at) : sizeof buf;
        CHECK_EQ(read(fd, buf, n), n);
        for (size_t i = 0; i < n; i++)
            if (buf[i] != 0)
                FAIL("byte %ld of the hole is 0x%02x", (long)(at + (off_t)i), buf[i] & 0xff);
        at += (off_t)n;
    }
}

void test_holes(void)
{
    char c;
    int fd = OK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK_EQ(write(fd, "a", 1), 1);
    CHECK_EQ(lseek(fd, 10000, SEEK_SET), 10000);
    CHECK_EQ(write(fd, "b", 1), 1);
    struct stat st;
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, 10001);
    expect_hole(fd, 1, 10000);
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(c, 'b');
    CHECK_EQ(pread(fd, &c, 1, 0), 1);
    CHECK_EQ(c, 'a');
    /* A hole that starts inside a written page and one far out. */
    CHECK_EQ(pwrite(fd, "c", 1, 1 << 20), 1);
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, (1 << 20) + 1);
    expect_hole(fd, 10001, 1 << 20);
    OK(close(fd));
    OK(unlink("f"));
}

void test_pread(void)
{
    char buf[16];
    ft_put("f", "0123456789", 10);
    int fd = OK(open("f", O_RDWR));
    CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
    CHECK_EQ(pread(fd, buf, 3, 5), 3);
    CHECK_MEM(buf, "567", 3);
    CHECK_EQ(pos(fd), 2);
    CHECK_EQ(pwrite(fd, "AB", 2, 8), 2);
    CHECK_EQ(pos(fd), 2);
    CHECK_EQ(pwrite(fd, "XY", 2, 12), 2);        /* past the end: a hole */
    CHECK_EQ(pos(fd), 2);
    CHECK_EQ(pread(fd, buf, 16, 0), 14);
    CHECK_MEM(buf, "01234567AB\0\0XY", 14);
    CHECK_EQ(pread(fd, buf, 4, 14), 0);
    CHECK_EQ(pread(fd, buf, 4, 1000), 0);
    CHECK_EQ(read(fd, buf, 2), 2);               /* the offset was kept */
    CHECK_MEM(buf, "23", 2);
    ERR(pread(fd, buf, 1, -1), EINVAL);
    ERR(pwrite(fd, buf, 1, -1), EINVAL);
    OK(close(fd));
    int p[2];
    OK(pipe(p));
    ERR(pwrite(p[1], "x", 1, 0), ESPIPE);
    ERR(pread(p[0], buf, 1, 0), ESPIPE);
    OK(close(p[0]));
    OK(close(p[1]));
    int d = OK(open(".", O_RDONLY));
    ERR(pread(d, buf, 1, 0), EISDIR);
    OK(close(d));
    OK(unlink("f"));
}

void test_iov(void)
{
    char a[3], b[4], c[10];
    int fd = OK(open("f", O_RDWR | O_CREAT, 0644));
    struct iovec w[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
    CHECK_EQ(writev(fd, w, 3), 8);
    CHECK_EQ(pos(fd), 8);
    CHECK_EQ(writev(fd, w, 0), 0);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    struct iovec r[3] = { { a, 3 }, { b, 4 }, { c, 10 } };
    CHECK_EQ(readv(fd, r, 3), 8);
    CHECK_MEM(a, "abc", 3);
    CHECK_MEM(b, "defg", 4);
    CHECK_MEM(c, "h", 1);
    CHECK_EQ(readv(fd, r, 3), 0);
    /* Counts and lengths out of range. */
    ERR(writev(fd, w, -1), EINVAL);
    ERR(readv(fd, r, -1), EINVAL);
    ERR(writev(fd, w, IOV_MAX + 1), EINVAL);
    struct iovec huge = { a, (uint64_t)-1 };
    ERR(readv(fd, &huge, 1), EINVAL);
    ERR(writev(fd, &huge, 1), EINVAL);
    /* IOV_MAX pieces of one byte each. */
    struct iovec *many = OKP(malloc(IOV_MAX * sizeof *many));
    char *bytes = OKP(malloc(IOV_MAX));
    ft_pattern(bytes, IOV_MAX, 2);
    for (int i = 0; i < IOV_MAX; i++)
        many[i] = (struct iovec){ bytes + i, 1 };
    OK(ftruncate(fd, 0));
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(writev(fd, many, IOV_MAX), IOV_MAX);
    OK(close(fd));
    ft_expect("f", bytes, IOV_MAX);
    free(many);
    free(bytes);
    OK(unlink("f"));
}

void test_append(void)
{
    int fd = OK(open("f", O_WRONLY | O_CREAT | O_APPEND, 0644));
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "de", 2), 2);     /* at the end all the same */
    CHECK_EQ(pos(fd), 5);
    ft_expect("f", "abcde", 5);
    /* Two appenders never overwrite each other. */
    int fd2 = OK(open("f", O_WRONLY | O_APPEND));
    CHECK_EQ(write(fd2, "12", 2), 2);
    CHECK_EQ(write(fd, "34", 2), 2);
    ft_expect("f", "abcde1234", 9);
    OK(close(fd2));
    /* pwrite on an O_APPEND file appends (Linux's rule, pwrite(2) BUGS). */
    CHECK_EQ(pwrite(fd, "P", 1, 0), 1);
    ft_expect("f", "abcde1234P", 10);
    /* F_SETFL clears and sets O_APPEND; the access mode stays. */
    OK(fcntl(fd, F_SETFL, 0));
    CHECK(!(fcntl(fd, F_GETFL) & O_APPEND));
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "X", 1), 1);
    OK(fcntl(fd, F_SETFL, O_APPEND | O_RDWR));
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_EQ(write(fd, "Y", 1), 1);
    ft_expect("f", "Xbcde1234PY", 11);
    OK(close(fd));
    OK(unlink("f"));
}

void test_elf(void)
{
    char buf[512];
    struct stat st;
    int fd = OK(open(FT_HELLO, O_RDONLY));
    CHECK_EQ(read(fd, buf, 4), 4);
    CHECK_MEM(buf, "\177ELF", 4);
    OK(fstat(fd, &st));
    CHECK(S_ISREG(st.st_mode));
    CHECK(st.st_size > 4);
    CHECK(st.st_nlink >= 1);
    long total = 4;
    ssize_t n;
    while ((n = OK(read(fd, buf, sizeof buf))) > 0)
        total += n;
    CHECK_EQ(total, st.st_size);
    CHECK_EQ(lseek(fd, 0, SEEK_END), st.st_size);
    CHECK_EQ(pread(fd, buf, 3, 1), 3);
    CHECK_MEM(buf, "ELF", 3);
    ERR(write(fd, "x", 1), EBADF);
    OK(close(fd));
    ERR(open("/bin/hello/", O_RDONLY), ENOTDIR);
    OK(stat("/bin", &st));
    CHECK(S_ISDIR(st.st_mode));
}

void test_console(void)
{
    struct stat st;
    OK(stat(FT_CONSOLE, &st));
    CHECK(S_ISCHR(st.st_mode));
    int fd = OK(open(FT_CONSOLE, O_WRONLY));
    OK(fstat(fd, &st));
    CHECK(S_ISCHR(st.st_mode));
    static const char line[] = "fstests: console: a line through /dev/console\n";
    CHECK_EQ(write(fd, line, sizeof line - 1), sizeof line - 1);
    ERR(lseek(fd, 0, SEEK_SET), ESPIPE);
    OK(close(fd));
#ifndef FT_LINUX
    /* The first program's 0, 1 and 2 are the console. */
    for (int i = 0; i < 3; i++) {
        OK(fstat(i, &st));
        CHECK(S_ISCHR(st.st_mode));
    }
#endif
}
