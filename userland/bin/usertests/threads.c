/* threads.c -- threads from user space: many at once, shared memory, one
 * thread's exit against the whole process's, thread-local storage through
 * %fs, and what the process table says about them (the library's thread
 * API, lib/thread.h, on clone and futex). Their ends -- kill, faults,
 * fork, exec -- are in thread_ends.c; clone's and futex's errors in
 * thread_calls.c. */
#include "ut.h"

#define MANY 24                  /* threads at once: the table has 64 slots */

static struct mutex count_lock = MUTEX_INIT;
static long locked_count, atomic_count;

static void *count_fn(void *arg)
{
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        mutex_lock(&count_lock);
        long v = locked_count;   /* read, yield now and then, write: a race without the lock */
        if ((i & 63) == 0)
            sched_yield();
        locked_count = v + 1;
        mutex_unlock(&count_lock);
        __atomic_fetch_add(&atomic_count, 1, __ATOMIC_RELAXED);
    }
    CHECK_EQ(getpid(), testrun_test_pid);        /* the process's id in every thread */
    CHECK(gettid() != getpid());
    CHECK_EQ(thread_self()->tid, gettid());
    return (void *)(long)gettid();
}

/* Many threads, each counting under one mutex: the totals are exact, each
 * returns its own tid to its joiner, and every tid is distinct. */
static void check_many(void)
{
    thread_t t[MANY];
    for (int round = 0; round < 3; round++) {
        locked_count = atomic_count = 0;
        for (int i = 0; i < MANY; i++) {
            t[i] = thread_create(count_fn, (void *)500L, 0);
            CHECK(t[i] != 0);
        }
        long tids[MANY];
        for (int i = 0; i < MANY; i++) {
            int tid = t[i]->tid;         /* CLONE_PARENT_SETTID wrote it (or it ended: 0) */
            void *res;
            CHECK_EQ(thread_join(t[i], &res), 0);
            CHECK(tid == 0 || (long)res == tid);
            tids[i] = (long)res;
            for (int k = 0; k < i; k++)
                CHECK(tids[k] != tids[i]);
        }
        CHECK_EQ(locked_count, MANY * 500L);
        CHECK_EQ(atomic_count, MANY * 500L);
    }
}

static void *sleep_fn(void *arg)
{
    volatile int *go = arg;
    while (!*go)
        futex_wait(go, 0, 0);
    return 0;
}

/* Threads until the process table is full: EAGAIN, not a crash, and all of
 * them join. */
static void check_table_full(void)
{
    static thread_t t[NPROC_MAX_SEEN];
    static volatile int go;
    go = 0;
    int n = 0;
    for (; n < NPROC_MAX_SEEN; n++) {
        t[n] = thread_create(sleep_fn, (void *)&go, 8192);
        if (!t[n])
            break;
    }
    CHECK_EQ(errno, EAGAIN);
    CHECK(n > 10);
    go = 1;
    futex_wake(&go, 1 << 30);
    for (int i = 0; i < n; i++)
        CHECK_EQ(thread_join(t[i], 0), 0);
    CHECK_EQ(thread_join(0, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(thread_join(thread_self(), 0), -1);
}

void test_threads(void)
{
    CHECK_EQ(gettid(), getpid());        /* a process's first thread */
    check_many();
    check_table_full();
}

/* ---- shared memory ----------------------------------------------------- */

struct relay {
    volatile int turn;           /* whose turn: thread i waits for i */
    long value;
    long *heap;                  /* malloc'd by one thread, used by another */
    volatile long *mapped;       /* mmap'd by one thread, read by another */
};

static void *relay_fn(void *arg)
{
    struct relay *r = arg;
    while (r->turn != 1)
        futex_wait(&r->turn, 0, 0);
    r->value = r->value * 10 + 1;
    r->heap = malloc(64 * sizeof(long));
    CHECK(r->heap != 0);
    for (int i = 0; i < 64; i++)
        r->heap[i] = i * 3;
    long *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    m[7] = 0x7777;
    r->mapped = m;
    __atomic_store_n(&r->turn, 2, __ATOMIC_RELEASE);
    futex_wake(&r->turn, 1);
    return 0;
}

/* Writes of one thread are seen by another: ordinary variables, the heap,
 * a mapping one made and the other unmaps. */
void test_thread_memory(void)
{
    static struct relay r;
    r.turn = 0;
    r.value = 4;
    thread_t t = thread_create(relay_fn, &r, 0);
    CHECK(t != 0);
    r.value = 5;
    __atomic_store_n(&r.turn, 1, __ATOMIC_RELEASE);
    futex_wake(&r.turn, 1);
    while (__atomic_load_n(&r.turn, __ATOMIC_ACQUIRE) != 2)
        futex_wait(&r.turn, 1, 0);
    CHECK_EQ(r.value, 51);
    for (int i = 0; i < 64; i++)
        CHECK_EQ(r.heap[i], i * 3);
    CHECK_EQ(r.mapped[7], 0x7777);
    CHECK_EQ(thread_join(t, 0), 0);
    free(r.heap);
    CHECK_EQ(munmap((void *)r.mapped, 4096), 0);
}

/* ---- one thread's exit, and the process's ------------------------------- */

static void *quit_fn(void *arg)
{
    (void)arg;
    thread_exit((void *)123L);
}

static void *wait_flag_fn(void *arg)
{
    volatile int *flag = arg;
    while (!*flag)
        futex_wait(flag, 0, 0);
    return (void *)7L;
}

/* poll_flag_fn: the same for a flag another process sets: a futex is
 * private to its address space, so no wake comes; look every 10 ms. */
static void *poll_flag_fn(void *arg)
{
    volatile int *flag = arg;
    struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
    while (!*flag)
        futex_wait(flag, 0, &ten_ms);
    return 0;
}

/* procs_of: this process's records (pid), how many; *leader_state gets the
 * first thread's state. */
static int procs_of(pid_t pid, char *leader_state, int *nthreads)
{
    static struct weensy_procinfo list[NPROC_MAX_SEEN];
    long n = procs(list, NPROC_MAX_SEEN);
    CHECK(n > 0);
    int count = 0;
    for (long i = 0; i < n && i < NPROC_MAX_SEEN; i++) {
        if (list[i].pid != pid)
            continue;
        count++;
        *nthreads = list[i].nthreads;
        if (list[i].tid == pid)
            *leader_state = list[i].state;
    }
    return count;
}

/* The first thread ends (exit, not exit_group) while another goes on: the
 * process lives until its last thread ends, with the first thread's
 * status (Linux's rule), which wait4 sees only then. */
static void check_leader_exits_first(void)
{
    volatile int *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    pid_t pid = FORK();
    if (pid == 0) {
        thread_t t = thread_create(poll_flag_fn, (void *)&shared[0], 0);
        CHECK(t != 0);
        sys_exit(3);             /* this thread only */
    }
    int st;
    testrun_msleep(50);
    CHECK_EQ(sys_wait4(pid, (long)&st, WNOHANG, 0), 0);   /* still running */
    char state = 0;
    int nthreads = 0;
    CHECK_EQ(procs_of(pid, &state, &nthreads), 2);
    CHECK_EQ(state, WEENSY_PS_ZOMBIE);   /* the first thread has ended... */
    CHECK_EQ(nthreads, 1);               /* ...the other has not */
    CHECK_EQ(sys_kill(pid, 0), 0);
    shared[0] = 1;               /* the thread sees it within its poll, and ends */
    EXPECT_EXIT(pid, 3);
    munmap((void *)shared, 4096);
}

void test_thread_exit(void)
{
    static volatile int flag;
    flag = 0;
    thread_t quitter = thread_create(quit_fn, 0, 0);
    thread_t waiter = thread_create(wait_flag_fn, (void *)&flag, 0);
    CHECK(quitter && waiter);
    void *res;
    CHECK_EQ(thread_join(quitter, &res), 0);
    CHECK_EQ((long)res, 123);
    flag = 1;                    /* the other still runs, and hears this */
    futex_wake(&flag, 1);
    CHECK_EQ(thread_join(waiter, &res), 0);
    CHECK_EQ((long)res, 7);
    check_leader_exits_first();
}

static void *group_exit_fn(void *arg)
{
    testrun_msleep(20);
    sys_exit_group((long)arg);
    return 0;
}

static void *spin_fn(void *arg)
{
    (void)arg;
    ut_spin_forever();
}

/* exit_group from one thread ends them all, spinning or asleep, and the
 * parent sees its status; the first group exit wins over a later one. */
void test_thread_exit_group(void)
{
    pid_t pid = FORK();
    if (pid == 0) {
        static volatile int never;
        CHECK(thread_create(spin_fn, 0, 0) && thread_create(wait_flag_fn, (void *)&never, 0));
        CHECK(thread_create(group_exit_fn, (void *)42L, 0));
        ut_sleep_forever();
    }
    EXPECT_EXIT(pid, 42);
    /* The first thread exits the whole process too (the library's exit). */
    pid = FORK();
    if (pid == 0) {
        CHECK(thread_create(spin_fn, 0, 0) != 0);
        exit(9);
    }
    EXPECT_EXIT(pid, 9);
}

/* ---- thread-local storage ------------------------------------------------ */

static unsigned long fs_read(void)
{
    unsigned long v;
    __asm__ volatile("movq %%fs:%c1, %0" : "=r"(v) : "i"(THREAD_LOCAL_OFFSET));
    return v;
}

static void fs_write(unsigned long v)
{
    __asm__ volatile("movq %0, %%fs:%c1" ::"r"(v), "i"(THREAD_LOCAL_OFFSET) : "memory");
}

static void *tls_fn(void *arg)
{
    unsigned long mine = 0x1000 + (unsigned long)arg;
    fs_write(mine);
    unsigned long base;
    CHECK_EQ(sys_arch_prctl(ARCH_GET_FS, (long)&base), 0);
    CHECK_EQ(base, (unsigned long)thread_self());
    for (int i = 0; i < 200; i++) {
        if ((i & 7) == 0)
            sched_yield();       /* the others run, and write their own */
        ut_spin_loop(500);
        if (fs_read() != mine)
            FAIL("thread %ld reads %#lx through %%fs, wrote %#lx", (long)arg, fs_read(), mine);
    }
    return 0;
}

/* Each thread reads its own value through %fs, however they are switched;
 * a fork keeps the base; ARCH_SET_FS moves it. */
void test_thread_tls(void)
{
    thread_t t[8];
    for (long i = 0; i < 8; i++)
        CHECK((t[i] = thread_create(tls_fn, (void *)i, 0)) != 0);
    fs_write(0x42);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(thread_join(t[i], 0), 0);
    CHECK_EQ(fs_read(), 0x42);
    pid_t pid = FORK();
    if (pid == 0) {
        CHECK_EQ(fs_read(), 0x42);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    static struct thread other;
    other.self = &other;
    other.local[0] = 0x99;
    struct thread *me = thread_self();
    CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, (long)&other), 0);
    CHECK_EQ(fs_read(), 0x99);
    CHECK_EQ(sys_arch_prctl(ARCH_SET_FS, (long)me), 0);
    CHECK_EQ(fs_read(), 0x42);
}
