/* thread_ends.c -- how a multithreaded process ends or changes: a kill (by
 * its pid or any thread's tid) and a fault in one thread end them all;
 * fork from a thread copies that thread only; exec from a thread ends the
 * others first, and the process keeps its pid. */
#include "ut.h"

static void *spin_fn(void *arg)
{
    (void)arg;
    ut_spin_forever();
}

static void *sleep_fn(void *arg)
{
    (void)arg;
    ut_sleep_forever();
}

static void *futex_fn(void *arg)
{
    static volatile int never;
    (void)arg;
    for (;;)
        futex_wait(&never, 0, 0);
}

/* A child with threads spinning, in nanosleep and in futex_wait; it
 * writes their tids at tids[0..2] (a shared page) and then sleeps. */
static pid_t busy_child(volatile int *tids)
{
    pid_t pid = FORK();
    if (pid == 0) {
        void *(*fns[3])(void *) = { spin_fn, sleep_fn, futex_fn };
        for (int i = 0; i < 3; i++) {
            thread_t t = thread_create(fns[i], 0, 0);
            CHECK(t != 0);
            tids[i] = t->tid;
        }
        ut_sleep_forever();
    }
    for (int i = 0; i < 200 && !tids[2]; i++)
        testrun_msleep(5);
    CHECK(tids[2] != 0);
    testrun_msleep(20);          /* all three asleep or spinning by now */
    return pid;
}

static volatile int *shared_page(void)
{
    volatile int *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

/* kill(pid) ends every thread, with the signal as the status; so does
 * kill(tid) of any thread (Linux sends it to the process); a group kill
 * too. A fault in one thread kills the whole process with its signal. */
void test_thread_kill(void)
{
    volatile int *tids = shared_page();
    pid_t pid = busy_child(tids);
    CHECK_EQ(sys_kill(pid, SIGTERM), 0);
    EXPECT_SIGNAL(pid, SIGTERM);

    tids[0] = tids[1] = tids[2] = 0;
    pid = busy_child(tids);
    CHECK(tids[1] != pid);
    CHECK_EQ(sys_kill(tids[1], 0), 0);        /* a tid names a thread that exists */
    CHECK_EQ(sys_getpgid(tids[1]), sys_getpgid(pid));
    CHECK_EQ(sys_kill(tids[1], SIGUSR1), 0);  /* the thread in nanosleep */
    EXPECT_SIGNAL(pid, SIGUSR1);
    CHECK_EQ(sys_kill(tids[1], 0), -ESRCH);   /* gone with its process */

    tids[0] = tids[1] = tids[2] = 0;
    pid = busy_child(tids);
    CHECK_EQ(sys_setpgid(pid, pid), 0);       /* every thread moves with it */
    CHECK_EQ(sys_getpgid(tids[2]), pid);
    CHECK_EQ(sys_kill(-pid, SIGINT), 0);
    EXPECT_SIGNAL(pid, SIGINT);

    pid = FORK();
    if (pid == 0) {
        CHECK(thread_create(spin_fn, 0, 0) && thread_create(futex_fn, 0, 0));
        testrun_msleep(20);
        *(volatile int *)ut_opaque(0) = 1;   /* the whole process dies of it */
        ut_sleep_forever();
    }
    EXPECT_SIGNAL(pid, SIGSEGV);
    munmap((void *)tids, 4096);
}

/* ---- fork from a thread -------------------------------------------------- */

static volatile long fork_data;

static void *fork_fn(void *arg)
{
    (void)arg;
    fork_data = 1;
    pid_t child = fork();        /* the library's: it sets the child's thread_self()->tid */
    CHECK(child >= 0);
    if (child == 0) {
        /* One thread: the one that forked, with its FS base and stack. */
        static struct weensy_procinfo list[NPROC_MAX_SEEN];
        long n = procs(list, NPROC_MAX_SEEN);
        int mine = 0;
        for (long i = 0; i < n && i < NPROC_MAX_SEEN; i++)
            if (list[i].pid == getpid()) {
                mine++;
                CHECK_EQ(list[i].nthreads, 1);
            }
        CHECK_EQ(mine, 1);
        CHECK_EQ(gettid(), getpid());
        CHECK_EQ(thread_self()->tid, getpid());
        CHECK_EQ(fork_data, 1);
        fork_data = 2;           /* its own copy */
        thread_t t = thread_create(spin_fn, 0, 0);   /* and it can make threads */
        CHECK(t != 0);
        exit(fork_data == 2 ? 5 : 6);
    }
    CHECK_EQ(getppid(), testrun_runner_pid);     /* the process's parent */
    return (void *)(long)child;
}

/* The child of a thread is the process's: the parent's other thread
 * reaps it; its parent is the process's pid. */
void test_thread_fork(void)
{
    thread_t busy = thread_create(futex_fn, 0, 0);
    CHECK(busy != 0);
    thread_t t = thread_create(fork_fn, 0, 0);
    CHECK(t != 0);
    void *res;
    CHECK_EQ(thread_join(t, &res), 0);
    pid_t child = (pid_t)(long)res;
    CHECK(child > 0);
    EXPECT_EXIT(child, 5);       /* reaped by the first thread, not the forker */
    CHECK_EQ(fork_data, 1);
    /* And the other way round: a thread reaps what the first forked. */
    pid_t pid = FORK();
    if (pid == 0)
        exit(4);
    int st = 0;
    CHECK_EQ(sys_wait4(pid, (long)&st, 0, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4);
    /* The busy thread is still in futex_wait: exit() from the test ends it. */
}

/* ---- exec from a thread --------------------------------------------------- */

static void *exec_fn(void *arg)
{
    char *const *argv = arg;
    testrun_msleep(20);
    sys_execve((long)argv[0], (long)argv, 0);
    exit(99);                    /* not reached */
}

static void *exec_fails_fn(void *arg)
{
    (void)arg;
    char *argv[] = { "nosuch", 0 };
    CHECK_EQ(sys_execve((long)"/bin/nosuch", (long)argv, 0), -ENOENT);
    return (void *)1L;
}

/* exec in a thread ends every other thread (spinning, asleep, waiting on a
 * futex, the first thread too) before the new program starts; the process
 * keeps its pid, so its parent reaps it as before. A failed exec leaves
 * the others running. */
void test_thread_exec(void)
{
    pid_t pid = FORK();
    if (pid == 0) {
        static char *argv[] = { "execprobe", "exit", "7", 0 };
        CHECK(thread_create(spin_fn, 0, 0) && thread_create(sleep_fn, 0, 0));
        CHECK(thread_create(futex_fn, 0, 0) && thread_create(exec_fn, argv, 0));
        ut_sleep_forever();
    }
    EXPECT_EXIT(pid, 7);
    /* From the first thread, with others running: the same. */
    pid = FORK();
    if (pid == 0) {
        static char *argv[] = { "execprobe", "exit", "8", 0 };
        CHECK(thread_create(spin_fn, 0, 0) && thread_create(futex_fn, 0, 0));
        testrun_msleep(20);
        sys_execve((long)argv[0], (long)argv, 0);
        exit(99);
    }
    EXPECT_EXIT(pid, 8);
    /* Two threads exec at once: one wins, the other is ended by it (or
     * finds itself killed while it waits for the others: thread_exec_solo's
     * EINTR), and the process runs one program. */
    for (int round = 0; round < 5; round++) {
        pid = FORK();
        if (pid == 0) {
            static char *argv[] = { "execprobe", "exit", "7", 0 };
            CHECK(thread_create(exec_fn, argv, 0) && thread_create(exec_fn, argv, 0));
            CHECK(thread_create(exec_fn, argv, 0) != 0);
            ut_sleep_forever();
        }
        EXPECT_EXIT(pid, 7);
    }
    thread_t spinner = thread_create(futex_fn, 0, 0);
    thread_t t = thread_create(exec_fails_fn, 0, 0);
    CHECK(spinner && t);
    void *res;
    CHECK_EQ(thread_join(t, &res), 0);
    CHECK_EQ((long)res, 1);
    CHECK_EQ(sys_kill(spinner->tid, 0), 0);      /* still there */
}
