/* kill.c -- kill (the signals that end a process by default, those it
 * ignores, sig 0, the errors, killing sleepers, zombies and oneself), nanosleep (errors, order of wake-ups) and
 * preemption (a spinning process does not stop the others). */
#include <limits.h>
#include "ut.h"

static pid_t spinner(void)
{
    pid_t pid = FORK();
    if (pid == 0)
        ut_spin_forever();
    return pid;
}

/* check_kill_ends: sig ends a spinning child, whose status says so. */
static void check_kill_ends(int sig)
{
    pid_t pid = spinner();
    testrun_msleep(20);
    CHECK_EQ(sys_kill(pid, 0), 0);
    CHECK_EQ(sys_kill(pid, sig), 0);
    EXPECT_SIGNAL(pid, sig);
    CHECK_EQ(sys_kill(pid, 0), -ESRCH);
    CHECK_EQ(sys_kill(pid, sig), -ESRCH);
}

static void check_errors(void)
{
    pid_t pid = spinner();
    CHECK_EQ(sys_kill(INT_MIN, SIGKILL), -ESRCH);   /* -INT_MIN is no group */
    CHECK_EQ(sys_kill(INT_MIN, 0), -ESRCH);
    CHECK_EQ(sys_kill(-99999, 0), -ESRCH);           /* no such group */
    CHECK_EQ(sys_kill(0, 0), 0);                     /* our own group */
    CHECK_EQ(sys_kill(-1, 0), 0);                    /* everyone else */
    /* Out of range, and the stop signals weensy cannot carry out. */
    static const long bad_sigs[] = { 65, 99, -1, -9, 128, INT_MAX, INT_MIN,
                                     SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
    for (size_t i = 0; i < sizeof bad_sigs / sizeof bad_sigs[0]; i++) {
        char v[48];
        long r = sys_kill(pid, bad_sigs[i]);
        if (r != -EINVAL)
            FAIL("kill(child, %ld): got %s, want -EINVAL", bad_sigs[i],
                 testrun_val(r, v));
    }
    /* Ignored by default: accepted, and nothing happens. */
    static const long ignored[] = { SIGCHLD, SIGCONT, SIGURG, SIGWINCH };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        CHECK_EQ(sys_kill(pid, ignored[i]), 0);
    CHECK_EQ(sys_kill(99999, SIGKILL), -ESRCH);
    CHECK_EQ(sys_kill(99999, 0), -ESRCH);
    CHECK_EQ(sys_kill(1, SIGTERM), -EPERM);
    CHECK_EQ(sys_kill(1, SIGKILL), -EPERM);
    /* None of that touched the child. */
    testrun_msleep(20);
    int status;
    CHECK_EQ(sys_wait4(pid, (long)&status, WNOHANG, 0), 0);
    CHECK_EQ(sys_kill(pid, SIGKILL), 0);
    CHECK_EQ(sys_kill(pid, SIGKILL), 0);    /* dying, or a zombie: fine */
    EXPECT_SIGNAL(pid, SIGKILL);
}

/* check_zombie_kill: killing a zombie returns 0 and leaves its status. */
static void check_zombie_kill(void)
{
    long before = page_count();
    pid_t pid = FORK();
    if (pid == 0)
        exit(7);
    CHECK(ut_zombie_pages(before) <= (long)KSTACK_PAGES);
    CHECK_EQ(sys_kill(pid, SIGKILL), 0);
    CHECK_EQ(sys_kill(pid, SIGTERM), 0);
    EXPECT_EXIT(pid, 7);
}

/* check_blocked: a child blocked in nanosleep (10 s) or in read() on the
 * console (no input comes) ends at once when killed. */
static void check_blocked(void)
{
    for (int how = 0; how < 2; how++) {
        pid_t pid = FORK();
        if (pid == 0) {
            char c;
            if (how == 0)
                sys_nanosleep((long)&(struct timespec){ 10, 0 }, 0);
            else
                sys_read(0, (long)&c, 1);
            exit(51);
        }
        testrun_msleep(50);
        int status;
        CHECK_EQ(sys_wait4(pid, (long)&status, WNOHANG, 0), 0);
        CHECK_EQ(sys_kill(pid, how ? SIGTERM : SIGKILL), 0);
        if (!ut_reap_within(pid, 1000, &status))
            FAIL("killed child (blocked in %s) still there after 1 s",
                 how ? "read" : "nanosleep");
        CHECK(WIFSIGNALED(status) &&
              WTERMSIG(status) == (how ? SIGTERM : SIGKILL));
    }
}

/* check_self: a process may kill itself; it does not come back. */
static void check_self(void)
{
    int sigs[2] = { SIGKILL, SIGTERM };
    for (int i = 0; i < 2; i++) {
        pid_t pid = FORK();
        if (pid == 0) {
            sys_kill(getpid(), sigs[i]);
            for (int n = 0; n < 100; n++)
                sched_yield();
            exit(60);
        }
        EXPECT_SIGNAL(pid, sigs[i]);
    }
}

void test_kill(void)
{
    static const int ending[] = { SIGKILL, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM, 64 };
    for (size_t i = 0; i < sizeof ending / sizeof ending[0]; i++)
        check_kill_ends(ending[i]);
    check_errors();
    check_zombie_kill();
    check_blocked();
    check_self();
}

/* test_sleep: nanosleep's errors; sleeps end in the order of their length;
 * a long sleep is long compared with short ones. */
void test_sleep(void)
{
    static const struct timespec bad[] = {
        { -1, 0 }, { 0, -1 }, { 0, 1000000000 }, { 0, 0x7fffffffffffffffL },
        { (long)0x8000000000000000UL, 0 }, { 1, -500 }, { -1, 999999999 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ(sys_nanosleep((long)&bad[i], 0), -EINVAL);
    struct timespec rem = { 5, 5 };
    CHECK_EQ(sys_nanosleep((long)&(struct timespec){ 0, 0 }, 0), 0);
    CHECK_EQ(sys_nanosleep((long)&(struct timespec){ 0, 50000000 }, 0), 0);
    CHECK_EQ(sys_nanosleep((long)&(struct timespec){ 0, 1 }, (long)&rem), 0);
    CHECK_EQ(sys_nanosleep((long)&(struct timespec){ 0, 999999999 }, 0), 0);
    CHECK_EQ(sleep_ms(20), 0);

    /* Wake-up order: 0 ms, 150 ms, 600 ms, started in reverse. */
    static const int ms[3] = { 600, 150, 0 };
    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        pids[i] = FORK();
        if (pids[i] == 0) {
            testrun_msleep(ms[i]);
            exit(i);
        }
    }
    for (int i = 2; i >= 0; i--) {
        int status = 0;
        long r = sys_wait4(-1, (long)&status, 0, 0);
        if (r != pids[i])
            FAIL("wait4(-1) returned %ld, want the %d ms sleeper %d", r,
                 ms[i], pids[i]);
        CHECK_EQ(status, W_EXITCODE(i));
    }

    /* A 400 ms sleeper outlasts several of our 20 ms sleeps. */
    pid_t pid = FORK();
    if (pid == 0) {
        testrun_msleep(400);
        exit(0);
    }
    int naps = 0, status;
    while (!ut_reap_within(pid, 0, &status)) {
        testrun_msleep(20);
        if (++naps > 200)
            FAIL("a 400 ms sleep outlasted 200 sleeps of 20 ms");
    }
    if (naps < 4)       /* 20 when idle; fewer if the host starves QEMU */
        FAIL("a 400 ms sleep ended after %d sleeps of 20 ms", naps);
    CHECK_EQ(status, W_EXITCODE(0));
}

/* test_preempt: two children spin in user mode and never make a system
 * call; a third counts to a number and exits; we sleep and are woken. */
void test_preempt(void)
{
    pid_t s1 = spinner(), s2 = spinner();
    testrun_msleep(50);
    pid_t counter = FORK();
    if (counter == 0) {
        ut_spin_loop(20000000);
        exit(42);
    }
    for (int i = 0; i < 5; i++)
        testrun_msleep(10);
    CHECK_EQ(getpid(), testrun_test_pid);
    EXPECT_EXIT(counter, 42);
    int status;
    CHECK_EQ(sys_wait4(s1, (long)&status, WNOHANG, 0), 0);
    CHECK_EQ(sys_kill(s1, SIGKILL), 0);
    CHECK_EQ(sys_kill(s2, SIGKILL), 0);
    EXPECT_SIGNAL(s1, SIGKILL);
    EXPECT_SIGNAL(s2, SIGKILL);
}
