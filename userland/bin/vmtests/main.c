/* vmtests -- user-side tests of virtual memory: areas, demand paging,
 * copy-on-write fork, mmap/munmap/mprotect/brk, System V shared memory and
 * the growing stack (docs/vm.md has the contract they check).
 *
 *   vmtests              run every test in the table, in order
 *   vmtests NAME...      run the named tests, in the order given
 *
 * Each test runs in a forked child. The runner reaps it within the test's
 * time limit, kills and reaps anything it left running (orphans come back
 * to the runner when it is init, as in every ctest entry), and then
 * requires the free-page count to be exactly what it was before the test.
 * It prints
 *
 *   vmtests: NAME ok
 *   vmtests: NAME FAILED: reason
 *   vmtests: N passed, M failed
 *
 * and returns 0 only if every test passed, so that as init it lets the
 * kernel run its own leak check. Tests are in the other files of this
 * folder; vt.h explains the rules they follow.
 */
#include "vt.h"

static const struct vt_test tests[] = {
    { "lazy", test_lazy, 30, "1 GiB costs nothing until touched" },
    { "tables", test_tables, 30, "munmap frees the page tables it empties" },
    { "errors", test_errors, 30, "mmap/munmap/mprotect/brk: exact errors" },
    { "shmerrors", test_shmerrors, 30, "shmget/shmat/shmdt/shmctl errors" },
    { "pagealloc", test_pagealloc, 30, "page_alloc makes a one-page area" },
    { "brk", test_brk, 30, "brk grows and shrinks lazily" },
    { "split", test_split, 30, "munmap splits areas and spans two" },
    { "fixed", test_fixed, 30, "MAP_FIXED replaces; hints" },
    { "mprotect", test_mprotect, 30, "mprotect splits; R, NONE, NX" },
    { "cow", test_cow, 30, "copy-on-write fork, page by page" },
    { "cowchain", test_cowchain, 30, "three generations, three views" },
    { "consensus", test_consensus, 60, "MAP_SHARED counters under a lock" },
    { "sharedlazy", test_sharedlazy, 30, "untouched MAP_SHARED pages" },
    { "shmkey", test_shmkey, 60, "shmget by key from 4 processes" },
    { "shmsurvive", test_shmsurvive, 30, "a segment outlives its creator" },
    { "shmrmid", test_shmrmid, 30, "segment lifetime, IPC_RMID" },
    { "stack", test_stack, 30, "the stack grows to 8 MiB" },
    { "stackoverflow", test_stackoverflow, 60, "past 8 MiB: SIGSEGV" },
    { "oom", test_oom, 120, "out of memory kills only the toucher" },
    { "oomcow", test_oomcow, 120, "out of memory in a copy-on-write" },
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

static pid_t runner_pid;
static pid_t sweep_from;    /* first pid a test may have created */

/* probe_pid: the pid the next fork gets (pids increase), learnt by forking
 * a child that exits at once. */
static pid_t probe_pid(void)
{
    long pid = sys_fork();
    if (pid == 0)
        sys_exit(0);
    if (pid > 0)
        sys_wait4(pid, 0, 0, 0);
    return (pid_t)pid;
}

static void reap_orphans(void)
{
    while (sys_wait4(-1, 0, WNOHANG, 0) > 0)
        ;
}

/* sweep: kill and reap every process created since sweep_from that still
 * exists; how many there were, the first few listed in who. Orphans that
 * are still exiting are waited for, not counted. */
static int sweep(char *who, size_t size)
{
    int found = 0;
    size_t len = 0;
    who[0] = 0;
    for (int round = 0; round < 50; round++) {
        reap_orphans();
        pid_t hi = probe_pid();
        if (hi <= 0)
            break;
        int n = 0;
        for (pid_t p = sweep_from; p < hi; p++) {
            if (p == runner_pid || sys_kill(p, 0) != 0)
                continue;
            if (round >= 5 && len + 12 < size)
                len += (size_t)snprintf(who + len, size - len, " %d", p);
            if (round >= 5)
                sys_kill(p, SIGKILL);
            n++;
        }
        if (round >= 5 && found == 0)
            found = n;
        if (n == 0) {
            sweep_from = hi + 1;
            return found;
        }
        vt_msleep(20);
    }
    return found;
}

/* wait_test: reap the test's process within limit_s seconds (reaping
 * orphans on the way); kill it on time-out. 1 if it timed out. */
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
        if (r == 0) {
            vt_msleep(10);
            ms += 10;
        }
    }
    sys_kill(pid, SIGKILL);
    sys_wait4(pid, (long)status, 0, 0);
    return 1;
}

/* run_one: run test t in a child; 1 if it passed. */
static int run_one(const struct vt_test *t)
{
    char reason[200] = "", who[80], s[32];
    int status = 0, printed = 0;

    vt_name = t->name;
    printf("vmtests: %s: %s\n", t->name, t->what);
    long before = page_count();
    long pid = sys_fork();
    if (pid == 0) {
        vt_test_pid = (pid_t)sys_getpid();
        vt_grow_areas();
        vt_settle();
        t->fn();
        sys_exit(0);
    }
    if (pid < 0)
        snprintf(reason, sizeof reason, "fork failed: %ld", pid);
    else if (wait_test((pid_t)pid, t->timeout_s, &status))
        snprintf(reason, sizeof reason, "timed out after %d s", t->timeout_s);
    else if (status == -1)
        snprintf(reason, sizeof reason, "wait4(%ld) failed", pid);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
        printed = 1;        /* the test printed its own FAILED line */
    else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        snprintf(reason, sizeof reason, "test process ended with %s",
                 vt_status(status, s));
    int left = sweep(who, sizeof who);
    long after = page_count();
    if (!reason[0] && left)
        snprintf(reason, sizeof reason, "left %d processes running:%s", left,
                 who);
    if (!reason[0] && !printed && after != before)
        snprintf(reason, sizeof reason,
                 "free pages %ld before, %ld after (change %ld)", before,
                 after, after - before);
    mm_check();
    if (reason[0])
        printf("vmtests: %s FAILED: %s\n", t->name, reason);
    else if (!printed)
        printf("vmtests: %s ok\n", t->name);
    return !reason[0] && !printed;
}

static const struct vt_test *find_test(const char *name)
{
    for (int i = 0; i < NTESTS; i++)
        if (strcmp(tests[i].name, name) == 0)
            return &tests[i];
    return NULL;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;

    runner_pid = getpid();
    vt_test_pid = runner_pid;
    vt_settle();    /* the runner's own stack and data, once */
    printf("vmtests: pid %d, %ld free pages\n", runner_pid, page_count());
    if (runner_pid != 1)
        printf("vmtests: not init: orphans will not come back to me\n");
    sweep_from = probe_pid();
    if (argc <= 1) {
        for (int i = 0; i < NTESTS; i++)
            run_one(&tests[i]) ? passed++ : failed++;
    }
    for (int i = 1; i < argc; i++) {
        const struct vt_test *t = find_test(argv[i]);
        if (t) {
            run_one(t) ? passed++ : failed++;
        } else {
            printf("vmtests: %s FAILED: no such test\n", argv[i]);
            failed++;
        }
    }
    printf("vmtests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
