/* thread_calls.c -- the thread system calls one by one, errors included:
 * clone's flag rules and tid words, set_tid_address, arch_prctl, and
 * futex (wait, wake, timeouts, EAGAIN, EFAULT, EINVAL, ENOSYS, a kill). */
#include "ut.h"

#define STACK_SIZE 16384

static volatile int ptid, ctid, started;

static void raw_fn(void *arg)
{
    (void)arg;
    started = (int)sys_set_tid_address((long)&ctid);   /* returns the tid */
    for (;;)
        sys_exit(0);
}

static void *stack_top(void)
{
    char *s = malloc(STACK_SIZE);
    CHECK(s != 0);
    return (void *)(((uintptr_t)s + STACK_SIZE) & ~15UL);
}

/* A join by hand: CLONE_PARENT_SETTID writes the tid before clone returns,
 * CLONE_CHILD_CLEARTID (here moved by set_tid_address) clears it at the
 * end and wakes the futex. */
static void check_cleartid(void)
{
    void *top = stack_top();
    ptid = 0;
    ctid = -1;
    started = 0;
    unsigned long flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_PARENT_SETTID |
                          CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    long tid = thread_clone_raw(flags, top, &ptid, &ctid, 0, raw_fn, 0);
    CHECK(tid > 0);
    CHECK_EQ(ptid, tid);         /* before the thread could run */
    for (;;) {
        int v = ctid;
        if (v == 0)
            break;
        long r = sys_futex((long)&ctid, FUTEX_WAIT, v, 0, 0, 0);
        CHECK(r == 0 || r == -EAGAIN);
    }
    CHECK_EQ(started, tid);
    free((char *)top - STACK_SIZE);
    /* A bad parent_tid or child_tid is ignored, as on Linux: the thread
     * exists all the same, and its end is still seen (by its slot). */
    ctid = -1;
    started = 0;
    top = stack_top();
    tid = thread_clone_raw(flags & ~CLONE_CHILD_SETTID, top, (volatile int *)UNMAPPED_ADDR, &ctid, 0,
                           raw_fn, 0);
    CHECK(tid > 0);
    while (ctid != 0)
        sys_futex((long)&ctid, FUTEX_WAIT_PRIVATE, -1, 0, 0, 0);
    CHECK_EQ(started, tid);
    free((char *)top - STACK_SIZE);
}

/* Linux's refusals, then weensy's (docs/syscalls.md), none leaving anything
 * behind; and clone with SIGCHLD alone is fork. */
static void check_clone_errors(void)
{
    static const unsigned long bad[] = {
        CLONE_THREAD | CLONE_VM,                     /* a thread shares signal actions */
        CLONE_SIGHAND,                               /* ...which need the memory */
        CLONE_VM | SIGCHLD,                          /* a process sharing memory: not here */
        CLONE_VM | CLONE_SIGHAND,
        CLONE_VFORK | CLONE_VM | SIGCHLD, CLONE_NEWNS | SIGCHLD, CLONE_PARENT | SIGCHLD,
        CLONE_PTRACE | SIGCHLD, CLONE_PIDFD | SIGCHLD, CLONE_UNTRACED | SIGCHLD,
        0x80000000UL | SIGCHLD,                      /* CLONE_IO */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char v[48];
        long r = sys_clone((long)bad[i], 0, 0, 0, 0);
        if (r != -EINVAL)
            FAIL("clone(%#lx): got %s, want -EINVAL", bad[i], testrun_val(r, v));
    }
    void *top = stack_top();
    CHECK_EQ(thread_clone_raw(CLONE_THREAD_FLAGS, top, &ptid, &ctid, (void *)USER_TOP, raw_fn, 0),
             -EPERM);            /* a TLS base outside the user half */
    CHECK_EQ(thread_clone_raw(CLONE_THREAD_FLAGS, top, &ptid, &ctid, (void *)NONCANON_ADDR, raw_fn, 0),
             -EPERM);
    free((char *)top - STACK_SIZE);
    /* Only the low 32 bits count; SIGCHLD (or any low byte) is a fork. */
    long pid = sys_clone((long)(SIGCHLD | (1UL << 40)), 0, 0, 0, 0);
    CHECK(pid >= 0);
    if (pid == 0)
        sys_exit(6);
    EXPECT_EXIT((pid_t)pid, 6);
    /* A fork with CLONE_CHILD_SETTID (glibc's): the tid lands in the
     * child's copy only; CLONE_PARENT_SETTID in the parent's. */
    ctid = ptid = 0;
    pid = sys_clone((long)(CLONE_CHILD_SETTID | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD), 0,
                    (long)&ptid, (long)&ctid, 0);
    CHECK(pid >= 0);
    if (pid == 0)
        sys_exit(ctid == getpid() && ptid == 0 ? 0 : 1);
    CHECK_EQ(ptid, pid);
    CHECK_EQ(ctid, 0);
    EXPECT_EXIT((pid_t)pid, 0);
}

/* arch_prctl's answers; ARCH_SET_FS itself is tested in thread_tls. */
static void check_arch_prctl(void)
{
    unsigned long base = 0;
    CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (long)&base), 0);
    CHECK_EQ(base, (unsigned long)thread_self());
    CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (long)UNMAPPED_ADDR), -EFAULT);
    CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (long)KIMAGE_ADDR), -EFAULT);
    CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, (long)USER_TOP), -EPERM);
    CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, (long)KIMAGE_ADDR), -EPERM);
    CHECK_EQ(sys_arch_prctl(ARCH_SET_GS, 0), -EINVAL);   /* the kernel's (swapgs) */
    CHECK_EQ(sys_arch_prctl(ARCH_GET_GS, (long)&base), -EINVAL);
    CHECK_EQ(sys_arch_prctl(0x9999, 0), -EINVAL);
    CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (long)&base), 0);
    CHECK_EQ(base, (unsigned long)thread_self());       /* nothing moved it */
}

void test_thread_calls(void)
{
    CHECK_EQ(sys_gettid(), getpid());
    CHECK_EQ(sys_set_tid_address(0), getpid());
    check_cleartid();
    check_clone_errors();
    check_arch_prctl();
}

/* ---- futex ---------------------------------------------------------------- */

static volatile int word;
static volatile int asleep;

static void *waiter_fn(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&asleep, 1, __ATOMIC_RELAXED);
    long r = sys_futex((long)&word, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
    return (void *)r;
}

/* wait_sleepers: until n threads are asleep in futex_wait (their state in
 * the process table: they said they are about to, then went to sleep). */
static void wait_sleepers(int n)
{
    while (__atomic_load_n(&asleep, __ATOMIC_RELAXED) < n)
        testrun_msleep(2);
    testrun_msleep(30);
}

static void check_wake_counts(void)
{
    thread_t t[3];
    word = 0;
    asleep = 0;
    for (int i = 0; i < 3; i++)
        CHECK((t[i] = thread_create(waiter_fn, 0, 0)) != 0);
    wait_sleepers(3);
    CHECK_EQ(sys_futex((long)&word + 4, FUTEX_WAKE_PRIVATE, 10, 0, 0, 0), 0);   /* another word */
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 1);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAKE_PRIVATE, 0, 0, 0, 0), 1);   /* 0 wakes one, as on Linux */
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAKE_PRIVATE, 1 << 30, 0, 0, 0), 1);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAKE_PRIVATE, 1 << 30, 0, 0, 0), 0);
    for (int i = 0; i < 3; i++) {
        void *res;
        CHECK_EQ(thread_join(t[i], &res), 0);
        CHECK_EQ((long)res, 0);
    }
}

static void check_futex_errors(void)
{
    struct timespec ts = { 0, 0 };
    word = 5;
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT_PRIVATE, 4, 0, 0, 0), -EAGAIN);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT, 6, (long)&ts, 0, 0), -EAGAIN);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT, 5, (long)&ts, 0, 0), -ETIMEDOUT);
    CHECK_EQ(sys_futex((long)UNMAPPED_ADDR, FUTEX_WAIT, 0, 0, 0, 0), -EFAULT);
    CHECK_EQ(sys_futex((long)KIMAGE_ADDR, FUTEX_WAIT, 0, 0, 0, 0), -EFAULT);
    CHECK_EQ(sys_futex(0, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0), -EFAULT);
    CHECK_EQ(sys_futex((long)NONCANON_ADDR, FUTEX_WAKE, 1, 0, 0, 0), -EFAULT);
    CHECK_EQ(sys_futex((long)UNMAPPED_ADDR, FUTEX_WAKE, 1, 0, 0, 0), -EFAULT);   /* shared: looked up */
    CHECK_EQ(sys_futex((long)UNMAPPED_ADDR, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0); /* private: a key */
    CHECK_EQ(sys_futex((long)&word + 1, FUTEX_WAIT, 5, 0, 0, 0), -EINVAL);       /* not aligned */
    CHECK_EQ(sys_futex((long)&word + 2, FUTEX_WAKE, 1, 0, 0, 0), -EINVAL);
    struct timespec bad[] = { { 0, 1000000000 }, { 0, -1 }, { -1, 0 } };
    for (int i = 0; i < 3; i++)
        CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT, 5, (long)&bad[i], 0, 0), -EINVAL);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT, 5, (long)UNMAPPED_ADDR, 0, 0), -EFAULT);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAKE, 1, (long)UNMAPPED_ADDR, 0, 0), 0);  /* WAKE: no timeout */
    static const long nosys[] = { 2, 3, 4, 5, 6, 9, 10, 13, 99, FUTEX_WAIT | FUTEX_CLOCK_REALTIME,
                                  FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME };
    for (size_t i = 0; i < sizeof nosys / sizeof nosys[0]; i++)
        CHECK_EQ(sys_futex((long)&word, nosys[i], 5, 0, 0, 0), -ENOSYS);
}

/* A timeout is never shorter than asked. */
static void check_timeout(void)
{
    struct timespec t0, t1, ts = { 0, 50 * 1000 * 1000 };
    word = 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_EQ(sys_futex((long)&word, FUTEX_WAIT_PRIVATE, 1, (long)&ts, 0, 0), -ETIMEDOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CHECK(ms >= 50);
    CHECK(ms < 5000);
}

/* A kill wakes a thread asleep in futex_wait at once (its process dies). */
static void check_killed_waiter(void)
{
    pid_t pid = FORK();
    if (pid == 0) {
        asleep = 0;
        word = 0;
        CHECK(thread_create(waiter_fn, 0, 0) != 0);
        waiter_fn(0);
        exit(1);
    }
    testrun_msleep(50);
    CHECK_EQ(sys_kill(pid, SIGTERM), 0);
    EXPECT_SIGNAL(pid, SIGTERM);
}

void test_futex(void)
{
    check_futex_errors();
    check_timeout();
    check_wake_counts();
    check_killed_waiter();
}
