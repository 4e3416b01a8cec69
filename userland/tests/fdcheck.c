/* fdcheck -- a program for the descriptor tests (fstests) to exec: it
 * checks the descriptors it was started with and answers through its exit
 * status (0: all held; 1: something did not, with a line saying what).
 *
 *   fdcheck [CHECK]...
 *     open FD          FD is open and not close-on-exec (exec cleared none
 *                      it kept: only O_CLOEXEC ones go, and they go)
 *     closed FD        FD is not open (EBADF)
 *     pos FD OFF       FD's offset is OFF
 *     read FD TEXT     reading FD from its offset gives TEXT
 *     write FD TEXT    write TEXT to FD
 *     count N          N descriptors are open in all
 */
#ifdef FT_LINUX
#include "../bin/fstests/linux/host.h"
#else
#include "weensy.h"
#endif

static int failed;

static void bad(const char *what, const char *fd, const char *detail)
{
    printf("fdcheck: %s %s: %s\n", what, fd, detail);
    failed = 1;
}

static int count_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 256; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            n++;
    return n;
}

/* check: the check at argv[0]; how many arguments it took (0: unknown). */
static int check(char **argv, int left)
{
    const char *op = argv[0];
    int fd = left > 1 ? atoi(argv[1]) : -1;
    if (strcmp(op, "open") == 0 && left >= 2) {
        int f = fcntl(fd, F_GETFD);
        if (f < 0)
            bad("open", argv[1], strerror(errno));
        else if (f != 0)
            bad("open", argv[1], "close-on-exec is still set");
        return 2;
    }
    if (strcmp(op, "closed") == 0 && left >= 2) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            bad("closed", argv[1], "it is open");
        return 2;
    }
    if (strcmp(op, "pos") == 0 && left >= 3) {
        long pos = (long)lseek(fd, 0, SEEK_CUR);
        if (pos != atol(argv[2]))
            bad("pos", argv[1], "another offset");
        return 3;
    }
    if (strcmp(op, "read") == 0 && left >= 3) {
        char buf[128];
        size_t n = strlen(argv[2]);
        if (n > sizeof buf || read(fd, buf, n) != (ssize_t)n || memcmp(buf, argv[2], n) != 0)
            bad("read", argv[1], "other bytes");
        return 3;
    }
    if (strcmp(op, "write") == 0 && left >= 3) {
        size_t n = strlen(argv[2]);
        if (write(fd, argv[2], n) != (ssize_t)n)
            bad("write", argv[1], strerror(errno));
        return 3;
    }
    if (strcmp(op, "count") == 0 && left >= 2) {
        if (count_fds() != fd)
            bad("count", argv[1], "another number of descriptors is open");
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc;) {
        int used = check(argv + i, argc - i);
        if (used == 0) {
            printf("fdcheck: what is \"%s\"?\n", argv[i]);
            return 2;
        }
        i += used;
    }
    return failed;
}
