/* signals -- Linux signal semantics as a musl program sees them: handlers
 * with siginfo, masks and pending signals, SA_RESETHAND, SA_NODEFER, the
 * alternate stack, SIGSEGV caught and left by siglongjmp, SIGCHLD, SIGPIPE,
 * alarm and pause, EINTR from nanosleep, SA_RESTART on a pipe's read and
 * on waitpid, actions inherited by fork and then each side's own. Every line is the same on Linux (scripts/linux-check). */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits, depth, max_depth;
static volatile int got_signo, got_code, got_pid, got_status;
static volatile uintptr_t got_addr, got_local;
static sigjmp_buf jump;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        exit(1);
}

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, 0) != 0) {
        perror("sigaction");
        exit(1);
    }
}

static void record(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits++;
    got_signo = sig;
    got_code = si->si_code;
    got_pid = si->si_pid;
    got_status = si->si_status;
}

static void test_siginfo(void)
{
    on(SIGUSR1, record, 0);
    hits = 0;
    raise(SIGUSR1);
    check("raise: the handler ran once with SIGUSR1", hits == 1 && got_signo == SIGUSR1);
    check("raise: si_code SI_TKILL, si_pid is ours", got_code == SI_TKILL && got_pid == getpid());
    kill(getpid(), SIGUSR1);
    check("kill: si_code SI_USER, si_pid is ours", hits == 2 && got_code == SI_USER && got_pid == getpid());
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_signo = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    siglongjmp(jump, 1);
}

static void test_segv(void)
{
    on(SIGSEGV, on_segv, 0);
    char *page = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(jump, 1) == 0) {
        page[100] = 1;
        check("segv: the write went on", 0);
    }
    check("segv: write to a read-only page: SEGV_ACCERR at its address",
          got_signo == SIGSEGV && got_code == SEGV_ACCERR && got_addr == (uintptr_t)page + 100);
    if (sigsetjmp(jump, 1) == 0) {
        volatile uintptr_t bad = 24;
        (void)*(volatile int *)bad;
        check("segv: the read went on", 0);
    }
    check("segv: read of address 24: SEGV_MAPERR at 24", got_code == SEGV_MAPERR && got_addr == 24);
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    check("segv: siglongjmp put the mask back (SIGSEGV unblocked)", !sigismember(&now, SIGSEGV));
    munmap(page, 4096);
    signal(SIGSEGV, SIG_DFL);
}

static void test_mask(void)
{
    on(SIGUSR2, record, 0);
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, 0);
    hits = 0;
    raise(SIGUSR2);
    sigpending(&pend);
    check("mask: a blocked signal waits, pending", hits == 0 && sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &set, 0);
    sigpending(&pend);
    check("mask: unblocked, it is delivered once", hits == 1 && !sigismember(&pend, SIGUSR2));
    sigfillset(&set);
    sigprocmask(SIG_SETMASK, &set, 0);
    sigprocmask(SIG_SETMASK, 0, &set);
    check("mask: SIGKILL and SIGSTOP cannot be blocked", !sigismember(&set, SIGKILL) && !sigismember(&set, SIGSTOP));
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, 0);
    struct sigaction sa = { .sa_handler = SIG_IGN };
    check("mask: SIGKILL cannot be caught", sigaction(SIGKILL, &sa, 0) == -1 && errno == EINVAL);
}

static void test_resethand(void)
{
    on(SIGUSR1, record, SA_RESETHAND);
    hits = 0;
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, 0, &now);
    check("resethand: ran once, then the action is SIG_DFL", hits == 1 && now.sa_handler == SIG_DFL);
}

static void nest(int sig, siginfo_t *si, void *uc)
{
    (void)si, (void)uc;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    hits++;
    if (hits == 1)
        raise(sig);              /* again, from inside */
    depth--;
}

static void test_nodefer(void)
{
    on(SIGUSR1, nest, SA_NODEFER);
    hits = max_depth = 0;
    raise(SIGUSR1);
    check("nodefer: the second ran inside the first", hits == 2 && max_depth == 2);
    on(SIGUSR1, nest, 0);
    hits = max_depth = 0;
    raise(SIGUSR1);
    check("no nodefer: the second ran after the first", hits == 2 && max_depth == 1);
}

static void on_alt(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)si, (void)uc;
    volatile int local = 0;
    got_local = (uintptr_t)&local;
    stack_t now;
    sigaltstack(0, &now);
    got_status = now.ss_flags;
    got_addr = (uintptr_t)__builtin_frame_address(0);
}

static void test_altstack(void)
{
    static char stack[65536] __attribute__((aligned(16)));
    stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0 };
    check("altstack: set", sigaltstack(&ss, 0) == 0);
    on(SIGUSR2, on_alt, SA_ONSTACK);
    raise(SIGUSR2);
    uintptr_t lo = (uintptr_t)stack, hi = lo + sizeof stack;
    check("altstack: the handler ran on it", got_local >= lo && got_local < hi);
    check("altstack: sigaltstack in the handler says SS_ONSTACK", got_status == SS_ONSTACK);
    check("altstack: the handler's frame is 16-byte aligned", (got_addr & 15) == 0);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, 0);
    on(SIGUSR2, on_alt, SA_ONSTACK);
    raise(SIGUSR2);
    check("altstack: disabled, the handler runs on the usual stack", !(got_local >= lo && got_local < hi));
}

static void test_sigchld(void)
{
    on(SIGCHLD, record, 0);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, &old);
    hits = 0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    while (!hits)
        sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, 0);
    check("sigchld: the handler heard the child's end", got_signo == SIGCHLD && got_pid == pid);
    check("sigchld: CLD_EXITED, status 3", got_code == CLD_EXITED && got_status == 3);
    int status;
    check("sigchld: waitpid still reaps it", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);
    signal(SIGCHLD, SIG_DFL);
}

/* SIGCHLD ignored, or SA_NOCLDWAIT: children leave no zombie, and a
 * wait that finds none left fails with ECHILD once they have all ended. */
static void test_nocldwait(void)
{
    fflush(stdout);
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < 3; i++)
        if (fork() == 0)
            _exit(i);
    errno = 0;
    pid_t got = waitpid(-1, 0, 0);
    check("SIG_IGN SIGCHLD: no zombies, wait ends with ECHILD", got == -1 && errno == ECHILD);
    hits = 0;
    on(SIGCHLD, record, SA_NOCLDWAIT | SA_RESTART);
    pid_t pid = fork();
    if (pid == 0)
        _exit(4);
    errno = 0;
    got = waitpid(-1, 0, 0);
    check("SA_NOCLDWAIT: the handler hears the end, wait ends with ECHILD",
          got == -1 && errno == ECHILD && hits == 1 && got_pid == pid);
    signal(SIGCHLD, SIG_DFL);
}

/* fork: the child starts with the parent's actions (weensy shares them
 * until one side changes one); a change made afterwards by either side,
 * by sigaction or by taking a SA_RESETHAND handler, stays its own. */
static void test_fork_actions(void)
{
    on(SIGUSR1, record, SA_RESETHAND);
    signal(SIGUSR2, SIG_IGN);
    int go[2];
    check("fork actions: a pipe", pipe(go) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        struct sigaction now;
        int ok = read(go[0], &c, 1) == 1;    /* the parent has changed SIGUSR2 */
        sigaction(SIGUSR2, 0, &now);
        ok = ok && now.sa_handler == SIG_IGN;
        hits = 0;
        raise(SIGUSR1);                      /* the handler, then SIG_DFL here */
        sigaction(SIGUSR1, 0, &now);
        ok = ok && hits == 1 && now.sa_handler == SIG_DFL;
        signal(SIGUSR2, SIG_DFL);
        _exit(ok ? 0 : 1);
    }
    on(SIGUSR2, record, 0);
    int status = 0;
    check("fork actions: the child waited for the parent",
          write(go[1], "x", 1) == 1 && waitpid(pid, &status, 0) == pid);
    check("fork actions: the child kept its own", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct sigaction u1, u2;
    sigaction(SIGUSR1, 0, &u1);
    sigaction(SIGUSR2, 0, &u2);
    check("fork actions: the parent's are its own",
          u1.sa_sigaction == record && (u1.sa_flags & SA_RESETHAND) && u2.sa_sigaction == record);
    hits = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, 0, &u1);
    check("fork actions: the parent's handler, once", hits == 1 && u1.sa_handler == SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    close(go[0]);
    close(go[1]);
}

static void test_sigpipe(void)
{
    int fds[2];
    on(SIGPIPE, record, 0);
    hits = 0;
    pipe(fds);
    close(fds[0]);
    ssize_t n = write(fds[1], "x", 1);
    check("sigpipe: handled: the write fails with EPIPE", n == -1 && errno == EPIPE);
    check("sigpipe: handled: the handler ran", hits == 1 && got_signo == SIGPIPE);
    signal(SIGPIPE, SIG_IGN);
    n = write(fds[1], "x", 1);
    check("sigpipe: ignored: EPIPE, and we live", n == -1 && errno == EPIPE && hits == 1);
    close(fds[1]);
    signal(SIGPIPE, SIG_DFL);
}

static void test_alarm(void)
{
    on(SIGALRM, record, 0);
    hits = 0;
    alarm(1);
    int r = pause();
    check("alarm: pause returns -1 EINTR after the handler", r == -1 && errno == EINTR && hits == 1);
    check("alarm: SIGALRM", got_signo == SIGALRM);
    check("alarm: alarm(0) with none left returns 0", alarm(0) == 0);
    alarm(5);
    check("alarm: alarm(0) cancels one with about 5 s left", alarm(0) == 5);
}

static void arm(long usec)
{
    struct itimerval it = { .it_value = { usec / 1000000, usec % 1000000 } };
    setitimer(ITIMER_REAL, &it, 0);
}

static void test_nanosleep(void)
{
    on(SIGALRM, record, 0);
    hits = 0;
    arm(100000);
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    int r = nanosleep(&req, &rem);
    check("nanosleep: EINTR when a handler ran", r == -1 && errno == EINTR && hits == 1);
    check("nanosleep: rem says what was left", rem.tv_sec >= 3 && rem.tv_sec <= 4);
}

/* A child writes to the pipe after 400 ms; SIGALRM comes at 100 ms while
 * the parent reads. */
static ssize_t read_during_alarm(int flags, char *buf)
{
    int fds[2];
    pipe(fds);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(400000);
        write(fds[1], "late", 4);
        _exit(0);
    }
    on(SIGALRM, record, flags);
    hits = 0;
    arm(100000);
    ssize_t n = read(fds[0], buf, 4);
    int err = errno;
    waitpid(pid, 0, 0);
    close(fds[0]);
    close(fds[1]);
    errno = err;
    return n;
}

static void test_restart(void)
{
    char buf[8] = { 0 };
    ssize_t n = read_during_alarm(SA_RESTART, buf);
    check("restart: with SA_RESTART the read goes on and gets the data", n == 4 && memcmp(buf, "late", 4) == 0 && hits == 1);
    n = read_during_alarm(0, buf);
    check("restart: without it the read fails with EINTR", n == -1 && errno == EINTR && hits == 1);
}

static void test_waitpid_restart(void)
{
    on(SIGUSR1, record, SA_RESTART);
    hits = 0;
    fflush(stdout);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        kill(parent, SIGUSR1);
        usleep(200000);
        _exit(5);
    }
    int status = 0;
    pid_t got = waitpid(pid, &status, 0);
    check("waitpid: a handled SIGUSR1 meanwhile, then the child's status",
          got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5 && hits == 1 && got_signo == SIGUSR1);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    test_siginfo();
    test_segv();
    test_mask();
    test_resethand();
    test_nodefer();
    test_altstack();
    test_sigchld();
    test_nocldwait();
    test_fork_actions();
    test_sigpipe();
    test_alarm();
    test_nanosleep();
    test_restart();
    test_waitpid_restart();
    double x = 1.0;
    for (int i = 0; i < 10; i++)
        x = x * 1.5 + 0.25;
    printf("signals: all passed (%.4f)\n", x);
    return 0;
}
