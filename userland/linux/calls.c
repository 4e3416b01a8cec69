/* calls -- the calls programs make at start-up and in common use, each
 * printed as a property that holds on Linux and on weensy alike (the
 * values themselves differ: node names, times, ids). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    int r = uname(&u);
    printf("uname: %d, sysname %s, machine %s, release starts with a digit: %s\n", r, u.sysname, u.machine,
           u.release[0] >= '0' && u.release[0] <= '9' ? "yes" : "no");
    unsigned char a[16], b[16];
    long na = getrandom(a, sizeof a, 0), nb = getrandom(b, sizeof b, GRND_NONBLOCK);
    printf("getrandom: %ld and %ld bytes, different: %s; bad flags: %s\n", na, nb,
           memcmp(a, b, sizeof a) ? "yes" : "no", getrandom(a, 1, 0x100) < 0 && errno == EINVAL ? "EINVAL" : "?");
    printf("ids: uid = euid %s, gid = egid %s, setuid(own uid) %d\n", getuid() == geteuid() ? "yes" : "no",
           getgid() == getegid() ? "yes" : "no", setuid(getuid()));
    char name[16] = "";
    prctl(PR_SET_NAME, "renamed-calls", 0, 0, 0);
    prctl(PR_GET_NAME, name, 0, 0, 0);
    printf("prctl: the name is now %s\n", name);
    time_t t = time(NULL);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("time: time() and gettimeofday agree: %s, microseconds < 1e6: %s\n",
           tv.tv_sec - t >= 0 && tv.tv_sec - t <= 1 ? "yes" : "no", tv.tv_usec < 1000000 ? "yes" : "no");
    pid_t c = fork();
    if (c == 0)
        _exit(3);
    int st;
    pid_t w = waitpid(-1, &st, WUNTRACED);
    printf("waitpid(-1, WUNTRACED): the child, exited with %d\n", w == c && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    c = fork();
    if (c == 0) {
        setpgid(0, 0);
        _exit(4);
    }
    setpgid(c, c);
    w = waitpid(-c, &st, 0);
    printf("waitpid(-pgid): the child in its own group, exited with %d\n", w == c ? WEXITSTATUS(st) : -1);
    int fd[2];
    pipe(fd);
    struct pollfd pf = { fd[0], POLLIN, 0 };
    int r0 = poll(&pf, 1, 0);
    c = fork();
    if (c == 0) {
        struct timespec d = { 0, 50 * 1000 * 1000 };
        nanosleep(&d, NULL);
        write(fd[1], "x", 1);
        _exit(0);
    }
    int r1 = poll(&pf, 1, -1);
    printf("poll: empty pipe %d; a child's write 50 ms later wakes it: %d, revents %#x\n", r0, r1, pf.revents);
    char ch;
    read(fd[0], &ch, 1);
    waitpid(c, &st, 0);
    close(fd[1]);
    struct timespec wait20 = { 0, 20 * 1000 * 1000 };
    pf.revents = 0;
    int r2 = ppoll(&pf, 1, &wait20, NULL);
    struct pollfd pw = { fd[0], POLLOUT, 0 }, bad = { 999, POLLIN, 0 };
    int r3 = poll(&bad, 1, 0);
    printf("ppoll: every writer gone: %d, revents %#x; a closed descriptor: %d, revents %#x\n", r2, pf.revents,
           r3, bad.revents);
    (void)pw;
    int fe[2];
    pipe(fe);
    struct pollfd pe = { fe[0], POLLIN, 0 };
    r2 = ppoll(&pe, 1, &wait20, NULL);
    printf("ppoll: 20 ms on an empty pipe: %d\n", r2);
    return 0;
}
