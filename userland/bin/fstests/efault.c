/* efault.c -- EFAULT for every pointer of every file call: unmapped user
 * memory, the kernel, a non-canonical address, NULL and 1 (ft_bad), and a
 * name that runs off the end of mapped memory. Each call changes nothing:
 * no byte written or lost, no descriptor left open (ft.h's checks). */
#include "ft.h"

/* paths: every call that takes a path, with a bad one. */
static void bad_path(const char *p)
{
    struct stat st;
    struct statfs sf;
    char buf[64];
    ERR(open(p, O_RDONLY), EFAULT);
    ERR(open(p, O_RDWR | O_CREAT, 0644), EFAULT);
    ERR(openat(AT_FDCWD, p, O_RDONLY), EFAULT);
    ERR(creat(p, 0644), EFAULT);
    ERR(stat(p, &st), EFAULT);
    ERR(lstat(p, &st), EFAULT);
    ERR(fstatat(AT_FDCWD, p, &st, 0), EFAULT);
    ERR(access(p, F_OK), EFAULT);
    ERR(faccessat(AT_FDCWD, p, F_OK, 0), EFAULT);
    ERR(mkdir(p, 0755), EFAULT);
    ERR(mkdirat(AT_FDCWD, p, 0755), EFAULT);
    ERR(rmdir(p), EFAULT);
    ERR(unlink(p), EFAULT);
    ERR(unlinkat(AT_FDCWD, p, 0), EFAULT);
    ERR(unlinkat(AT_FDCWD, p, AT_REMOVEDIR), EFAULT);
    ERR(rename(p, "f"), EFAULT);
    ERR(rename("f", p), EFAULT);
    ERR(renameat(AT_FDCWD, p, AT_FDCWD, "f"), EFAULT);
    ERR(renameat(AT_FDCWD, "f", AT_FDCWD, p), EFAULT);
    ERR(chdir(p), EFAULT);
    ERR(truncate(p, 0), EFAULT);
    ERR(chmod(p, 0644), EFAULT);
    ERR(fchmodat(AT_FDCWD, p, 0644, 0), EFAULT);
    ERR(chown(p, 0, 0), EFAULT);
    ERR(lchown(p, 0, 0), EFAULT);
    ERR(statfs(p, &sf), EFAULT);
    ERR(readlink(p, buf, sizeof buf), EFAULT);
    ERR(readlinkat(AT_FDCWD, p, buf, sizeof buf), EFAULT);
}

/* buffers: every call that reads or writes through a pointer. */
static void bad_buffer(void *p, int fd, int dfd)
{
    struct stat st;
    ERR(read(fd, p, 10), EFAULT);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);            /* nothing was read */
    ERR(pread(fd, p, 10, 0), EFAULT);
    ERR(write(fd, p, 10), EFAULT);
    ERR(pwrite(fd, p, 10, 0), EFAULT);
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, 10);                       /* nothing was written */
    ERR(stat("f", p), EFAULT);
    ERR(lstat("f", p), EFAULT);
    ERR(fstat(fd, p), EFAULT);
    ERR(fstatat(AT_FDCWD, "f", p, 0), EFAULT);
    ERR(statfs(".", p), EFAULT);
    ERR(fstatfs(fd, p), EFAULT);
    ERR(getdents64(dfd, p, 4096), EFAULT);
    ERR(pipe(p), EFAULT);
    ERR(pipe2(p, 0), EFAULT);
    ERR(pipe2(p, O_CLOEXEC), EFAULT);
    /* The vectors themselves, and a piece of one. */
    ERR(readv(fd, p, 1), EFAULT);
    ERR(writev(fd, p, 1), EFAULT);
    struct iovec iov = { p, 10 };
    ERR(readv(fd, &iov, 1), EFAULT);
    ERR(writev(fd, &iov, 1), EFAULT);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
}

/* a pipe: a read into a bad buffer takes nothing out of the pipe. */
static void bad_pipe_read(void *p)
{
    int fds[2];
    char buf[8];
    OK(pipe(fds));
    CHECK_EQ(write(fds[1], "pipe", 4), 4);
    ERR(read(fds[0], p, 4), EFAULT);
    ERR(write(fds[1], p, 4), EFAULT);
    CHECK_EQ(read(fds[0], buf, sizeof buf), 4);
    CHECK_MEM(buf, "pipe", 4);
    OK(close(fds[0]));
    OK(close(fds[1]));
}

/* ends_unmapped: a name whose bytes run up to the end of a mapped page
 * and on into an unmapped one, with no NUL. */
static void run_off_the_end(void)
{
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(two != MAP_FAILED);
    OK(munmap(two + 4096, 4096));
    memset(two, 'a', 4096);
    char *p = two + 4096 - 8;
    ERR(open(p, O_RDWR | O_CREAT, 0644), EFAULT);
    ERR(mkdir(p, 0755), EFAULT);
    ERR(stat(p, &(struct stat){ 0 }), EFAULT);
    ERR(chdir(p), EFAULT);
    /* Just before it, the same bytes with a NUL are a fine name. */
    two[4095] = 0;
    ERR(stat(p, &(struct stat){ 0 }), ENOENT);
    OK(munmap(two, 4096));
}

void test_efault(void)
{
    ft_put("f", "0123456789", 10);
    int fd = OK(open("f", O_RDWR));
    int dfd = OK(open(".", O_RDONLY | O_DIRECTORY));
    for (int i = 0; i < FT_NBAD; i++) {
        bad_path(ft_bad[i]);
        bad_buffer(ft_bad[i], fd, dfd);
        bad_pipe_read(ft_bad[i]);
        if (ft_bad[i] != NULL) {                    /* glibc allocates for NULL */
            char *r = getcwd(ft_bad[i], 100);
            if (r != NULL || errno != EFAULT)
                FAIL("getcwd(bad pointer %p): %p, errno %s", ft_bad[i], (void *)r,
                     ft_errname(errno));
        }
    }
    run_off_the_end();
    OK(close(fd));
    OK(close(dfd));
    ft_expect("f", "0123456789", 10);
    CHECK(ft_exists("f"));
    OK(unlink("f"));
}
