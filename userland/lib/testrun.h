/* testrun.h -- the runner and the reports shared by weensy's user test
 * programs (usertests, vmtests), in the style of xv6's usertests.
 *
 *   PROG              run every test of the main table, in order
 *   PROG NAME...      run the named tests (from either table), in that
 *                     order; NAME:ARG hands ARG to the test (testrun_arg)
 *
 * Each test runs in a forked child (or, if it must be pid 1, in the runner
 * itself), so a crash ends only that test. The runner reaps it within its
 * time limit, kills and reaps anything it left running, runs mm_check, and
 * requires the free-page count (plus the pages the program cache keeps for
 * programs run for the first time) to be exactly what it was before. It prints
 *
 *   PROG: NAME ok
 *   PROG: NAME FAILED: reason
 *   PROG: N passed, M failed
 *
 * and returns 0 only if every test passed, so that as init it lets the
 * kernel run its own leak check (docs/testing.md).
 */
#ifndef USER_TESTRUN_H
#define USER_TESTRUN_H
#include <stdnoreturn.h>
#include "unistd.h"

struct testrun_case {
    const char *name;
    void (*fn)(void);       /* runs in a forked child; passes by returning */
    int (*init_fn)(void);   /* or: runs in the runner itself (it needs to be
                               pid 1); returns 0 to pass */
    int timeout_s;
    const char *what;
};

struct testrun {
    const char *prog;                         /* the name lines start with */
    const struct testrun_case *tests;         /* run when none is named */
    int ntests;
    const struct testrun_case *named;         /* run only when named */
    int nnamed;
    /* Rounds of 20 ms that processes a test left behind get to exit on
     * their own (orphans still dying) before they are killed and counted. */
    int sweep_grace;
    void (*runner_setup)(void);               /* once, in the runner */
    void (*child_setup)(void);                /* in each test's process */
};

extern const char *testrun_prog;   /* the program's name */
extern const char *testrun_name;   /* the running test */
extern const char *testrun_arg;    /* "NAME:ARG" on the command line: ARG */
extern pid_t testrun_runner_pid;   /* the runner; 1 when it is init */
extern pid_t testrun_test_pid;     /* the test's own process */

int testrun_main(const struct testrun *r, int argc, char **argv);

/* testrun_fail: "PROG: NAME FAILED: file:line: message" in one write
 * (naming the pid when it is not the test's own process), then exit(1). */
noreturn void testrun_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void testrun_check_eq(const char *file, int line, const char *expr, long got, long want);
/* testrun_val: v as text, with the errno name for -E... ("-14 (-EFAULT)"). */
const char *testrun_val(long v, char buf[48]);
/* testrun_status: a wait status as text ("exit 3", "signal 9"). */
const char *testrun_status(int status, char buf[32]);

/* Checks for tests: each failure prints both sides and ends the process
 * with exit status 1 (in a grandchild too: its parent sees the 1). */
#define FAIL(...) testrun_fail(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK(c)                                                   \
    do {                                                           \
        if (!(c))                                                  \
            testrun_fail(__FILE__, __LINE__, "CHECK(%s)", #c);     \
    } while (0)
#define CHECK_EQ(got, want) \
    testrun_check_eq(__FILE__, __LINE__, #got, (long)(got), (long)(want))

/* FORK(): sys_fork(), failing the test if it fails. */
#define FORK() testrun_fork(__FILE__, __LINE__)
pid_t testrun_fork(const char *file, int line);
/* WAIT(pid): reap pid (blocking), fail unless wait4 returns pid; the status. */
#define WAIT(pid) testrun_wait(__FILE__, __LINE__, (pid))
int testrun_wait(const char *file, int line, pid_t pid);
/* EXPECT_EXIT / EXPECT_SIGNAL: reap pid and check how it ended. */
#define EXPECT_EXIT(pid, code) testrun_expect(__FILE__, __LINE__, (pid), 1, (code))
#define EXPECT_SIGNAL(pid, sig) testrun_expect(__FILE__, __LINE__, (pid), 0, (sig))
void testrun_expect(const char *file, int line, pid_t pid, int exited, int value);
/* testrun_msleep: sleep ms milliseconds; fail the test if nanosleep does. */
void testrun_msleep(unsigned ms);
#endif
