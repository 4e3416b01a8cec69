/* shm.c -- shared memory: MAP_SHARED anonymous areas across fork, and
 * System V segments found by key.
 *
 * consensus (after UCAS OS's test of the same name): four processes add to
 * their own counter and to a shared total, 1000 times each, under a spin
 * lock built from __atomic builtins (the kernel saves only general
 * registers; user code is -mgeneral-regs-only). A lost update or an
 * unshared page shows in the sum. shmkey does the same between processes
 * that each find the segment by key and attach it themselves.
 *
 * Segment lifetime (weensy's rule): a segment is freed when it is marked
 * IPC_RMID and has no attachments, or when its last attachment goes away
 * after it had been attached at least once.
 */
#include "vt.h"

#define KEY_SHM      0x7eed0b01L
#define KEY_SURVIVE  0x7eed0b02L
#define WORKERS 4
#define ROUNDS 1000

struct board {
    int lock;
    volatile int go;
    long total;
    long count[WORKERS];
    long phys[WORKERS];
};

static long v2p(uintptr_t a) { return sys_virt_to_phys((long)a); }

static void lock(int *l)
{
    while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(l, __ATOMIC_RELAXED))
            sys_sched_yield();
}

static void unlock(int *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }

/* work: ROUNDS increments of the total and of count[i]; the total is read,
 * held a while and written back, so only the lock keeps it exact. */
static void work(struct board *b, int i)
{
    for (int k = 0; k < ROUNDS; k++) {
        lock(&b->lock);
        long t = *(volatile long *)&b->total;
        for (int d = 0; d < 200; d++)
            __asm__ volatile("" ::: "memory");
        *(volatile long *)&b->total = t + 1;
        b->count[i]++;
        unlock(&b->lock);
        if (k % 100 == 99)
            sys_sched_yield();
    }
}

static void check_board(const struct board *b)
{
    for (int i = 0; i < WORKERS; i++)
        if (b->count[i] != ROUNDS)
            FAIL("worker %d counted %ld, want %d", i, b->count[i], ROUNDS);
    CHECK_EQ(b->total, WORKERS * ROUNDS);
    CHECK_EQ(b->lock, 0);
}

void test_consensus(void)
{
    struct board *b = (struct board *)MAP(0, PG, PROT_RW, MAP_ANON_SHARED);
    memset(b, 0, sizeof *b);
    long phys = v2p((uintptr_t)b);
    pid_t pids[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pids[i] = FORK();
        if (pids[i] == 0) {
            CHECK_EQ(v2p((uintptr_t)b), phys);
            work(b, i);
            sys_exit(0);
        }
    }
    for (int i = 0; i < WORKERS; i++)
        EXPECT_EXIT(pids[i], 0);
    check_board(b);
    CHECK_EQ(vt_munmap((uintptr_t)b, PG), 0);
}

/* Pages of a MAP_SHARED area first touched after the fork, by either side,
 * are shared all the same. */
void test_sharedlazy(void)
{
    uintptr_t a = MAP(0, 4 * PG, PROT_RW, MAP_ANON_SHARED);
    pid_t c = FORK();
    if (c == 0) {
        CHECK(vt_zero(a + PG));
        vt_fill(a, 5);                  /* first touch, in the child */
        for (int ms = 0; !vt_holds(a + 2 * PG, 6); ms += 10) {
            if (ms > 5000)
                FAIL("the parent's write to page 2 never showed");
            testrun_msleep(10);
        }
        vt_fill(a + 3 * PG, 7);
        CHECK_EQ(vt_munmap(a, 4 * PG), 0);  /* the parent keeps its own */
        sys_exit(0);
    }
    for (int ms = 0; !vt_holds(a, 5); ms += 10) {
        if (ms > 5000)
            FAIL("the child's write to page 0 never showed");
        testrun_msleep(10);
    }
    vt_fill(a + 2 * PG, 6);             /* first touch, in the parent */
    EXPECT_EXIT(c, 0);
    CHECK(vt_holds(a, 5) && vt_zero(a + PG) && vt_holds(a + 2 * PG, 6) &&
          vt_holds(a + 3 * PG, 7));
    CHECK_EQ(vt_munmap(a, 4 * PG), 0);
}

/* shmkey: four processes find one segment by key and attach it. */
static noreturn void key_worker(int i)
{
    long id = vt_shmget(KEY_SHM, PG, IPC_CREAT);
    CHECK(id >= 0);
    long p = vt_shmat(id, 0, 0);
    CHECK(p > 0);
    struct board *b = (struct board *)p;
    for (int ms = 0; !b->go; ms += 10) {
        if (ms > 5000)
            FAIL("no go from the parent");
        testrun_msleep(10);
    }
    b->phys[i] = v2p((uintptr_t)p);
    work(b, i);
    CHECK_EQ(vt_shmdt((uintptr_t)p), 0);
    sys_exit(0);
    for (;;)
        ;
}

void test_shmkey(void)
{
    pid_t pids[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pids[i] = FORK();
        if (pids[i] == 0)
            key_worker(i);
    }
    long id = vt_shmget(KEY_SHM, PG, IPC_CREAT);
    CHECK(id >= 0);
    long p = vt_shmat(id, 0, 0);
    CHECK(p > 0);
    struct board *b = (struct board *)p;
    b->go = 1;
    for (int i = 0; i < WORKERS; i++)
        EXPECT_EXIT(pids[i], 0);
    check_board(b);
    for (int i = 0; i < WORKERS; i++)
        CHECK_EQ(b->phys[i], v2p((uintptr_t)p));
    CHECK_EQ(vt_shmget(KEY_SHM, 0, 0), id);     /* still attached here */
    CHECK_EQ(vt_shmdt((uintptr_t)p), 0);
    CHECK_EQ(vt_shmget(KEY_SHM, 0, 0), -ENOENT);
}

/* shmsurvive: the creator attaches, writes, forks a reader and exits; the
 * reader, an orphan by then, attaches by key and still reads the data; its
 * detach frees the segment. The reader reports through a MAP_SHARED page
 * (its parent is gone, so no one else can see its exit status). */
struct verdict {
    volatile int attached, creator_reaped, done;
    long freed;
};

static noreturn void reader(struct verdict *v, uintptr_t p, long id,
                            pid_t creator)
{
    CHECK(vt_holds(p, 41) && vt_holds(p + PG, 42));     /* inherited */
    CHECK_EQ(vt_shmget(KEY_SURVIVE, 0, 0), id);
    long q = vt_shmat(id, 0, 0);
    CHECK(q > 0);
    CHECK_EQ(vt_shmdt(p), 0);           /* the inherited attachment */
    v->attached = 1;
    for (int ms = 0; sys_getppid() == creator || !v->creator_reaped;
         ms += 10) {
        if (ms > 5000)
            FAIL("the creator did not exit");
        testrun_msleep(10);
    }
    CHECK(vt_holds((uintptr_t)q, 41) && vt_holds((uintptr_t)q + PG, 42));
    vt_fill((uintptr_t)q, 43);
    long before = page_count();
    CHECK_EQ(vt_shmdt((uintptr_t)q), 0);    /* the last attachment */
    v->freed = page_count() - before;
    CHECK_EQ(vt_shmget(KEY_SURVIVE, 0, 0), -ENOENT);
    v->done = 1;
    sys_exit(0);
    for (;;)
        ;
}

static noreturn void creator(struct verdict *v)
{
    long id = vt_shmget(KEY_SURVIVE, 2 * PG, IPC_CREAT | IPC_EXCL);
    CHECK(id >= 0);
    long p = vt_shmat(id, 0, 0);
    CHECK(p > 0);
    vt_fill((uintptr_t)p, 41);
    vt_fill((uintptr_t)p + PG, 42);
    pid_t me = (pid_t)sys_getpid();
    if (FORK() == 0)
        reader(v, (uintptr_t)p, id, me);
    for (int ms = 0; !v->attached; ms += 10) {
        if (ms > 5000)
            FAIL("the reader did not attach");
        testrun_msleep(10);
    }
    CHECK_EQ(vt_shmdt((uintptr_t)p), 0);
    sys_exit(0);
    for (;;)
        ;
}

void test_shmsurvive(void)
{
    struct verdict *v = (struct verdict *)MAP(0, PG, PROT_RW, MAP_ANON_SHARED);
    memset(v, 0, sizeof *v);
    pid_t c = FORK();
    if (c == 0)
        creator(v);
    EXPECT_EXIT(c, 0);
    v->creator_reaped = 1;
    for (int ms = 0; !v->done; ms += 10) {
        if (ms > 10000)
            FAIL("the reader did not finish (see its FAILED line)");
        testrun_msleep(10);
    }
    /* the segment's 2 pages, and the attachment's page tables if they
     * held nothing else (at most a PT, PD and PDPT) */
    if (v->freed < 2 || v->freed > 2 + 3 + META)
        FAIL("the last detach freed %ld pages, want 2 (+ page tables)",
             v->freed);
    CHECK_EQ(vt_shmget(KEY_SURVIVE, 0, 0), -ENOENT);
    CHECK_EQ(vt_munmap((uintptr_t)v, PG), 0);
}
