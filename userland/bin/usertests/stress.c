/* stress.c -- hundreds of processes (test_stress): waves of children that
 * exit with a status, sleep first, spin until killed, sleep until killed,
 * fork and wait for a grandchild, use the heap, or fault; and several
 * workers that fork, exit and wait concurrently (test_forkers). Every
 * status is checked; the runner checks that every page comes back. */
#include "ut.h"

#define WAVES 20
#define WAVE  25

enum mode { M_EXIT, M_SLEEP_EXIT, M_SPIN, M_SLEEP, M_GRANDCHILD, M_HEAP,
            M_FAULT, NMODES };

static noreturn void child(enum mode m, int code)
{
    switch (m) {
    case M_EXIT:
        exit(code);
    case M_SLEEP_EXIT:
        testrun_msleep((unsigned)code % 20);
        exit(code);
    case M_SPIN:
        ut_spin_forever();
    case M_SLEEP:
        ut_sleep_forever();
    case M_GRANDCHILD: {
        pid_t g = FORK();
        if (g == 0)
            exit(code);
        EXPECT_EXIT(g, code);
        exit((code + 1) & 0xff);
    }
    case M_HEAP: {
        char *p = malloc(3 * PAGE_SIZE + (size_t)code);
        CHECK(p != NULL);
        memset(p, code, 3 * PAGE_SIZE + (size_t)code);
        CHECK_EQ(sys_page_alloc(SCRATCH + (uintptr_t)code * PAGE_SIZE), 0);
        exit(code);
    }
    default:
        *(volatile int *)ut_opaque(0) = code;
        exit(99);
    }
}

/* mode_of: what child number n of the run does; a fault only now and
 * then, to keep the log short. */
static enum mode mode_of(int n)
{
    if (n % WAVE == WAVE - 1)
        return n % 100 == 99 ? M_FAULT : M_EXIT;
    return (enum mode)(n % (NMODES - 1));
}

static void expect(pid_t pid, int status, enum mode m, int code)
{
    char s[32];
    int ok;
    switch (m) {
    case M_SPIN:
        ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        break;
    case M_SLEEP:
        ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
        break;
    case M_FAULT:
        ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
        break;
    case M_GRANDCHILD:
        ok = WIFEXITED(status) && WEXITSTATUS(status) == ((code + 1) & 0xff);
        break;
    default:
        ok = WIFEXITED(status) && WEXITSTATUS(status) == code;
    }
    if (!ok)
        FAIL("pid %d (mode %d, code %d): %s", pid, m, code,
             testrun_status(status, s));
}

static void wave(int w)
{
    pid_t pids[WAVE];
    for (int i = 0; i < WAVE; i++) {
        int n = w * WAVE + i;
        pids[i] = FORK();
        if (pids[i] == 0)
            child(mode_of(n), n & 0xff);
    }
    for (int i = 0; i < WAVE; i++) {
        enum mode m = mode_of(w * WAVE + i);
        if (m == M_SPIN || m == M_SLEEP)
            CHECK_EQ(sys_kill(pids[i], m == M_SPIN ? SIGKILL : SIGTERM), 0);
    }
    /* Reap odd waves by pid (back to front), even ones with wait4(-1). */
    for (int k = 0; k < WAVE; k++) {
        int status = 0, i;
        if (w % 2) {
            i = WAVE - 1 - k;
            status = WAIT(pids[i]);
        } else {
            long r = sys_wait4(-1, (long)&status, 0, 0);
            for (i = 0; i < WAVE && pids[i] != r; i++)
                ;
            if (i == WAVE)
                FAIL("wait4(-1) returned %ld, not a child of this wave", r);
        }
        int n = w * WAVE + i;
        expect(pids[i], status, mode_of(n), n & 0xff);
        pids[i] = -2;
    }
    CHECK_EQ(sys_wait4(-1, 0, WNOHANG, 0), -ECHILD);
}

/* worker: fork, exit and wait `rounds` times, each child forking a
 * grandchild every third round. */
static noreturn void worker(int id, int rounds)
{
    for (int r = 0; r < rounds; r++) {
        pid_t pid = FORK();
        if (pid == 0) {
            if (r % 3 == 0) {
                pid_t g = FORK();
                if (g == 0)
                    exit(id);
                EXPECT_EXIT(g, id);
            }
            exit((id * 16 + r) & 0xff);
        }
        EXPECT_EXIT(pid, (id * 16 + r) & 0xff);
    }
    exit(id);
}

void test_stress(void)
{
    long before = page_count();
    for (int w = 0; w < WAVES; w++)
        wave(w);
    CHECK_EQ(page_count(), before);
    CHECK_EQ(mm_check(), 0);
    printf("usertests: stress: %d processes in %d waves\n", WAVES * WAVE,
           WAVES);
}

/* test_forkers: six workers fork, exit and wait at the same time. */
void test_forkers(void)
{
    long before = page_count();
    pid_t workers[6];
    for (int i = 0; i < 6; i++) {
        workers[i] = FORK();
        if (workers[i] == 0)
            worker(i + 1, 30);
    }
    for (int i = 0; i < 6; i++)
        EXPECT_EXIT(workers[i], i + 1);
    CHECK_EQ(page_count(), before);
}
