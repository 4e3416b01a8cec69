/* exitwait.c -- exit and wait4: statuses, waiting for one pid or any,
 * WNOHANG, ECHILD, zombies; and (test_orphan, run by the runner as pid 1)
 * orphans re-parented to init. */
#include "ut.h"

/* check_statuses: exit codes 0..255 arrive intact; only the low 8 bits of
 * exit's argument count. */
static void check_statuses(void)
{
    for (int base = 0; base < 256; base += 32) {
        pid_t pids[32];
        for (int i = 0; i < 32; i++) {
            pids[i] = FORK();
            if (pids[i] == 0)
                exit(base + i);
        }
        for (int i = 31; i >= 0; i--)
            EXPECT_EXIT(pids[i], base + i);
    }
    static const int odd[][2] = {
        { 256, 0 }, { 257, 1 }, { -1, 255 }, { 0x1234, 0x34 }, { -256, 0 },
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        pid_t pid = FORK();
        if (pid == 0)
            sys_exit(odd[i][0]);
        EXPECT_EXIT(pid, odd[i][1]);
    }
}

/* check_wait_pid: wait4(pid) waits for that child even when others have
 * exited first; wait4(-1) then returns the others. */
static void check_wait_pid(void)
{
    pid_t a = FORK();
    if (a == 0) {
        testrun_msleep(100);
        exit(1);
    }
    pid_t b = FORK();
    if (b == 0)
        exit(2);
    pid_t c = FORK();
    if (c == 0) {
        testrun_msleep(30);
        exit(3);
    }
    EXPECT_EXIT(a, 1);
    int seen = 0;
    for (int i = 0; i < 2; i++) {
        int status = 0;
        long r = sys_wait4(-1, (long)&status, 0, 0);
        int bit = r == b ? 1 : r == c ? 2 : 0;
        if (bit == 0 || (seen & bit))
            FAIL("wait4(-1) returned %ld, want %d or %d", r, b, c);
        seen |= bit;
        CHECK_EQ(status, W_EXITCODE(bit == 1 ? 2 : 3));
    }
    CHECK_EQ(sys_wait4(-1, 0, 0, 0), -ECHILD);
}

/* check_wnohang: 0 while the child runs, its pid once it has exited. */
static void check_wnohang(void)
{
    int status = -1;
    pid_t pid = FORK();
    if (pid == 0) {
        testrun_msleep(200);
        exit(4);
    }
    CHECK_EQ(sys_wait4(-1, (long)&status, WNOHANG, 0), 0);
    CHECK_EQ(sys_wait4(pid, (long)&status, WNOHANG, 0), 0);
    CHECK(ut_reap_within(pid, 5000, &status));
    CHECK_EQ(status, W_EXITCODE(4));
    CHECK_EQ(sys_wait4(pid, (long)&status, WNOHANG, 0), -ECHILD);
    CHECK_EQ(sys_wait4(-1, (long)&status, WNOHANG, 0), -ECHILD);
}

/* check_zombie: a child that exited before anyone waited is a zombie: it
 * holds its pid (kill(pid, 0) finds it) and its kernel stack, no user
 * memory (docs/processes.md), and wait4 still gets its status. */
static void check_zombie(void)
{
    long before = page_count();
    pid_t pid = FORK();
    if (pid == 0)
        exit(9);
    long held = ut_zombie_pages(before);
    if (held > KSTACK_PAGES)
        FAIL("2 s after exit the zombie still holds %ld pages (its kernel "
             "stack is %d)", held, KSTACK_PAGES);
    CHECK_EQ(sys_kill(pid, 0), 0);
    EXPECT_EXIT(pid, 9);
    CHECK_EQ(sys_kill(pid, 0), -ESRCH);
    CHECK_EQ(page_count(), before);

    /* Ten zombies at once, reaped by wait4(-1) in any order. */
    pid_t pids[10];
    for (int i = 0; i < 10; i++) {
        pids[i] = FORK();
        if (pids[i] == 0)
            exit(40 + i);
    }
    testrun_msleep(50);
    for (int k = 0; k < 10; k++) {
        int status = 0;
        long r = sys_wait4(-1, (long)&status, 0, 0);
        int i = 0;
        while (i < 10 && pids[i] != r)
            i++;
        if (i == 10)
            FAIL("wait4(-1) returned %ld, not one of the ten", r);
        CHECK_EQ(status, W_EXITCODE(40 + i));
        pids[i] = -2;
    }
    CHECK_EQ(sys_wait4(-1, 0, 0, 0), -ECHILD);
    CHECK_EQ(page_count(), before);
}

void test_exitwait(void)
{
    check_statuses();
    check_wait_pid();
    check_wnohang();
    check_zombie();
}

/* ---- test_orphan: runs in the runner, which must be pid 1 ---------------- */

#define OCHECK(c)                                                         \
    do {                                                                  \
        if (!(c)) {                                                       \
            printf("usertests: orphan FAILED: %s:%d: CHECK(%s)\n",       \
                   __FILE__, __LINE__, #c);                               \
            return 1;                                                     \
        }                                                                 \
    } while (0)

/* A child forks a grandchild that waits to be orphaned, and two that exit
 * at once; then it exits, telling us the grandchild's pid as an offset
 * from its own. The grandchildren must come to us: the waiting one with
 * getppid() == 1 and status 77, the others with 33 and 34. */
int test_orphan(void)
{
    if (getpid() != 1) {
        printf("usertests: orphan: not pid 1, skipped\n");
        return 0;
    }
    OCHECK(getppid() == 0);
    pid_t a = (pid_t)sys_fork();
    OCHECK(a >= 0);
    if (a == 0) {
        long g = sys_fork();
        if (g == 0) {
            for (int i = 0; i < 500 && getppid() != 1; i++)
                sleep_ms(10);
            sys_exit(getppid() == 1 ? 77 : 78);
        }
        for (int code = 33; code <= 34; code++)
            if (sys_fork() == 0)
                sys_exit(code);
        sleep_ms(50);      /* the two are zombies when we exit */
        sys_exit(g > 0 ? (int)((g - getpid()) & 0xff) : 0);
    }
    int status = 0;
    OCHECK(sys_wait4(a, (long)&status, 0, 0) == a);
    OCHECK(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    pid_t g = a + WEXITSTATUS(status);

    int seen77 = 0, seen33 = 0, seen34 = 0;
    long r;
    while ((r = sys_wait4(-1, (long)&status, 0, 0)) > 0) {
        OCHECK(r > a);
        OCHECK(WIFEXITED(status));
        int code = WEXITSTATUS(status);
        if (code == 77 || code == 78) {
            OCHECK(r == g);
            OCHECK(code == 77);     /* it saw getppid() == 1 */
            seen77++;
        } else {
            OCHECK(code == 33 || code == 34);
            if (code == 33)
                seen33++;
            else
                seen34++;
        }
    }
    OCHECK(r == -ECHILD);
    OCHECK(seen77 == 1 && seen33 == 1 && seen34 == 1);
    return 0;
}
