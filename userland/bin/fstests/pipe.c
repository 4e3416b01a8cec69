/* pipe.c -- pipe and pipe2 through the descriptor calls: the two ends,
 * end of file, a write with no reader, the flags, and a transfer larger
 * than the buffer between two processes. */
#include "ft.h"

void test_pipe(void)
{
    int p[2];
    char buf[16];
    OK(pipe(p));
    CHECK(p[0] != p[1]);
    CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_EQ(fcntl(p[0], F_GETFD), 0);
    CHECK_EQ(write(p[1], "hello", 5), 5);
    CHECK_EQ(read(p[0], buf, 3), 3);
    CHECK_MEM(buf, "hel", 3);
    ERR(read(p[1], buf, 1), EBADF);
    ERR(write(p[0], "x", 1), EBADF);
    /* Once the writer is gone, what is left, then end of file. */
    OK(close(p[1]));
    CHECK_EQ(read(p[0], buf, sizeof buf), 2);
    CHECK_MEM(buf, "lo", 2);
    CHECK_EQ(read(p[0], buf, sizeof buf), 0);
    OK(close(p[0]));
    /* With no reader, a write kills the writer with SIGPIPE. */
    OK(pipe(p));
    OK(close(p[0]));
    pid_t pid = FORK();
    if (pid == 0) {
        (void)write(p[1], "x", 1);
        exit(0);
    }
    EXPECT_SIGNAL(pid, SIGPIPE);
    OK(close(p[1]));
    /* pipe2: O_CLOEXEC on both ends, O_NONBLOCK's EAGAIN; nothing else. */
    OK(pipe2(p, O_CLOEXEC | O_NONBLOCK));
    CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
    CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
    CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
    ERR(read(p[0], buf, 1), EAGAIN);
    OK(close(p[0]));
    OK(close(p[1]));
    ERR(pipe2(p, O_APPEND), EINVAL);
    ERR(pipe2(p, 0x1), EINVAL);
    /* 200000 bytes, more than the buffer, from a child, intact. */
    enum { TOTAL = 200000 };
    char *data = OKP(malloc(TOTAL)), *got = OKP(malloc(TOTAL));
    ft_pattern(data, TOTAL, 5);
    OK(pipe(p));
    pid = FORK();
    if (pid == 0) {
        OK(close(p[0]));
        for (size_t done = 0; done < TOTAL;) {
            size_t n = TOTAL - done < 7000 ? TOTAL - done : 7000;
            CHECK_EQ(write(p[1], data + done, n), n);
            done += n;
        }
        exit(0);
    }
    OK(close(p[1]));
    size_t done = 0;
    ssize_t n;
    while ((n = OK(read(p[0], got + done, TOTAL - done + 1 > 5000 ? 5000 : TOTAL - done + 1))) > 0)
        done += (size_t)n;
    CHECK_EQ(done, TOTAL);
    CHECK_MEM(got, data, TOTAL);
    EXPECT_EXIT(pid, 0);
    OK(close(p[0]));
    free(data);
    free(got);
}
