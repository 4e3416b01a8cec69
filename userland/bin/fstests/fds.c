/* fds.c -- descriptors: dup, dup2, dup3, fcntl, and what fork and exec do
 * with them. Descriptors made by dup share one open file: its offset and
 * its status flags; the close-on-exec flag is the descriptor's own. */
#include "ft.h"

static off_t pos(int fd)
{
    return OK(lseek(fd, 0, SEEK_CUR));
}

void test_dup(void)
{
    ft_put("f", "0123456789", 10);
    int fd = OK(open("f", O_RDWR | O_CLOEXEC));
    int d = OK(dup(fd));
    CHECK(d != fd);
    CHECK_EQ(fcntl(d, F_GETFD), 0);                 /* not inherited */
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    /* One offset. */
    char c;
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(pos(d), 1);
    CHECK_EQ(lseek(d, 5, SEEK_SET), 5);
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(c, '5');
    CHECK_EQ(pos(d), 6);
    /* One set of status flags. */
    OK(fcntl(fd, F_SETFL, O_APPEND));
    CHECK(fcntl(d, F_GETFL) & O_APPEND);
    OK(fcntl(d, F_SETFL, 0));
    /* The lowest free descriptor. */
    int a = OK(dup(fd)), b = OK(dup(fd)), e = OK(dup(fd));
    CHECK(a < b && b < e);
    OK(close(b));
    CHECK_EQ(dup(fd), b);
    /* Closing one leaves the others. */
    OK(close(fd));
    CHECK_EQ(read(d, &c, 1), 1);
    CHECK_EQ(c, '6');
    ERR(dup(fd), EBADF);
    ERR(dup(-1), EBADF);
    ERR(dup(FT_FILES_MAX), EBADF);
    /* dup2 to itself: the descriptor, unchanged; to a bad one: EBADF. */
    CHECK_EQ(dup2(d, d), d);
    ERR(dup2(fd, fd), EBADF);
    ERR(dup2(d, -1), EBADF);
    ERR(dup2(d, FT_FILES_MAX), EBADF);
    ERR(dup2(-1, a), EBADF);
    CHECK_EQ(fcntl(a, F_GETFD), 0);                 /* a failed dup2 left a open */
    OK(close(a));
    OK(close(b));
    OK(close(e));
    OK(close(d));
    OK(unlink("f"));
}

void test_dup23(void)
{
    char buf[8];
    ft_put("f", "FFF", 3);
    ft_put("g", "GGG", 3);
    int f = OK(open("f", O_RDONLY));
    int g = OK(open("g", O_RDONLY | O_CLOEXEC));
    /* dup2 onto an open descriptor closes what it held, quietly, and
     * clears close-on-exec. */
    CHECK_EQ(dup2(f, g), g);
    CHECK_EQ(fcntl(g, F_GETFD), 0);
    CHECK_EQ(read(g, buf, 8), 3);
    CHECK_MEM(buf, "FFF", 3);
    CHECK_EQ(pos(f), 3);
    /* dup3: the same, with O_CLOEXEC as the only flag; never to itself. */
    int h = OK(open("g", O_RDONLY));
    CHECK_EQ(dup3(f, h, O_CLOEXEC), h);
    CHECK_EQ(fcntl(h, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(pos(h), 3);
    CHECK_EQ(dup3(f, h, 0), h);
    CHECK_EQ(fcntl(h, F_GETFD), 0);
    ERR(dup3(f, f, 0), EINVAL);
    ERR(dup3(f, f, O_CLOEXEC), EINVAL);
    ERR(dup3(f, h, O_APPEND), EINVAL);
    ERR(dup3(f, h, 0x7fffffff), EINVAL);
    ERR(dup3(-1, h, 0), EBADF);
    ERR(dup3(f, -1, 0), EBADF);
    ERR(dup3(f, FT_FILES_MAX, 0), EBADF);
    /* dup2 to itself keeps close-on-exec as it was. */
    OK(fcntl(h, F_SETFD, FD_CLOEXEC));
    CHECK_EQ(dup2(h, h), h);
    CHECK_EQ(fcntl(h, F_GETFD), FD_CLOEXEC);
    /* A free target descriptor number is fine. */
    CHECK_EQ(dup2(f, 200), 200);
    CHECK_EQ(pos(200), 3);
    OK(close(200));
    OK(close(f));
    OK(close(g));
    OK(close(h));
    OK(unlink("f"));
    OK(unlink("g"));
}

void test_fcntl(void)
{
    int fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC | O_EXCL, 0644));
    /* F_DUPFD: the lowest free at or above arg. */
    int d = OK(fcntl(fd, F_DUPFD, 100));
    CHECK_EQ(d, 100);
    int d2 = OK(fcntl(fd, F_DUPFD, 100));
    CHECK_EQ(d2, 101);
    CHECK_EQ(fcntl(d, F_GETFD), 0);
    int c = OK(fcntl(fd, F_DUPFD_CLOEXEC, 100));
    CHECK_EQ(c, 102);
    CHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
    int lowest = 0;
    while (fcntl(lowest, F_GETFD) >= 0)
        lowest++;
    int low = OK(fcntl(fd, F_DUPFD, 0));
    CHECK_EQ(low, lowest);
    ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
    ERR(fcntl(fd, F_DUPFD, FT_FILES_MAX), EINVAL);
    /* F_GETFD / F_SETFD: only FD_CLOEXEC. */
    CHECK_EQ(fcntl(fd, F_GETFD), 0);
    CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(fcntl(d, F_GETFD), 0);                 /* d's is its own */
    CHECK_EQ(fcntl(fd, F_SETFD, 0), 0);
    CHECK_EQ(fcntl(fd, F_GETFD), 0);
    /* F_GETFL: the access mode and status flags, not the open-time ones. */
    int fl = OK(fcntl(fd, F_GETFL));
    CHECK_EQ(fl & O_ACCMODE, O_RDWR);
    CHECK_EQ(fl & (O_CREAT | O_TRUNC | O_EXCL | O_APPEND), 0);
    int r = OK(open("f", O_RDONLY | O_APPEND));
    CHECK_EQ(fcntl(r, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDONLY | O_APPEND);
    int w = OK(open("f", O_WRONLY));
    CHECK_EQ(fcntl(w, F_GETFL) & O_ACCMODE, O_WRONLY);
    /* F_SETFL changes O_APPEND (and O_NONBLOCK), never the access mode. */
    OK(fcntl(w, F_SETFL, O_APPEND | O_RDWR));
    CHECK_EQ(fcntl(w, F_GETFL) & (O_ACCMODE | O_APPEND), O_WRONLY | O_APPEND);
    OK(fcntl(w, F_SETFL, O_NONBLOCK));
    CHECK_EQ(fcntl(w, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_WRONLY | O_NONBLOCK);
    /* Errors. */
    ERR(fcntl(-1, F_GETFD), EBADF);
    ERR(fcntl(FT_FILES_MAX, F_GETFL), EBADF);
    ERR(fcntl(150, F_DUPFD, 0), EBADF);
    ERR(fcntl(fd, 9999), EINVAL);
    int fds[] = { fd, d, d2, c, low, r, w };
    for (int i = 0; i < 7; i++)
        OK(close(fds[i]));
    OK(unlink("f"));
}

void test_fork_fds(void)
{
    int fd = OK(open("f", O_RDWR | O_CREAT, 0644));
    int cx = OK(open("f", O_RDONLY | O_CLOEXEC));
    CHECK_EQ(write(fd, "ab", 2), 2);
    int p[2];
    OK(pipe(p));
    int fds = ft_count_fds();
    pid_t pid = FORK();
    if (pid == 0) {
        /* The child has the same descriptors on the same open files. */
        CHECK_EQ(ft_count_fds(), fds);
        CHECK_EQ(fcntl(cx, F_GETFD), FD_CLOEXEC);
        CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
        CHECK_EQ(write(fd, "cd", 2), 2);
        CHECK_EQ(write(p[1], "hi", 2), 2);
        OK(close(fd));                              /* the parent's stays open */
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(pos(fd), 4);                           /* the child moved it */
    CHECK_EQ(write(fd, "e", 1), 1);
    ft_expect("f", "abcde", 5);
    char buf[4];
    CHECK_EQ(read(p[0], buf, sizeof buf), 2);
    CHECK_MEM(buf, "hi", 2);
    /* And the other way: the parent moves it, the child sees it. */
    CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
    pid = FORK();
    if (pid == 0) {
        char c;
        CHECK_EQ(read(fd, &c, 1), 1);
        CHECK_EQ(c, 'b');
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(pos(fd), 2);
    OK(close(p[0]));
    OK(close(p[1]));
    OK(close(cx));
    OK(close(fd));
    OK(unlink("f"));
}

static char numbuf[16][8];

/* num: i as text, in one of a few static buffers (for fdcheck's argv). */
static const char *num(int slot, long i)
{
    snprintf(numbuf[slot], sizeof numbuf[slot], "%ld", i);
    return numbuf[slot];
}

void test_cloexec_exec(void)
{
    int a = OK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK_EQ(write(a, "hello", 5), 5);
    int b = OK(open("f", O_RDONLY | O_CLOEXEC));
    int c = OK(dup(b));                             /* not close-on-exec */
    int d = OK(fcntl(a, F_DUPFD_CLOEXEC, 20));
    int e = OK(open("f", O_RDONLY));
    OK(fcntl(e, F_SETFD, FD_CLOEXEC));
    int f = OK(dup3(a, 30, O_CLOEXEC));
    int p[2];
    OK(pipe2(p, O_CLOEXEC));
    int kept = ft_count_fds() - 6;                  /* b, d, e, f, p[0], p[1] go */
    const char *args[] = {
        "open", num(0, a), "pos", num(1, a), "5", "write", num(2, a), "XY",
        "open", num(3, c), "closed", num(4, b), "closed", num(5, d),
        "closed", num(6, e), "closed", num(7, f), "closed", num(8, p[0]),
        "closed", num(9, p[1]), "count", num(10, kept), NULL,
    };
    CHECK_EQ(ft_fdcheck(args), 0);
    /* The exec'd program wrote through our open file: our offset moved. */
    CHECK_EQ(pos(a), 7);
    ft_expect("f", "helloXY", 7);
    /* An exec that fails closes nothing. */
    ERR(execve("/bin/nosuch", (char *const[]){ "nosuch", NULL }, environ), ENOENT);
    CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
    /* Cleared close-on-exec survives. */
    OK(fcntl(b, F_SETFD, 0));
    const char *args2[] = { "open", num(11, b), "closed", num(12, e), NULL };
    CHECK_EQ(ft_fdcheck(args2), 0);
    int fds[] = { a, b, c, d, e, f, p[0], p[1] };
    for (int i = 0; i < 8; i++)
        OK(close(fds[i]));
    OK(unlink("f"));
}

/* fo_thread: dup2 the descriptor it is given to 150 (a thread of the
 * same process: the table is the process's, shared with it). */
static void *fo_thread(void *arg)
{
    int fd = (int)(intptr_t)arg;
    CHECK_EQ(dup2(fd, 150), 150);
    return 0;
}

/* After fork each side's descriptors are its own: what one side closes,
 * dups or marks, and its working directory and umask, stay its own.
 * weensy shares the table until one side changes it (fs/fdtable.h), so
 * each case has the other side look after the change. */
void test_fork_fds_own(void)
{
    int fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    int p[2];
    OK(pipe(p));
    int fds = ft_count_fds();
    mode_t mask = umask(0);
    umask(mask);
    char cwd[64], buf[64];
    OKP(getcwd(cwd, sizeof cwd));
    /* The child changes its table; the parent looks afterwards. */
    pid_t pid = FORK();
    if (pid == 0) {
        OK(close(fd));
        CHECK_EQ(dup2(p[0], fd), fd);
        OK(fcntl(p[1], F_SETFD, FD_CLOEXEC));
        OK(chdir("/"));
        umask(077);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(ft_count_fds(), fds);
    CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);   /* the file, not the pipe */
    CHECK_EQ(fcntl(p[1], F_GETFD), 0);
    CHECK_EQ(umask(mask), mask);
    OKP(getcwd(buf, sizeof buf));
    CHECK_EQ(strcmp(buf, cwd), 0);
    /* The parent changes its table while the child still has it as it was:
     * fd becomes the pipe's write end here only. */
    pid = FORK();
    if (pid == 0) {
        char c;
        CHECK_EQ(read(p[0], &c, 1), 1);             /* after the parent's changes */
        CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
        ERR(fcntl(151, F_GETFD), EBADF);
        exit(0);
    }
    OK(close(fd));
    CHECK_EQ(dup(p[1]), fd);
    CHECK_EQ(dup2(p[1], 151), 151);
    CHECK_EQ(write(fd, "g", 1), 1);
    EXPECT_EXIT(pid, 0);
    OK(close(151));
    OK(close(fd));
    /* A write end the child keeps, untouched, holds end of file back until
     * it exits, though the parent closed its own. */
    int q[2];
    OK(pipe(q));
    pid = FORK();
    if (pid == 0) {
        for (int i = 0; i < 20; i++)
            sched_yield();
        CHECK_EQ(write(q[1], "z", 1), 1);
        exit(0);
    }
    OK(close(q[1]));
    char c = 0;
    CHECK_EQ(read(q[0], &c, 1), 1);
    CHECK_EQ(c, 'z');
    CHECK_EQ(read(q[0], &c, 1), 0);
    EXPECT_EXIT(pid, 0);
    OK(close(q[0]));
    /* exec in a child closes its close-on-exec descriptors, not ours. */
    int x = OK(open("f", O_RDONLY | O_CLOEXEC));
    const char *args[] = { "closed", num(13, x), "open", num(14, p[0]), NULL };
    CHECK_EQ(ft_fdcheck(args), 0);
    CHECK_EQ(fcntl(x, F_GETFD), FD_CLOEXEC);
    /* A thread of the child shares the child's table, not ours. */
    pid = FORK();
    if (pid == 0) {
        thread_t t = thread_create(fo_thread, (void *)(intptr_t)p[0], 0);
        if (!t)
            FAIL("thread_create: %s", ft_errname(errno));
        OK(thread_join(t, 0));
        CHECK_EQ(fcntl(150, F_GETFD), 0);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    ERR(fcntl(150, F_GETFD), EBADF);
    OK(close(x));
    OK(close(p[0]));
    OK(close(p[1]));
    OK(unlink("f"));
}
