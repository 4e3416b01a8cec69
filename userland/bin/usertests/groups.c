/* groups.c -- process groups and sessions (setpgid, getpgid, setsid,
 * getsid, group kills), CPU
 * affinity, and the information calls ps, mem and ls use (procs, meminfo,
 * programs): their errors and that what they report is true. */
#include <limits.h>
#include "ut.h"

/* find: our record of pid in a fresh process list; 0 if it is not there. */
static int find(pid_t pid, struct weensy_procinfo *out)
{
    static struct weensy_procinfo list[NPROC_MAX_SEEN];
    long n = procs(list, NPROC_MAX_SEEN);
    CHECK(n >= 1 && n <= NPROC_MAX_SEEN);
    for (long i = 0; i < n; i++)
        if (list[i].pid == pid) {
            *out = list[i];
            return 1;
        }
    return 0;
}

/* group_count: how many processes of group pgid the process list shows
 * (zombies too, if asked). */
static int group_count(pid_t pgid, bool zombies)
{
    static struct weensy_procinfo list[NPROC_MAX_SEEN];
    long n = procs(list, NPROC_MAX_SEEN);
    int k = 0;
    for (long i = 0; i < n; i++)
        k += list[i].pgid == pgid && (zombies || list[i].state != WEENSY_PS_ZOMBIE);
    return k;
}

static int group_alive(pid_t pgid) { return group_count(pgid, false); }

/* probe_sleeper: a child that has exec'd execprobe (ps shows the name),
 * sleeping until killed. */
static pid_t probe_sleeper(void)
{
    pid_t c = FORK();
    if (c == 0) {
        char *argv[] = { "execprobe", "sleep", NULL };
        sys_execve((long)"execprobe", (long)argv, 0);
        exit(99);
    }
    struct weensy_procinfo r;
    for (int i = 0; i < 200 && !(find(c, &r) && strcmp(r.name, "execprobe") == 0); i++)
        testrun_msleep(5);
    CHECK(strcmp(r.name, "execprobe") == 0);
    return c;
}

static void groups_errors(void)
{
    pid_t me = getpid();
    CHECK_EQ(getpgid(0), getpgrp());
    CHECK_EQ(sys_getpgid(me), sys_getpgrp());
    CHECK_EQ(sys_getpgid(99999), -ESRCH);
    CHECK_EQ(sys_getpgid(-1), -ESRCH);
    CHECK_EQ(sys_setpgid(0, -1), -EINVAL);
    CHECK_EQ(sys_setpgid(-1, 0), -ESRCH);
    /* pids and signal numbers are ints, as on Linux: the upper half of
     * the register is not looked at (a libc may pass -1 zero-extended) */
    long hi = 1L << 32;
    CHECK_EQ(sys_getpgid(hi | me), sys_getpgrp());
    CHECK_EQ(sys_getsid(hi | me), sys_getsid(0));
    CHECK_EQ(sys_kill(hi | me, hi | 0), 0);
    CHECK_EQ(sys_kill(hi | me, hi | 65), -EINVAL);
    CHECK_EQ(sys_getpgid(0xffffffffL), -ESRCH);               /* -1 */
    CHECK_EQ(sys_setpgid(0, 0xffffffffL), -EINVAL);           /* pgid -1 */
    CHECK_EQ(sys_tgkill(hi | me, hi | sys_gettid(), 0), 0);
    uint64_t set;
    CHECK_EQ(sys_sched_getaffinity(hi | me, 8, (long)&set), 8);
    CHECK_EQ(sys_setpgid(99999, 0), -ESRCH);
    CHECK_EQ(sys_setpgid(1, 0), -ESRCH);             /* not our child */
    CHECK_EQ(sys_setpgid(0, 99999), -EPERM);         /* no such group */
    CHECK_EQ(sys_setpgid(0, 0), 0);                  /* our own group */
    CHECK_EQ(getpgrp(), me);
    pid_t c = FORK();
    if (c == 0)
        ut_sleep_forever();
    CHECK_EQ(sys_getpgid(c), me);                    /* inherited */
    CHECK_EQ(sys_setpgid(c, c), 0);
    CHECK_EQ(sys_getpgid(c), c);
    CHECK_EQ(sys_setpgid(c, me), 0);                 /* back into ours */
    CHECK_EQ(sys_getpgid(c), me);
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
    /* A child that has exec'd is no longer ours to move. */
    c = probe_sleeper();
    CHECK_EQ(sys_setpgid(c, c), -EACCES);
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
}

/* A job: a leader in a group of its own with three spinning children. A
 * kill of the group ends all four. */
static void groups_kill(int by_self)
{
    pid_t leader = FORK();
    if (leader == 0) {
        CHECK_EQ(sys_setpgid(0, 0), 0);
        for (int i = 0; i < 3; i++)
            if (FORK() == 0)
                ut_spin_forever();
        if (by_self) {
            testrun_msleep(20);
            sys_kill(0, SIGTERM);                     /* us and ours */
        }
        ut_sleep_forever();
    }
    sys_setpgid(leader, leader);                      /* whoever is first */
    for (int i = 0; i < 200 && group_alive(leader) < 4; i++)
        testrun_msleep(5);
    if (!by_self) {
        CHECK_EQ(group_alive(leader), 4);
        CHECK_EQ(sys_kill(-leader, SIGTERM), 0);
    }
    EXPECT_SIGNAL(leader, SIGTERM);
    for (int i = 0; i < 400 && group_alive(leader) > 0; i++)
        testrun_msleep(5);
    CHECK_EQ(group_alive(leader), 0);
    /* The orphans' zombies are still in the group (kill finds them, as on
     * Linux) until init reaps them. */
    for (int i = 0; i < 400 && group_count(leader, true) > 0; i++)
        testrun_msleep(5);
    CHECK_EQ(sys_kill(-leader, 0), -ESRCH);
}

/* sessions: a child shares ours; setsid makes it the leader of a new
 * session and group named by its pid (EPERM the second time: it leads
 * that group now); a session leader cannot change group, a group of
 * another session cannot be joined, and the children of the new leader
 * are in its session. */
static void groups_sessions(void)
{
    long sid = sys_getsid(0);
    CHECK(sid > 0);
    CHECK_EQ(sys_getsid(getpid()), sid);
    CHECK_EQ(sys_getsid(99999), -ESRCH);
    CHECK_EQ(sys_getsid(-1), -ESRCH);
    pid_t c = FORK();
    if (c == 0) {
        pid_t me = getpid();
        CHECK_EQ(sys_getsid(0), sid);
        CHECK_EQ(sys_setsid(), me);
        CHECK_EQ(sys_getsid(0), me);
        CHECK_EQ(sys_getpgrp(), me);
        CHECK_EQ(sys_setsid(), -EPERM);
        CHECK_EQ(sys_setpgid(0, 0), -EPERM);                     /* a session leader */
        pid_t g = FORK();
        if (g == 0) {
            CHECK_EQ(sys_getsid(0), me);
            CHECK_EQ(sys_setpgid(0, (pid_t)sid), -EPERM);            /* another session's */
            CHECK_EQ(sys_setpgid(0, 0), 0);                          /* a group of its own */
            exit(0);
        }
        EXPECT_EXIT(g, 0);
        exit(0);
    }
    EXPECT_EXIT(c, 0);
    CHECK_EQ(sys_getsid(0), sid);                                 /* ours is unchanged */
}

void test_groups(void)
{
    groups_sessions();
    groups_errors();
    groups_kill(0);
    groups_kill(1);
}

void test_affinity(void)
{
    cpu_set_t set, all;
    CPU_ZERO(&all);
    CHECK_EQ(sched_getaffinity(0, sizeof all, &all), 0);
    CHECK(CPU_ISSET(0, &all));
    CHECK_EQ(sys_sched_getaffinity(0, 8, (long)&set), 8);
    CHECK_EQ(sys_sched_getaffinity(0, 4, (long)&set), -EINVAL);   /* not a whole long */
    CHECK_EQ(sys_sched_getaffinity(0, 0, (long)&set), -EINVAL);
    CHECK_EQ(sys_sched_getaffinity(0, 8, (long)UNMAPPED_ADDR), -EFAULT);
    CHECK_EQ(sys_sched_getaffinity(99999, 8, (long)&set), -ESRCH);
    CHECK_EQ(sys_sched_setaffinity(99999, 8, (long)&all), -ESRCH);
    CHECK_EQ(sys_sched_setaffinity(0, 8, (long)UNMAPPED_ADDR), -EFAULT);
    CPU_ZERO(&set);
    CHECK_EQ(sys_sched_setaffinity(0, sizeof set, (long)&set), -EINVAL);   /* no CPU */
    CPU_SET(63, &set);                                /* no such CPU online */
    CHECK_EQ(sys_sched_setaffinity(0, sizeof set, (long)&set), -EINVAL);
    CPU_SET(0, &set);
    CHECK_EQ(sched_setaffinity(0, sizeof set, &set), 0);
    /* A child inherits the mask, keeps it across exec, and ps shows it. */
    pid_t c = probe_sleeper();
    struct weensy_procinfo r;
    CHECK(find(c, &r));
    CHECK_EQ(r.cpu_mask, 1UL);                        /* CPU 63 is not possible */
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK_EQ(sched_setaffinity(0, sizeof all, &all), 0);
}

static void info_errors(void)
{
    struct weensy_procinfo p;
    struct weensy_meminfo m;
    struct weensy_program g;
    CHECK_EQ(sys_procs((long)&p, 1, sizeof p - 1), -EINVAL);
    CHECK_EQ(sys_procs((long)&p, 1, sizeof p + 8), -EINVAL);
    CHECK_EQ(sys_procs((long)UNMAPPED_ADDR, 1, sizeof p), -EFAULT);
    CHECK_EQ(sys_procs((long)KIMAGE_ADDR, 1, sizeof p), -EFAULT);
    CHECK_EQ(sys_procs((long)&p, (long)(~0UL / sizeof p), sizeof p), -EFAULT);
    CHECK_EQ(sys_procs((long)ro_page, 1, sizeof p), -EFAULT);   /* read-only */
    CHECK(sys_procs(0, 0, sizeof p) >= 1);            /* just the count */
    CHECK_EQ(sys_meminfo((long)&m, sizeof m - 8), -EINVAL);
    CHECK_EQ(sys_meminfo((long)UNMAPPED_ADDR, sizeof m), -EFAULT);
    CHECK_EQ(sys_programs((long)&g, 1, 8), -EINVAL);
    CHECK_EQ(sys_programs((long)KIMAGE_ADDR, 1, sizeof g), -EFAULT);
}

static void info_true(void)
{
    struct weensy_procinfo me, child;
    CHECK(find(getpid(), &me));
    CHECK_EQ(me.ppid, getppid());
    CHECK_EQ(me.pgid, getpgrp());
    CHECK_EQ(me.state, WEENSY_PS_RUNNING);
    CHECK_EQ(me.on_cpu, 1);
    CHECK(strcmp(me.name, "usertests") == 0);
    CHECK(strncmp(me.args, "usertests", 9) == 0);
    CHECK(me.resident > 0);
    pid_t c = FORK();
    if (c == 0)
        ut_sleep_forever();
    testrun_msleep(30);
    CHECK(find(c, &child));
    CHECK_EQ(child.ppid, getpid());
    CHECK_EQ(child.state, WEENSY_PS_SLEEPING);
    /* Touching 100 new pages shows in our resident count. */
    CHECK(find(getpid(), &me));
    for (int i = 0; i < 100; i++)
        CHECK_EQ(sys_page_alloc(SCRATCH + 0x200000 + (uintptr_t)i * PAGE_SIZE), 0);
    struct weensy_procinfo after;
    CHECK(find(getpid(), &after));
    CHECK(after.resident >= me.resident + 100);
    CHECK_EQ(sys_munmap(SCRATCH + 0x200000, 100 * PAGE_SIZE), 0);
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK(!find(c, &child));
    struct weensy_meminfo m;
    CHECK_EQ(meminfo(&m), 0);
    CHECK_EQ(m.page_size, PAGE_SIZE);
    CHECK(m.total > 0 && m.free > 0 && m.free < m.total);
    CHECK_EQ(m.free + m.user + m.shared + m.pagetable + m.kernel, m.total);
    CHECK(m.kept <= m.free && m.kept % 4 == 0);      /* whole kernel stacks */
    long free_now = page_count();
    CHECK(m.free >= (unsigned long)free_now - 64 && m.free <= (unsigned long)free_now + 64);
    struct weensy_program list[64];
    long n = programs(list, 64);
    CHECK(n >= 5 && n <= 64);
    int seen = 0;
    for (long i = 0; i < n; i++)
        if (strcmp(list[i].name, "usertests") == 0 && list[i].size > 4096)
            seen++;
    CHECK_EQ(seen, 1);
}

void test_info(void)
{
    info_errors();
    info_true();
}
