/* usertests -- the user-side test suite of processes, system calls and
 * memory, in the style of xv6's usertests.
 *
 *   usertests              run every test in the table, in order
 *   usertests NAME...      run the named tests, in the order given
 *
 * Each test runs in a forked child (or, for the few that must be pid 1, in
 * the runner itself). The runner reaps it within the test's time limit,
 * kills and reaps anything the test left running, and then requires the
 * free-page count to be exactly what it was before the test. It prints
 *
 *   usertests: NAME ok
 *   usertests: NAME FAILED: reason
 *   usertests: N passed, M failed
 *
 * and returns 0 only if every test passed, so that as init it lets the
 * kernel run its own leak check (docs/testing.md). Tests are in the other
 * files of this folder; ut.h explains the rules they follow.
 */
#include "ut.h"

static const struct ut_test tests[] = {
    { "args", test_args, NULL, 10,
      "argv, envp, auxv and initial data as exec set them up" },
    { "faults", test_faults, NULL, 30,
      "bad accesses and instructions kill only the culprit" },
    { "regs", test_regs, NULL, 60,
      "system calls and interrupts keep the user's registers" },
    { "badargs", test_badargs, NULL, 30,
      "bad pointers, fds, lengths, numbers: exact errors" },
    { "sleep", test_sleep, NULL, 30, "nanosleep: errors and order" },
    { "page_alloc", test_page_alloc, NULL, 30,
      "page_alloc: errors, zero fill, replace, private frames" },
    { "oom", test_oom, NULL, 120,
      "page_alloc and fork when memory is exhausted" },
    { "forkoom", test_forkoom, NULL, 120,
      "fork failing at every point for lack of memory (low memory)" },
    { "fork", test_fork, NULL, 30,
      "fork: pids, private writable pages, shared code" },
    { "forkfull", test_forkfull, NULL, 60, "fork until the table is full" },
    { "exitwait", test_exitwait, NULL, 60,
      "exit statuses, wait4 by pid, WNOHANG, ECHILD, zombies" },
    { "orphan", NULL, test_orphan, 30,
      "orphans are re-parented to pid 1 and reaped by it" },
    { "kill", test_kill, NULL, 30,
      "kill: SIGKILL, SIGTERM, sig 0, errors, sleepers" },
    { "preempt", test_preempt, NULL, 60,
      "a spinning process does not stop the others" },
    { "stress", test_stress, NULL, 240,
      "hundreds of processes: fork, exit, kill, wait" },
    { "forkers", test_forkers, NULL, 120,
      "processes that fork, exit and wait all at once" },
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

static pid_t sweep_from;    /* first pid a test may have created */

/* probe_pid: the pid the next fork gets (pids are handed out in
 * increasing order), learnt by forking a child that exits at once. */
static pid_t probe_pid(void)
{
    long pid = sys_fork();
    if (pid == 0)
        sys_exit(0);
    if (pid > 0)
        sys_wait4(pid, 0, 0, 0);
    return (pid_t)pid;
}

/* reap_orphans: reap every child of the runner that has exited (orphans
 * the kernel re-parented to it). */
static void reap_orphans(void)
{
    while (sys_wait4(-1, 0, WNOHANG, 0) > 0)
        ;
}

/* sweep: kill every process a test left behind (any pid created since
 * sweep_from that still exists) and reap it. Returns how many there were
 * and lists the first few in `who`. */
static int sweep(char *who, size_t size)
{
    int found = 0;
    size_t len = 0;
    who[0] = 0;
    for (int round = 0; round < 20; round++) {
        reap_orphans();
        pid_t hi = probe_pid();
        if (hi <= 0)
            break;
        int n = 0;
        for (pid_t p = sweep_from; p < hi; p++) {
            if (p == ut_runner_pid || sys_kill(p, 0) != 0)
                continue;
            if (round == 0 && len + 12 < size)
                len += (size_t)snprintf(who + len, size - len, " %d", p);
            sys_kill(p, SIGKILL);
            n++;
        }
        if (round == 0)
            found = n;
        if (n == 0) {
            sweep_from = hi + 1;
            return found;
        }
        ut_msleep(20);  /* let the killed die, and their children re-parent */
    }
    return found;
}

/* wait_test: reap the test's process within limit_s seconds, polling, and
 * any orphans on the way; kills it on time-out. Returns 1 if it timed out,
 * with *status -1 if wait4 failed. */
static int wait_test(pid_t pid, int limit_s, int *status)
{
    for (long ms = 0; ms < limit_s * 1000L;) {
        int st = 0;
        long r = sys_wait4(-1, (long)&st, WNOHANG, 0);
        if (r == pid) {
            *status = st;
            return 0;
        }
        if (r < 0) {
            *status = -1;
            return 0;
        }
        if (r == 0) {       /* nothing has exited: wait a tick */
            sleep_ms(10);
            ms += 10;
        }
    }
    sys_kill(pid, SIGKILL);
    sys_wait4(pid, (long)status, 0, 0);
    return 1;
}

/* run_one: run test t; 1 if it passed. */
static int run_one(const struct ut_test *t)
{
    char reason[200] = "", who[80], s[32];
    long before = page_count();
    int status = 0, printed = 0;

    printf("usertests: %s: %s\n", t->name, t->what);
    ut_name = t->name;
    if (t->init_fn) {
        ut_test_pid = ut_runner_pid;
        if (t->init_fn() != 0)
            snprintf(reason, sizeof reason, "see above");
    } else {
        long pid = sys_fork();
        if (pid == 0) {
            ut_test_pid = getpid();
            t->fn();
            exit(0);
        }
        if (pid < 0) {
            snprintf(reason, sizeof reason, "fork failed: %ld", pid);
        } else if (wait_test((pid_t)pid, t->timeout_s, &status)) {
            snprintf(reason, sizeof reason, "timed out after %d s",
                     t->timeout_s);
        } else if (status == -1) {
            snprintf(reason, sizeof reason, "wait4(%ld) failed", pid);
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
            printed = 1;    /* the test printed its own FAILED line */
        } else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
            snprintf(reason, sizeof reason, "test process ended with %s",
                     ut_status(status, s));
        }
    }
    int left = sweep(who, sizeof who);
    long after = page_count();
    if (!reason[0] && left)
        snprintf(reason, sizeof reason, "left %d processes running:%s", left,
                 who);
    if (!reason[0] && !printed && after != before)
        snprintf(reason, sizeof reason,
                 "free pages %ld before, %ld after (%+ld)", before, after,
                 after - before);
    mm_check();
    if (reason[0])
        printf("usertests: %s FAILED: %s\n", t->name, reason);
    else if (!printed)
        printf("usertests: %s ok\n", t->name);
    return !reason[0] && !printed;
}

static const struct ut_test *find_test(const char *name)
{
    for (int i = 0; i < NTESTS; i++)
        if (strcmp(tests[i].name, name) == 0)
            return &tests[i];
    return NULL;
}

int main(int argc, char **argv, char **envp)
{
    int passed = 0, failed = 0;

    ut_argc = argc;
    ut_argv = argv;
    ut_envp = envp;

    ut_runner_pid = getpid();
    ut_test_pid = ut_runner_pid;
    printf("usertests: pid %d, %ld free pages\n", ut_runner_pid, page_count());
    sweep_from = probe_pid();
    if (argc <= 1) {
        for (int i = 0; i < NTESTS; i++)
            run_one(&tests[i]) ? passed++ : failed++;
    }
    for (int i = 1; i < argc; i++) {
        const struct ut_test *t = find_test(argv[i]);
        if (t) {
            run_one(t) ? passed++ : failed++;
        } else {
            printf("usertests: %s FAILED: no such test\n", argv[i]);
            failed++;
        }
    }
    printf("usertests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
