/* fuzz_job.c -- the fuzzer started as a job (not as init, in a process
 * group of its own, as exec_all starts every program) stays inside it:
 * a kill of the group ends every process it made, and none of them
 * signals or pins anyone outside (the test itself has a small pid, and
 * the runner pid 1, which the fuzzer's random pids hit now and then).
 *
 * exec_all once found processes left after fuzz: workers had moved to a
 * group of their own (setpgid(0, 0), or init's group with setpgid(0, 1))
 * and outlived the group kill, re-parented to init. exec_all kills fuzz
 * within a moment of its start, so that took about one full run of the
 * suite in three; here fuzz runs long enough each time for its workers to
 * make a few thousand calls, which without the guard (fuzz/guard.c)
 * leaves a process behind in about half the runs.
 */
#include "ut.h"
#include "shm.h"
#include "termios.h"
#include "dirclean.h"

#define RUNS 8
#define RUN_MS 200               /* fuzz's time before the group kill */
#define GONE_MS 3000             /* killed to reaped (by init, the runner) */

static struct weensy_procinfo plist[NPROC_MAX_SEEN];

/* left_after: threads with a tid above first still in the table (the
 * runner reaps the orphans, so zombies go too); printed if `say`. */
static int left_after(pid_t first, bool say)
{
    long n = procs(plist, NPROC_MAX_SEEN);
    int left = 0;
    for (long k = 0; k < n; k++) {
        if (plist[k].tid <= first)
            continue;
        left++;
        if (say)
            printf("usertests: fuzz_job: pid %d (tid %d) left: parent %d, group %d (fuzz's %d), "
                   "state %c\n", plist[k].pid, plist[k].tid, plist[k].ppid, plist[k].pgid, first,
                   plist[k].state);
    }
    return left;
}

/* fuzz_once: run fuzz as a job for RUN_MS, kill the job, and return how
 * many processes it made are still there GONE_MS later (killed, then). */
static int fuzz_once(void)
{
    pid_t c = FORK();
    if (c == 0) {
        sys_setpgid(0, 0);
        char *argv[] = { "fuzz", "--quiet", NULL };
        long r = sys_execve((long)"/bin/fuzz", (long)argv, 0);
        exit(100 + (int)-r);
    }
    sys_setpgid(c, c);
    testrun_msleep(RUN_MS);
    CHECK_EQ(sys_kill(-c, SIGKILL), 0);
    int st = WAIT(c);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    for (int ms = 0; ms < GONE_MS && left_after(c, false); ms += 10)
        testrun_msleep(10);
    int left = left_after(c, true);
    if (left) {
        for (long k = 0, n = procs(plist, NPROC_MAX_SEEN); k < n; k++)
            if (plist[k].tid > c)
                sys_kill(plist[k].tid, SIGKILL);
    }
    return left;
}

/* What the killed runs left in /tmp goes at the end: every entry that
 * was not there before the test. `fuzz --clean` would remove only the
 * names fuzz knows (its workers' directories fz*, the pool's names), but
 * a worker whose working directory became /tmp also makes names from its
 * random buffers there (a file "\n" was once left: the runner counted its
 * vnode's and name's kernel pages, -2, as lost). */
static struct dirnames tmp_before;

static bool tmp_was_there(const char *name, void *arg)
{
    (void)arg;
    return !tmp_before.all || dirnames_has(&tmp_before, name);
}

static uint64_t cpu_mask_of(pid_t pid)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK_EQ(sched_getaffinity(pid, sizeof set, &set), 0);
    return set.bits[0];
}

void test_fuzz_job(void)
{
    uint64_t mine = cpu_mask_of(0), runner = cpu_mask_of(getppid());
    struct termios tio0, tio;
    CHECK_EQ(tcgetattr(0, &tio0), 0);
    pid_t fg = tcgetpgrp(0);
    CHECK_EQ(dirnames_read("/tmp", &tmp_before), 0);
    int bad = 0;
    for (int i = 0; i < RUNS && !bad; i++) {
        bad = fuzz_once();
        /* A mask set on the runner would pin every later test, and a
         * terminal left raw (VMIN 0) or with another foreground group
         * would make a later test's read of the console return at once
         * (usertests kill after this one did). */
        CHECK_EQ(cpu_mask_of(0), mine);
        CHECK_EQ(cpu_mask_of(getppid()), runner);
        CHECK_EQ(tcgetattr(0, &tio), 0);
        CHECK(memcmp(&tio, &tio0, sizeof tio) == 0);
        CHECK_EQ(tcgetpgrp(0), fg);
    }
    /* The workers' System V segments outlive them until IPC_RMID, and
     * their files in /tmp until removed (fuzz removes both at its start,
     * as here at our end). */
    for (long id = 0; id < 32; id++)
        sys_shmctl(id, IPC_RMID, 0);
    if (!dirclean("/tmp", tmp_was_there, NULL, "usertests: fuzz_job"))
        FAIL("/tmp: what the killed runs of fuzz left could not be removed");
    if (bad)
        FAIL("%d processes of fuzz outlived the kill of its group", bad);
}
