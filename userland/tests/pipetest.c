/* pipetest -- pipes from user space (fs/pipe.c, pipe(7)): what a read and a
 * write return, end of file and EPIPE, O_NONBLOCK, the atomicity of writes
 * of at most PIPE_BUF bytes between two writers, sleepers and kills, fork,
 * pipe2's errors, descriptor and page leaks. Each test runs in its own
 * process under the test runner (testrun.h), which also requires every
 * page back after it; "pipetest NAME..." runs only those.
 *
 * The library's libc-style pipe wrappers are not in yet: the raw sys_*
 * calls are used (they return -E... instead of setting errno). */
#include "weensy.h"
#include "testrun.h"
#include "include/weensy/fs.h"

#define PIPE_BUF 4096
#define PIPE_SIZE 65536              /* the buffer: as Linux's default */
#define FILES_MAX 256                /* fs/fdtable.h */

static char buf[2 * PIPE_SIZE];

/* ---- helpers --------------------------------------------------------------- */

static void mkpipe(int fd[2], long flags)
{
    CHECK_EQ(sys_pipe2((long)fd, flags), 0);
}

static void xclose(int fd) { CHECK_EQ(sys_close(fd), 0); }

static void xwrite(int fd, const void *p, long n) { CHECK_EQ(sys_write(fd, (long)p, n), n); }

/* read_full: n bytes unless end of file comes first; how many. */
static long read_full(int fd, void *p, long n)
{
    long got = 0;
    while (got < n) {
        long r = sys_read(fd, (long)p + got, n - got);
        if (r < 0)
            FAIL("read(%d, %ld): %ld", fd, n - got, r);
        if (r == 0)
            break;
        got += r;
    }
    return got;
}

static noreturn void sleep_forever(void)
{
    for (;;)
        sys_nanosleep((long)&(struct timespec){ 1000, 0 }, 0);
}

/* still_running: pid has not exited (it sleeps where the test wants). */
static bool still_running(pid_t pid)
{
    int status;
    return sys_wait4(pid, (long)&status, WNOHANG, 0) == 0;
}

/* reap_within: pid ends within ms milliseconds; its status. */
static int reap_within(pid_t pid, unsigned ms)
{
    int status;
    for (unsigned waited = 0; waited <= ms; waited += 10) {
        if (sys_wait4(pid, (long)&status, WNOHANG, 0) == pid)
            return status;
        testrun_msleep(10);
    }
    FAIL("pid %d still there after %u ms", pid, ms);
}

static unsigned char pattern(long i) { return (unsigned char)(i * 7 + (i >> 12) + 1); }

/* ---- the tests --------------------------------------------------------------- */

/* basic: the lowest free descriptors, read end first; a read returns what
 * is there without waiting to fill its buffer; each end one way only. */
static void test_basic(void)
{
    int fd[2] = { -1, -1 };
    CHECK_EQ(sys_pipe((long)fd), 0);
    CHECK_EQ(fd[0], 3);
    CHECK_EQ(fd[1], 4);
    xwrite(fd[1], "hello", 5);
    int n = -1;
    CHECK_EQ(sys_ioctl(fd[0], FIONREAD, (long)&n), 0);
    CHECK_EQ(n, 5);
    CHECK_EQ(sys_ioctl(fd[1], FIONREAD, (long)&n), 0);
    CHECK_EQ(n, 5);
    CHECK_EQ(sys_read(fd[0], (long)buf, sizeof buf), 5);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_EQ(sys_read(fd[1], (long)buf, 1), -EBADF);
    CHECK_EQ(sys_write(fd[0], (long)"x", 1), -EBADF);
    CHECK_EQ(sys_lseek(fd[0], 0, SEEK_SET), -ESPIPE);
    CHECK_EQ(sys_write(fd[1], (long)"x", 0), 0);
    CHECK_EQ(sys_read(fd[0], (long)buf, 0), 0);
    struct stat st;
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(sys_fstat(fd[i], (long)&st), 0);
        CHECK_EQ(st.st_mode, S_IFIFO | 0600);
    }
    xclose(fd[0]);
    xclose(fd[1]);
}

/* transfer: 1 MiB from parent to child in writes of many sizes, read in
 * reads of many sizes: every byte in its place, then end of file. */
static void test_transfer(void)
{
    const long total = 1024 * 1024;
    int fd[2];
    mkpipe(fd, 0);
    pid_t pid = FORK();
    if (pid == 0) {
        xclose(fd[1]);
        long at = 0, r, want = 1;
        while ((r = sys_read(fd[0], (long)buf, want)) > 0) {
            for (long i = 0; i < r; i++)
                if ((unsigned char)buf[i] != pattern(at + i))
                    FAIL("byte %ld: %d, want %d", at + i, buf[i], pattern(at + i));
            at += r;
            want = want * 3 % 9973 + 1;
        }
        CHECK_EQ(r, 0);
        CHECK_EQ(at, total);
        exit(0);
    }
    xclose(fd[0]);
    for (long at = 0, n = 1; at < total; at += n, n = n * 5 % 20011 + 1) {
        if (n > total - at)
            n = total - at;
        for (long i = 0; i < n; i++)
            buf[i] = (char)pattern(at + i);
        xwrite(fd[1], buf, n);
    }
    xclose(fd[1]);
    EXPECT_EXIT(pid, 0);
}

/* eof: once the last write end is closed (by close, or by the exit of a
 * child holding it) a read returns what is left, then 0, every time. */
static void test_eof(void)
{
    int fd[2];
    mkpipe(fd, 0);
    xwrite(fd[1], "abc", 3);
    xclose(fd[1]);
    CHECK_EQ(sys_read(fd[0], (long)buf, 10), 3);
    CHECK_EQ(sys_read(fd[0], (long)buf, 10), 0);
    CHECK_EQ(sys_read(fd[0], (long)buf, 10), 0);
    xclose(fd[0]);

    /* A child writes and exits without closing; a reader already waiting
     * when it exits wakes to end of file. */
    mkpipe(fd, 0);
    pid_t pid = FORK();
    if (pid == 0) {
        xwrite(fd[1], "bye", 3);
        testrun_msleep(50);
        exit(0);
    }
    xclose(fd[1]);
    CHECK_EQ(read_full(fd[0], buf, 3), 3);
    CHECK(memcmp(buf, "bye", 3) == 0);
    CHECK_EQ(sys_read(fd[0], (long)buf, 10), 0);
    EXPECT_EXIT(pid, 0);
    xclose(fd[0]);
}

/* epipe: no read end left: a write fails with EPIPE (and the writer lives:
 * no SIGPIPE yet); a writer blocked on a full pipe when the last reader
 * goes returns what it wrote. */
static void test_epipe(void)
{
    int fd[2];
    mkpipe(fd, 0);
    xclose(fd[0]);
    CHECK_EQ(sys_write(fd[1], (long)"x", 1), -EPIPE);
    CHECK_EQ(sys_write(fd[1], (long)buf, sizeof buf), -EPIPE);
    xclose(fd[1]);

    mkpipe(fd, 0);
    pid_t pid = FORK();
    if (pid == 0) {
        xclose(fd[1]);
        testrun_msleep(100);
        exit(0);                     /* the last read end goes */
    }
    xclose(fd[0]);
    CHECK_EQ(sys_write(fd[1], (long)buf, sizeof buf), PIPE_SIZE);
    CHECK_EQ(sys_write(fd[1], (long)"x", 1), -EPIPE);
    EXPECT_EXIT(pid, 0);
    xclose(fd[1]);
}

/* nonblock: EAGAIN instead of waiting, both ways; a write of at most
 * PIPE_BUF bytes goes whole or not at all, a longer one in part. */
static void test_nonblock(void)
{
    int fd[2], n;
    mkpipe(fd, O_NONBLOCK);
    CHECK_EQ(sys_fcntl(fd[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
    CHECK_EQ(sys_fcntl(fd[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK);
    CHECK_EQ(sys_read(fd[0], (long)buf, 1), -EAGAIN);
    long total = 0, r;
    while ((r = sys_write(fd[1], (long)buf, 1000)) == 1000)
        total += r;
    CHECK_EQ(r, -EAGAIN);
    CHECK_EQ(total, PIPE_SIZE / 1000 * 1000);
    CHECK_EQ(sys_write(fd[1], (long)buf, PIPE_SIZE % 1000), PIPE_SIZE % 1000);
    CHECK_EQ(sys_write(fd[1], (long)buf, 1), -EAGAIN);
    CHECK_EQ(sys_ioctl(fd[0], FIONREAD, (long)&n), 0);
    CHECK_EQ(n, PIPE_SIZE);
    CHECK_EQ(sys_read(fd[0], (long)buf, 100), 100);
    CHECK_EQ(sys_write(fd[1], (long)buf, 2 * PIPE_BUF), 100);    /* in part */
    CHECK_EQ(sys_write(fd[1], (long)buf, 2 * PIPE_BUF), -EAGAIN);
    CHECK_EQ(sys_read(fd[0], (long)buf, 5000), 5000);
    CHECK_EQ(sys_write(fd[1], (long)buf, PIPE_BUF), PIPE_BUF);
    CHECK_EQ(sys_write(fd[1], (long)buf, PIPE_BUF), -EAGAIN);       /* 904 free: not in part */
    CHECK_EQ(sys_ioctl(fd[0], FIONREAD, (long)&n), 0);
    CHECK_EQ(n, PIPE_SIZE - 904);
    CHECK_EQ(sys_read(fd[0], (long)buf, sizeof buf), PIPE_SIZE - 904);
    CHECK_EQ(sys_read(fd[0], (long)buf, 1), -EAGAIN);
    xclose(fd[1]);
    CHECK_EQ(sys_read(fd[0], (long)buf, 1), 0);                    /* EOF, not EAGAIN */
    xclose(fd[0]);
}

/* atomic: two children write records of 3 to PIPE_BUF bytes (a writer's
 * letter, the length, the letter again to the end) as fast as they can;
 * the parent reads them back slowly enough that both wait for room. A
 * record cut by another's bytes fails. */
static void writer(int fd, char id, int records)
{
    static char rec[PIPE_BUF];
    for (int i = 0, len = 3; i < records; i++, len = len * 13 % (PIPE_BUF - 2) + 3) {
        if (i % 10 == 0)
            len = PIPE_BUF;
        memset(rec, id, (size_t)len);
        rec[1] = (char)(len & 0xff);
        rec[2] = (char)(len >> 8);
        xwrite(fd, rec, len);
    }
    exit(0);
}

static void test_atomic(void)
{
    const int records = 400;
    int fd[2];
    mkpipe(fd, 0);
    pid_t a = FORK();
    if (a == 0)
        writer(fd[1], 'A', records);
    pid_t b = FORK();
    if (b == 0)
        writer(fd[1], 'B', records);
    xclose(fd[1]);
    int seen[2] = { 0, 0 };
    for (int n = 0; read_full(fd[0], buf, 3) == 3; n++) {
        int len = (unsigned char)buf[1] | (unsigned char)buf[2] << 8;
        if ((buf[0] != 'A' && buf[0] != 'B') || len < 3 || len > PIPE_BUF)
            FAIL("record %d: starts %02x %02x %02x", n, buf[0], buf[1], buf[2]);
        CHECK_EQ(read_full(fd[0], buf + 3, len - 3), len - 3);
        for (int i = 3; i < len; i++)
            if (buf[i] != buf[0])
                FAIL("record %d (%c, %d bytes): byte %d is %02x", n, buf[0], len, i, buf[i]);
        seen[buf[0] - 'A']++;
        if (n % 64 == 0)
            testrun_msleep(1);
    }
    CHECK_EQ(seen[0], records);
    CHECK_EQ(seen[1], records);
    EXPECT_EXIT(a, 0);
    EXPECT_EXIT(b, 0);
    xclose(fd[0]);
}

/* kill: a reader waiting on a pipe whose only writer is killed wakes to
 * end of file; a reader, and a writer on a full pipe, killed while they
 * wait end at once. */
static void test_kill(void)
{
    int fd[2];
    mkpipe(fd, 0);
    pid_t w = FORK();
    if (w == 0)
        sleep_forever();             /* holds the write end, never writes */
    pid_t r = FORK();
    if (r == 0) {
        xclose(fd[1]);
        exit(sys_read(fd[0], (long)buf, 1) == 0 ? 0 : 3);
    }
    xclose(fd[0]);
    xclose(fd[1]);
    testrun_msleep(50);
    CHECK(still_running(r));
    CHECK_EQ(sys_kill(w, SIGKILL), 0);
    EXPECT_SIGNAL(w, SIGKILL);
    int status = reap_within(r, 1000);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    for (int writing = 0; writing < 2; writing++) {
        mkpipe(fd, 0);
        pid_t pid = FORK();
        if (pid == 0) {
            if (writing)
                sys_write(fd[1], (long)buf, sizeof buf);
            else
                sys_read(fd[0], (long)buf, 1);
            exit(4);
        }
        testrun_msleep(50);
        CHECK(still_running(pid));
        CHECK_EQ(sys_kill(pid, SIGKILL), 0);
        status = reap_within(pid, 1000);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        xclose(fd[0]);
        xclose(fd[1]);
    }
}

/* fork: a child's descriptors are the parent's open files: it answers
 * through them, and its closing them closes nothing of the parent's. */
static void test_fork(void)
{
    int down[2], up[2];
    mkpipe(down, 0);
    mkpipe(up, 0);
    pid_t pid = FORK();
    if (pid == 0) {
        char c;
        while (sys_read(down[0], (long)&c, 1) == 1) {
            c = (char)(c - 'a' + 'A');
            xwrite(up[1], &c, 1);
        }
        for (int i = 0; i < 2; i++) {
            xclose(down[i]);
            xclose(up[i]);
        }
        exit(0);
    }
    xclose(down[0]);
    xclose(up[1]);
    xwrite(down[1], "pipe", 4);
    CHECK_EQ(read_full(up[0], buf, 4), 4);
    CHECK(memcmp(buf, "PIPE", 4) == 0);
    xclose(down[1]);                 /* the child sees end of file */
    CHECK_EQ(sys_read(up[0], (long)buf, 1), 0);
    EXPECT_EXIT(pid, 0);
    xclose(up[0]);
}

/* flags: pipe2 takes O_CLOEXEC and O_NONBLOCK and nothing else. */
static void test_flags(void)
{
    static const long bad[] = { O_APPEND, O_RDWR, O_WRONLY, O_CREAT, 040000 /* O_DIRECT */,
                                 O_NONBLOCK | 1L << 31, -1 };
    int fd[2];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fd[0] = fd[1] = -7;
        CHECK_EQ(sys_pipe2((long)fd, bad[i]), -EINVAL);
        CHECK(fd[0] == -7 && fd[1] == -7);
    }
    mkpipe(fd, O_CLOEXEC);
    CHECK_EQ(sys_fcntl(fd[0], F_GETFD, 0), FD_CLOEXEC);
    CHECK_EQ(sys_fcntl(fd[1], F_GETFD, 0), FD_CLOEXEC);
    CHECK_EQ(sys_fcntl(fd[0], F_GETFL, 0), O_RDONLY);
    CHECK_EQ(sys_fcntl(fd[1], F_GETFL, 0), O_WRONLY);
    xclose(fd[0]);
    xclose(fd[1]);
    mkpipe(fd, 0);
    CHECK_EQ(sys_fcntl(fd[0], F_GETFD, 0), 0);
    CHECK_EQ(sys_fcntl(fd[1], F_GETFD, 0), 0);
    xclose(fd[0]);
    xclose(fd[1]);
}

/* efault: a bad fds leaves no descriptor behind; a bad buffer is EFAULT,
 * and a read that faults takes nothing out of the pipe. */
static void test_efault(void)
{
    char *two = (char *)sys_mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK((long)two > 0);
    CHECK_EQ(sys_munmap((long)two + 4096, 4096), 0);
    const long bad[] = { 0, 4096, (long)two + 4096 - 4, (long)test_efault, -8L, 1L << 47 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ(sys_pipe2(bad[i], 0), -EFAULT);
    int fd[2];
    mkpipe(fd, 0);
    CHECK(fd[0] == 3 && fd[1] == 4);   /* none was left open */
    CHECK_EQ(sys_write(fd[1], 0, 10), -EFAULT);
    CHECK_EQ(sys_write(fd[1], (long)two + 4096 - 3, 10), -EFAULT);   /* runs into the hole */
    int n = -1;
    CHECK_EQ(sys_ioctl(fd[0], FIONREAD, (long)&n), 0);
    CHECK_EQ(n, 0);
    xwrite(fd[1], "abc", 3);
    CHECK_EQ(sys_read(fd[0], 0, 3), -EFAULT);
    CHECK_EQ(sys_read(fd[0], (long)test_efault, 3), -EFAULT);
    CHECK_EQ(sys_read(fd[0], (long)buf, 10), 3);   /* still there */
    xclose(fd[0]);
    xclose(fd[1]);
    CHECK_EQ(sys_munmap((long)two, 4096), 0);
}

/* emfile: pipes until the table is full: EMFILE, with no descriptor taken
 * by the failed call (the one left free stays free), and every page back
 * once they are closed. */
static void test_emfile(void)
{
    static int fds[FILES_MAX];
    long before = page_count();
    int n = 0, fd[2];
    long r;
    while ((r = sys_pipe2((long)fd, 0)) == 0) {
        fds[n++] = fd[0];
        fds[n++] = fd[1];
        xwrite(fd[1], "x", 1);
    }
    CHECK_EQ(r, -EMFILE);
    CHECK_EQ(n, (FILES_MAX - 3) / 2 * 2);
    int spare = (int)sys_dup(0);     /* the one descriptor left */
    CHECK_EQ(spare, FILES_MAX - 1);
    CHECK_EQ(sys_pipe2((long)fd, 0), -EMFILE);
    xclose(spare);
    for (int i = 0; i < n; i++)
        xclose(fds[i]);
    CHECK_EQ(page_count(), before);
}

/* leak: pipes made, filled (the whole ring), closed with bytes still in
 * them, in either order: every page back. */
static void test_leak(void)
{
    int fd[2];
    long before = 0;
    for (int round = 0; round < 8; round++) {
        if (round == 1)
            before = page_count();   /* after a first round made the slabs */
        mkpipe(fd, O_NONBLOCK);
        CHECK_EQ(sys_write(fd[1], (long)buf, sizeof buf), PIPE_SIZE);
        xclose(fd[round % 2]);
        xclose(fd[1 - round % 2]);
    }
    CHECK_EQ(page_count(), before);
}

static const struct testrun_case tests[] = {
    { "basic", test_basic, NULL, 30, "descriptors, short reads, one way" },
    { "transfer", test_transfer, NULL, 120, "1 MiB parent to child" },
    { "eof", test_eof, NULL, 30, "end of file after the last writer" },
    { "epipe", test_epipe, NULL, 30, "EPIPE after the last reader" },
    { "nonblock", test_nonblock, NULL, 30, "O_NONBLOCK: EAGAIN both ways" },
    { "atomic", test_atomic, NULL, 120, "PIPE_BUF writes never interleave" },
    { "kill", test_kill, NULL, 30, "killed writers and sleepers" },
    { "fork", test_fork, NULL, 30, "descriptors inherited by fork" },
    { "flags", test_flags, NULL, 30, "pipe2's flags" },
    { "efault", test_efault, NULL, 30, "bad pointers" },
    { "emfile", test_emfile, NULL, 60, "a full descriptor table" },
    { "leak", test_leak, NULL, 30, "closed pipes give their pages back" },
};

static void settle(void)
{
    for (size_t i = 0; i < sizeof buf; i += 4096)
        ((volatile char *)buf)[i] = 0;
}

int main(int argc, char **argv)
{
    static const struct testrun runner = {
        .prog = "pipetest", .tests = tests, .ntests = (int)(sizeof tests / sizeof tests[0]),
        .sweep_grace = 5, .runner_setup = settle, .child_setup = settle,
    };
    return testrun_main(&runner, argc, argv);
}
