/* open.c -- open, openat, creat: the flags, the mode and the umask, the
 * errors, the descriptor limit, and EROFS on the initrd. */
#include "ft.h"

static mode_t mode_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st.st_mode;
}

static long size_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st.st_size;
}

void test_open_create(void)
{
    /* O_CREAT makes an empty regular file, its mode cut by the umask. */
    int fd = OK(open("f", O_WRONLY | O_CREAT, 0666));
    CHECK_EQ(mode_of("f"), S_IFREG | 0644);
    CHECK_EQ(size_of("f"), 0);
    CHECK_EQ(write(fd, "hello", 5), 5);
    OK(close(fd));
    /* O_EXCL: only if it does not exist; without O_CREAT it means nothing. */
    ERR(open("f", O_WRONLY | O_CREAT | O_EXCL, 0666), EEXIST);
    ERR(open(".", O_RDONLY | O_CREAT | O_EXCL, 0666), EEXIST);
    fd = OK(open("f", O_RDONLY | O_EXCL));
    OK(close(fd));
    /* O_CREAT of an existing file opens it as it is, mode and bytes. */
    fd = OK(open("f", O_RDWR | O_CREAT, 0600));
    CHECK_EQ(mode_of("f"), S_IFREG | 0644);
    ft_expect_fd(fd, "hello", 5);
    OK(close(fd));
    /* O_TRUNC empties it. */
    fd = OK(open("f", O_RDWR | O_TRUNC));
    CHECK_EQ(size_of("f"), 0);
    OK(close(fd));
    /* creat is O_CREAT | O_WRONLY | O_TRUNC. */
    ft_put("g", "data", 4);
    fd = OK(creat("g", 0600));
    CHECK_EQ(size_of("g"), 0);
    CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
    char c;
    ERR(read(fd, &c, 1), EBADF);
    OK(close(fd));
    CHECK_EQ(mode_of("g"), S_IFREG | 0644);     /* it existed: mode kept */
    fd = OK(creat("h", 0640));
    CHECK_EQ(mode_of("h"), S_IFREG | 0640);
    OK(close(fd));
    /* The umask applies to the mode given, never widens it. */
    umask(0);
    fd = OK(open("i", O_RDWR | O_CREAT, 0777));
    CHECK_EQ(mode_of("i"), S_IFREG | 0777);
    OK(close(fd));
    umask(027);
    fd = OK(open("j", O_RDWR | O_CREAT, 0666));
    CHECK_EQ(mode_of("j"), S_IFREG | 0640);
    OK(close(fd));
    umask(022);
    /* A name ending in '/' cannot be created as a file. */
    ERR(open("k/", O_RDWR | O_CREAT, 0666), EISDIR);
    CHECK(!ft_exists("k"));
    const char *names[] = { "f", "g", "h", "i", "j" };
    for (int i = 0; i < 5; i++)
        OK(unlink(names[i]));
}

void test_open_modes(void)
{
    char buf[8];
    ft_put("f", "abc", 3);
    int r = OK(open("f", O_RDONLY));
    int w = OK(open("f", O_WRONLY));
    int rw = OK(open("f", O_RDWR));
    CHECK_EQ(fcntl(r, F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ(fcntl(w, F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_EQ(fcntl(rw, F_GETFL) & O_ACCMODE, O_RDWR);
    /* EBADF: a descriptor not open for the direction asked. */
    ERR(write(r, "x", 1), EBADF);
    ERR(pwrite(r, "x", 1, 0), EBADF);
    ERR(read(w, buf, 1), EBADF);
    ERR(pread(w, buf, 1, 0), EBADF);
    struct iovec iov = { buf, 1 };
    ERR(readv(w, &iov, 1), EBADF);
    ERR(writev(r, &iov, 1), EBADF);
    CHECK_EQ(read(r, buf, 8), 3);
    CHECK_MEM(buf, "abc", 3);
    CHECK_EQ(write(w, "X", 1), 1);
    CHECK_EQ(read(rw, buf, 8), 3);
    CHECK_MEM(buf, "Xbc", 3);
    CHECK_EQ(write(rw, "d", 1), 1);
    ft_expect("f", "Xbcd", 4);
    OK(close(r));
    OK(close(w));
    OK(close(rw));
    /* A directory opens for reading only. */
    int d = OK(open(".", O_RDONLY));
    OK(close(d));
    ERR(open(".", O_WRONLY), EISDIR);
    ERR(open(".", O_RDWR), EISDIR);
    OK(unlink("f"));
}

void test_open_errors(void)
{
    char buf[4];
    ft_put("f", "x", 1);
    OK(mkdir("d", 0755));
    ERR(open("nosuch", O_RDONLY), ENOENT);
    ERR(open("", O_RDONLY), ENOENT);
    ERR(open("", O_RDWR | O_CREAT, 0644), ENOENT);
    ERR(open("nosuch/f", O_RDWR | O_CREAT, 0644), ENOENT);
    ERR(open("d/nosuch/f", O_RDONLY), ENOENT);
    ERR(open("f/x", O_RDONLY), ENOTDIR);
    ERR(open("f/x", O_RDWR | O_CREAT, 0644), ENOTDIR);
    ERR(open("f/", O_RDONLY), ENOTDIR);
    ERR(open("f/.", O_RDONLY), ENOTDIR);
    ERR(open("f/..", O_RDONLY), ENOTDIR);
    /* O_DIRECTORY: only a directory. */
    ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
    int fd = OK(open("d", O_RDONLY | O_DIRECTORY));
    OK(close(fd));
    fd = OK(open("d/", O_RDONLY));
    OK(close(fd));
    /* A directory is never opened for writing, nor created over. */
    ERR(open("d", O_WRONLY), EISDIR);
    ERR(open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
    ERR(open("d", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
    ERR(open("d", O_RDONLY | O_TRUNC), EISDIR);
    /* Descriptors that are not open. */
    int bad[] = { -1, FT_FILES_MAX, 1000, 100 };
    for (int i = 0; i < 4; i++) {
        struct stat st;
        ERR(read(bad[i], buf, 1), EBADF);
        ERR(write(bad[i], buf, 1), EBADF);
        ERR(close(bad[i]), EBADF);
        ERR(fstat(bad[i], &st), EBADF);
        ERR(lseek(bad[i], 0, SEEK_SET), EBADF);
    }
    /* A descriptor is gone after close. */
    fd = OK(open("f", O_RDONLY));
    OK(close(fd));
    ERR(close(fd), EBADF);
    ERR(read(fd, buf, 1), EBADF);
    OK(unlink("f"));
    OK(rmdir("d"));
}

void test_openat(void)
{
    struct stat st, st2;
    OK(mkdir("d", 0755));
    int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
    /* Relative names start at dirfd, whatever the working directory. */
    OK(chdir("/"));
    OK(mkdirat(dfd, "sub", 0700));
    int fd = OK(openat(dfd, "sub/f", O_RDWR | O_CREAT | O_EXCL, 0600));
    CHECK_EQ(write(fd, "at", 2), 2);
    OK(close(fd));
    OK(fstatat(dfd, "sub/f", &st, 0));
    CHECK_EQ(st.st_mode, S_IFREG | 0600);
    CHECK_EQ(st.st_size, 2);
    OK(fstatat(dfd, "sub", &st2, 0));
    CHECK_EQ(st2.st_mode, S_IFDIR | 0700);
    OK(faccessat(dfd, "sub/f", R_OK | W_OK, 0));
    OK(renameat(dfd, "sub/f", dfd, "g"));
    OK(chdir(ft_dir));
    ft_expect("d/g", "at", 2);
    /* An absolute name ignores dirfd, even a bad one. */
    fd = OK(openat(-5, "/tmp", O_RDONLY));
    OK(close(fd));
    /* AT_FDCWD is the working directory. */
    fd = OK(openat(AT_FDCWD, "d/g", O_RDONLY));
    /* dirfd must be an open directory. */
    ERR(openat(-5, "g", O_RDONLY), EBADF);
    ERR(openat(100, "g", O_RDONLY), EBADF);
    ERR(openat(fd, "g", O_RDONLY), ENOTDIR);
    ERR(mkdirat(fd, "x", 0755), ENOTDIR);
    ERR(fstatat(fd, "x", &st, 0), ENOTDIR);
    ERR(unlinkat(fd, "x", 0), ENOTDIR);
    OK(close(fd));
    ERR(openat(dfd, "sub", O_WRONLY), EISDIR);
    ERR(mkdirat(dfd, "sub", 0755), EEXIST);
    ERR(openat(dfd, "nosuch", O_RDONLY), ENOENT);
    /* ".." from dirfd. */
    fd = OK(openat(dfd, "../d/g", O_RDONLY));
    OK(close(fd));
    OK(unlinkat(dfd, "g", 0));
    OK(unlinkat(dfd, "sub", AT_REMOVEDIR));
    OK(close(dfd));
    OK(rmdir("d"));
}

void test_emfile(void)
{
    ft_put("f", "x", 1);
    int first = OK(open("f", O_RDONLY));
    int fds[FT_FILES_MAX];
    int n = 0, fd;
    fds[n++] = first;
    /* Descriptors are handed out lowest first up to the limit. */
    while ((fd = open("f", O_RDONLY)) >= 0) {
        CHECK(n < FT_FILES_MAX);
        fds[n++] = fd;
    }
    CHECK_EQ(errno, EMFILE);
    CHECK_EQ(ft_count_fds(), FT_FILES_MAX);
    CHECK_EQ(fds[n - 1], FT_FILES_MAX - 1);
    /* Every call that makes a descriptor says EMFILE, and makes nothing. */
    ERR(dup(first), EMFILE);
    ERR(fcntl(first, F_DUPFD, 0), EMFILE);
    ERR(fcntl(first, F_DUPFD_CLOEXEC, 0), EMFILE);
    ERR(openat(AT_FDCWD, "f", O_RDONLY), EMFILE);
    ERR(creat("new", 0644), EMFILE);
    ERR(open("new", O_RDWR | O_CREAT, 0644), EMFILE);
    CHECK(!ft_exists("new"));
    int p[2] = { -1, -1 };
    ERR(pipe(p), EMFILE);
    /* One free: still too few for a pipe, and nothing is left open. */
    OK(close(fds[10]));
    ERR(pipe(p), EMFILE);
    ERR(pipe2(p, O_CLOEXEC), EMFILE);
    CHECK_EQ(ft_count_fds(), FT_FILES_MAX - 1);
    CHECK_EQ(dup(first), fds[10]);
    /* dup2 may still replace one; not reach past the table. */
    CHECK_EQ(dup2(first, FT_FILES_MAX - 1), FT_FILES_MAX - 1);
    ERR(dup2(first, FT_FILES_MAX), EBADF);
    ERR(fcntl(first, F_DUPFD, FT_FILES_MAX), EINVAL);
    for (int i = 0; i < n; i++)
        OK(close(fds[i]));
    OK(unlink("f"));
}

void test_rofs(void)
{
    /* Nothing on the initrd changes: every change is EROFS, checked after
     * the errors Linux finds first (EEXIST, EISDIR, ENOTDIR). */
    ERR(open(FT_HELLO, O_WRONLY), EROFS);
    ERR(open(FT_HELLO, O_RDWR), EROFS);
    ERR(open(FT_HELLO, O_RDONLY | O_TRUNC), EROFS);
    ERR(open("/newfile", O_WRONLY | O_CREAT, 0644), EROFS);
    ERR(open("/bin/newfile", O_RDONLY | O_CREAT, 0644), EROFS);
    ERR(open(FT_HELLO, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    ERR(open("/bin", O_WRONLY), EISDIR);
    ERR(creat("/newfile", 0644), EROFS);
    int fd = OK(open(FT_HELLO, O_RDONLY | O_CREAT, 0644));   /* exists: no change */
    ERR(write(fd, "x", 1), EBADF);
    ERR(ftruncate(fd, 0), EINVAL);
    ERR(fchmod(fd, 0777), EROFS);
    ERR(fchown(fd, 0, 0), EROFS);
    OK(close(fd));
    ERR(mkdir("/newdir", 0755), EROFS);
    ERR(mkdir("/bin/newdir", 0755), EROFS);
    ERR(mkdir("/tmp/../newdir", 0755), EROFS);
    ERR(mkdir("/bin", 0755), EEXIST);
    ERR(rmdir("/bin"), EROFS);
    ERR(unlink(FT_HELLO), EROFS);
    ERR(unlink("/bin/nosuch"), EROFS);
    ERR(unlink("/bin/hello/x"), ENOTDIR);
    ERR(rename(FT_HELLO, "/bin/hello2"), EROFS);
    ERR(truncate(FT_HELLO, 0), EROFS);
    ERR(chmod(FT_HELLO, 0777), EROFS);
    ERR(chown(FT_HELLO, 0, 0), EROFS);
    ERR(access(FT_HELLO, W_OK), EROFS);
    ERR(access("/", W_OK), EROFS);
    OK(access(FT_HELLO, R_OK));
    CHECK(!ft_exists("/newfile") && !ft_exists("/newdir") && !ft_exists("/bin/hello2"));
}
