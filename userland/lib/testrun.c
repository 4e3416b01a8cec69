/* testrun.c -- the test runner shared by usertests and vmtests (see
 * testrun.h). */
#include "weensy.h"
#include "testrun.h"

const char *testrun_prog = "?";
const char *testrun_name = "?";
const char *testrun_arg;
pid_t testrun_runner_pid;
pid_t testrun_test_pid;

static pid_t sweep_from;    /* first pid a test may have created */

/* ---- reports ------------------------------------------------------------ */

noreturn void testrun_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[320];
    int n;
    if (getpid() == testrun_test_pid)
        n = snprintf(msg, sizeof msg, "%s: %s FAILED: %s:%d: ", testrun_prog, testrun_name, file, line);
    else
        n = snprintf(msg, sizeof msg, "%s: %s FAILED: (pid %d) %s:%d: ", testrun_prog, testrun_name,
                     getpid(), file, line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof msg - 2)
        n += vsnprintf(msg + n, sizeof msg - 1 - (size_t)n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof msg - 2)
        n = (int)sizeof msg - 2;
    msg[n++] = '\n';
    sys_write(STDOUT_FILENO, (long)msg, n);     /* one write: one line */
    sys_exit_group(1);                          /* every thread of the test */
    for (;;)
        ;
}

static const char *const errnames[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
    [EINTR] = "EINTR", [EIO] = "EIO", [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES",
    [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
    [EINVAL] = "EINVAL", [ENOSPC] = "ENOSPC", [ERANGE] = "ERANGE",
    [ENOSYS] = "ENOSYS", [EIDRM] = "EIDRM", [ETIMEDOUT] = "ETIMEDOUT",
};

const char *testrun_val(long v, char buf[48])
{
    long e = -v;
    if (e > 0 && e < (long)(sizeof errnames / sizeof errnames[0]) && errnames[e])
        snprintf(buf, 48, "%ld (-%s)", v, errnames[e]);
    else if (v > 9 || v < -9)
        snprintf(buf, 48, "%ld (0x%lx)", v, v);
    else
        snprintf(buf, 48, "%ld", v);
    return buf;
}

const char *testrun_status(int status, char buf[32])
{
    if (WIFEXITED(status))
        snprintf(buf, 32, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, 32, "signal %d", WTERMSIG(status));
    else
        snprintf(buf, 32, "status 0x%x", status);
    return buf;
}

void testrun_check_eq(const char *file, int line, const char *expr, long got, long want)
{
    char g[48], w[48];
    if (got != want)
        testrun_fail(file, line, "%s: got %s, want %s", expr, testrun_val(got, g), testrun_val(want, w));
}

/* ---- process helpers for tests ------------------------------------------ */

pid_t testrun_fork(const char *file, int line)
{
    char v[48];
    long r = sys_fork();
    if (r < 0)
        testrun_fail(file, line, "fork: %s", testrun_val(r, v));
    return (pid_t)r;
}

int testrun_wait(const char *file, int line, pid_t pid)
{
    char v[48];
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        testrun_fail(file, line, "wait4(%d): got %s", pid, testrun_val(r, v));
    return status;
}

void testrun_expect(const char *file, int line, pid_t pid, int exited, int value)
{
    char s[32];
    int status = testrun_wait(file, line, pid);
    if (exited && !(WIFEXITED(status) && WEXITSTATUS(status) == value))
        testrun_fail(file, line, "pid %d: %s, want exit %d", pid, testrun_status(status, s), value);
    if (!exited && !(WIFSIGNALED(status) && WTERMSIG(status) == value))
        testrun_fail(file, line, "pid %d: %s, want signal %d", pid, testrun_status(status, s), value);
}

void testrun_msleep(unsigned ms)
{
    char v[48];
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    long r = sys_nanosleep((long)&ts, 0);
    if (r != 0)
        FAIL("nanosleep(%u ms): %s", ms, testrun_val(r, v));
}

/* ---- the runner --------------------------------------------------------- */

/* probe_pid: the pid the next fork gets (pids are handed out in increasing
 * order), learnt by forking a child that exits at once. */
static pid_t probe_pid(void)
{
    long pid = sys_fork();
    if (pid == 0)
        sys_exit(0);
    if (pid > 0)
        sys_wait4(pid, 0, 0, 0);
    return (pid_t)pid;
}

/* reap_orphans: reap every exited child of the runner (orphans the kernel
 * re-parented to it when it is init). */
static void reap_orphans(void)
{
    while (sys_wait4(-1, 0, WNOHANG, 0) > 0)
        ;
}

/* sweep: kill every process a test left behind (any pid created since
 * sweep_from that still exists, after `grace` rounds to exit on its own)
 * and reap it. Returns how many there were, the first few listed in who. */
static int sweep(int grace, char *who, size_t size)
{
    int found = 0;
    size_t len = 0;
    who[0] = 0;
    for (int round = 0; round < grace + 45; round++) {
        reap_orphans();
        pid_t hi = probe_pid();
        if (hi <= 0)
            break;
        int n = 0;
        for (pid_t p = sweep_from; p < hi; p++) {
            if (p == testrun_runner_pid || sys_kill(p, 0) != 0)
                continue;
            if (round >= grace && len + 12 < size)
                len += (size_t)snprintf(who + len, size - len, " %d", p);
            if (round >= grace)
                sys_kill(p, SIGKILL);
            n++;
        }
        if (round >= grace && found == 0)
            found = n;
        if (n == 0) {
            sweep_from = hi + 1;
            return found;
        }
        sleep_ms(20);   /* let the killed die, and their children re-parent */
    }
    return found;
}

/* wait_test: reap the test's process within limit_s seconds, polling, and
 * any orphans on the way; kill it on time-out. Once through the loop, the
 * test may start (go, test_start). Returns 1 if it timed out, with
 * *status -1 if wait4 failed. */
static int wait_test(pid_t pid, int limit_s, int *status, int go)
{
    int timed_out = 1;
    for (long ms = 0; ms < limit_s * 1000L;) {
        int st = 0;
        long r = sys_wait4(-1, (long)&st, WNOHANG, 0);
        if (r == pid || r < 0) {
            *status = r < 0 ? -1 : st;
            timed_out = 0;
            break;
        }
        if (r == 0) {           /* nothing has exited: wait a tick */
            unsigned tick = go >= 0 ? 1 : 10;
            sleep_ms(tick);
            ms += tick;
        }
        if (go >= 0) {          /* once through: the test may start */
            sys_close(go);
            go = -1;
        }
    }
    if (go >= 0)
        sys_close(go);
    if (timed_out) {
        sys_kill(pid, SIGKILL);
        sys_wait4(pid, (long)status, 0, 0);
    }
    return timed_out;
}

/* test_start: in the test's process, wait for the runner's go.
 *
 * Why: the runner's first writes after the fork copy its pages (copy-on-
 * write) while the test runs, and such a copy, made after a test counted
 * its free pages or raced by the test's own copy of the same page (both
 * copy, and the original goes with the later one), moved the count under
 * the test's feet: the leak check inside fstests saw a page too many
 * about once in ten runs at -smp 2. The runner gives the go once it has
 * been through its waiting loop, and so holds its own copy of every page
 * that loop writes; from then on, until the test ends, it takes no page.
 * The go is the runner's close of its end (the read sees the end of the
 * file): no byte is written, so the pipe never takes a page (at mem=2M a
 * page more during every test left vm.oom.2M's test without the page its
 * own stack needed), and the test's close of the read end, the last,
 * frees the pipe before the test counts anything. */
static void test_start(int go)
{
    char c;
    while (sys_read(go, (long)&c, 1) > 0)
        ;
    sys_close(go);
}

/* run_test: run t (in a child, or in the runner); the reason it failed in
 * `reason` (empty if it passed or printed its own FAILED line). */
static void run_test(const struct testrun *r, const struct testrun_case *t, char *reason,
                     size_t size, int *printed)
{
    char s[32];
    int status = 0;
    if (t->init_fn) {
        testrun_test_pid = testrun_runner_pid;
        if (t->init_fn() != 0)
            snprintf(reason, size, "see above");
        return;
    }
    int go[2];
    if (pipe2(go, O_CLOEXEC) < 0) {
        snprintf(reason, size, "pipe2 failed");
        return;
    }
    long pid = sys_fork();
    if (pid == 0) {
        sys_close(go[1]);
        test_start(go[0]);
        testrun_test_pid = (pid_t)sys_getpid();
        if (r->child_setup)
            r->child_setup();
        t->fn();
        exit(0);
    }
    sys_close(go[0]);
    int timed_out = 0;
    if (pid > 0)
        timed_out = wait_test((pid_t)pid, t->timeout_s, &status, go[1]);
    else
        sys_close(go[1]);
    if (pid < 0)
        snprintf(reason, size, "fork failed: %ld", pid);
    else if (timed_out)
        snprintf(reason, size, "timed out after %d s", t->timeout_s);
    else if (status == -1)
        snprintf(reason, size, "wait4(%ld) failed", pid);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
        *printed = 1;           /* the test printed its own FAILED line */
    else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        snprintf(reason, size, "test process ended with %s", testrun_status(status, s));
}

/* free_pages: free pages plus those the kernel's program cache keeps: a
 * program's first run loads its read-only pages into the cache for good
 * (the kernel's own shutdown check counts the same way). */
static long free_pages(void)
{
    struct weensy_meminfo m;
    if (meminfo(&m) == 0)
        return (long)(m.free + m.program_cache);
    return page_count();
}

/* swap_present: with a swap device, free pages also move because the
 * runner's own pages go out and come back (docs/swap.md), so a test's
 * before and after are not compared; the kernel's end-of-run check still
 * finds any page or slot not given back. */
static bool swap_present(void)
{
    struct weensy_meminfo m;
    return meminfo(&m) == 0 && m.swap_total > 0;
}

/* run_one: run test t and report it; 1 if it passed. */
static int run_one(const struct testrun *r, const struct testrun_case *t)
{
    char reason[200] = "", who[80];
    int printed = 0;
    testrun_name = t->name;
    printf("%s: %s: %s\n", r->prog, t->name, t->what);
    long before = free_pages();
    run_test(r, t, reason, sizeof reason, &printed);
    int left = sweep(r->sweep_grace, who, sizeof who);
    long after = free_pages();
    if (!reason[0] && left)
        snprintf(reason, sizeof reason, "left %d processes running:%s", left, who);
    if (!reason[0] && !printed && after != before && !swap_present())
        snprintf(reason, sizeof reason, "free pages %ld before, %ld after (change %+ld)", before,
                 after, after - before);
    mm_check();
    if (reason[0])
        printf("%s: %s FAILED: %s\n", r->prog, t->name, reason);
    else if (!printed)
        printf("%s: %s ok\n", r->prog, t->name);
    return !reason[0] && !printed;
}

/* find_test: the test "NAME" or "NAME:ARG" names, in either table
 * (testrun_arg becomes ARG, or NULL); NULL if none. */
static const struct testrun_case *find_test(const struct testrun *r, const char *arg)
{
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
    testrun_arg = colon ? colon + 1 : NULL;
    for (int i = 0; i < r->ntests + r->nnamed; i++) {
        const struct testrun_case *t = i < r->ntests ? &r->tests[i] : &r->named[i - r->ntests];
        if (strlen(t->name) == len && strncmp(t->name, arg, len) == 0)
            return t;
    }
    return NULL;
}

int testrun_main(const struct testrun *r, int argc, char **argv)
{
    int passed = 0, failed = 0;
    testrun_prog = r->prog;
    testrun_runner_pid = getpid();
    testrun_test_pid = testrun_runner_pid;
    if (r->runner_setup)
        r->runner_setup();
    printf("%s: pid %d, %ld free pages\n", r->prog, testrun_runner_pid, page_count());
    if (testrun_runner_pid != 1)
        printf("%s: not init: orphans will not come back to me\n", r->prog);
    sweep_from = probe_pid();
    if (argc <= 1)
        for (int i = 0; i < r->ntests; i++)
            run_one(r, &r->tests[i]) ? passed++ : failed++;
    for (int i = 1; i < argc; i++) {
        const struct testrun_case *t = find_test(r, argv[i]);
        if (t) {
            run_one(r, t) ? passed++ : failed++;
        } else {
            printf("%s: %s FAILED: no such test\n", r->prog, argv[i]);
            failed++;
        }
    }
    printf("%s: %d passed, %d failed\n", r->prog, passed, failed);
    return failed == 0 ? 0 : 1;
}
