/* cpus.c -- more than one CPU as a process sees it: a process pinned to
 * one CPU is seen running only there, and a new mask moves it at once,
 * the caller itself included (proc/affinity.c, proc/sched.c). With one
 * CPU online only the last part can be shown (pinned to CPU 0, it runs
 * there); tests/smp.cmake runs it at -smp 2 and 4. */
#include "ut.h"

static int cpus_find(pid_t pid, struct weensy_procinfo *out)
{
    static struct weensy_procinfo list[NPROC_MAX_SEEN];
    long n = procs(list, NPROC_MAX_SEEN);
    for (long i = 0; i < n; i++)
        if (list[i].pid == pid) {
            *out = list[i];
            return 1;
        }
    return 0;
}

static void cpus_pin(pid_t pid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    CHECK_EQ(sched_setaffinity(pid, sizeof set, &set), 0);
}

/* Watch pid for about ms milliseconds: every time it is on a CPU it must
 * be `cpu`; returns how often it was seen on one. */
static int cpus_watch(pid_t pid, int cpu, int ms)
{
    int seen = 0;
    for (long end = now_ms() + ms; now_ms() < end;) {
        struct weensy_procinfo r;
        CHECK(cpus_find(pid, &r));
        if (r.on_cpu) {
            if (r.cpu != cpu)
                FAIL("pid %d pinned to CPU %d runs on CPU %d", pid, cpu, r.cpu);
            seen++;
        }
        testrun_msleep(1);
    }
    return seen;
}

/* The caller itself: after the call returns it runs on its new CPU. */
static void cpus_move_self(int ncpu)
{
    for (int round = 0; round < 10; round++)
        for (int cpu = 0; cpu < ncpu; cpu++) {
            cpus_pin(0, cpu);
            struct weensy_procinfo me;
            CHECK(cpus_find(getpid(), &me));
            CHECK(me.on_cpu);
            CHECK_EQ(me.cpu, cpu);
        }
}

void test_affinity_move(void)
{
    cpu_set_t all;
    CPU_ZERO(&all);
    CHECK_EQ(sched_getaffinity(0, sizeof all, &all), 0);
    int ncpu = __builtin_popcountl(all.bits[0]);
    CHECK(ncpu >= 1);
    cpus_move_self(ncpu);
    if (ncpu < 2) {
        printf("usertests: affinity_move: one CPU online, the moves between CPUs need two\n");
        CHECK_EQ(sched_setaffinity(0, sizeof all, &all), 0);
        return;
    }
    pid_t c = FORK();
    if (c == 0)
        for (volatile long n = 0;; n++)
            ;
    cpus_pin(0, 0);                      /* this one stays on CPU 0 */
    for (int round = 0; round < 4; round++) {
        int cpu = 1 + round % (ncpu - 1);
        cpus_pin(c, cpu);
        /* Long enough to see it however loaded the host is: 4 virtual
         * CPUs on 2 host cores can each wait a while for a turn. */
        CHECK(cpus_watch(c, cpu, 1000) > 0);
        cpus_pin(c, 0);
        /* It shares CPU 0 with us now: seen nowhere else, and it runs
         * (its time grows) while we sleep. */
        struct weensy_procinfo before, after;
        CHECK(cpus_find(c, &before));
        cpus_watch(c, 0, 100);
        CHECK(cpus_find(c, &after));
        CHECK(after.ticks > before.ticks);
    }
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK_EQ(sched_setaffinity(0, sizeof all, &all), 0);
    printf("usertests: affinity_move: pinned and moved between %d CPUs\n", ncpu);
}
