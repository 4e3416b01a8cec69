/* shootdown.c -- the TLB shootdown as two threads on two CPUs see it
 * (mm/tlb.c): once munmap, mprotect or fork returns in one thread, a
 * sibling thread running on another CPU can no longer use the old
 * translation, however hot it is in that CPU's TLB.
 *
 * Each round runs in a child process, because the fault that must come
 * ends the whole process: the reader (or writer) thread is pinned to CPU
 * 1 and touches the page in a loop; the first thread, pinned to CPU 0,
 * changes the mapping, then raises `done`. A touch that starts after the
 * touching thread saw `done` and still succeeds went through a stale TLB
 * entry: the child then exits with SHOOTDOWN_STALE instead of dying of
 * SIGSEGV. With one CPU online the rounds still run (the threads take
 * turns), and show the same on one CPU. */
#include "ut.h"
#include "thread.h"

#define SHOOTDOWN_ROUNDS 40
#define SHOOTDOWN_STALE 42

static volatile long *page;
static volatile int done, started;
static unsigned long online;             /* the CPUs online, read before any pinning */

static void shoot_find_online(void)
{
    cpu_set_t all;
    CPU_ZERO(&all);
    CHECK_EQ(sched_getaffinity(0, sizeof all, &all), 0);
    online = all.bits[0];
}

/* Pin the calling thread (tid 0) or another to cpu, if it is online. */
static void shoot_pin(int tid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (online & (1UL << cpu))
        sched_setaffinity(tid, sizeof set, &set);
}

static void *shoot_reader(void *arg)
{
    (void)arg;
    shoot_pin(0, 1);
    for (;;) {
        int after = __atomic_load_n(&done, __ATOMIC_ACQUIRE);
        long v = *page;                          /* must fault once `after` */
        __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
        if (after)
            exit((int)(SHOOTDOWN_STALE + 0 * v));
    }
}

static void *shoot_writer(void *arg)
{
    (void)arg;
    shoot_pin(0, 1);
    for (long i = 1;; i++) {
        int after = __atomic_load_n(&done, __ATOMIC_ACQUIRE);
        *page = i;                               /* must fault once `after` */
        __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
        if (after)
            exit(SHOOTDOWN_STALE);
    }
}

/* One child: a toucher thread, then `change` of the page, then `done`. */
static void shoot_round(void *(*toucher)(void *), int (*change)(void))
{
    pid_t c = FORK();
    if (c == 0) {
        shoot_pin(0, 0);
        page = (volatile long *)sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *page = 1;
        if (!thread_create(toucher, 0, THREAD_STACK_DEFAULT))
            exit(3);
        while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
            sched_yield();
        if (change() != 0)
            exit(4);
        __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
        for (;;)
            sched_yield();                       /* the toucher's fault ends us */
    }
    int status = 0;
    CHECK_EQ(sys_wait4(c, (long)&status, 0, 0), c);
    if (WIFEXITED(status) && WEXITSTATUS(status) == SHOOTDOWN_STALE)
        FAIL("a thread on another CPU used the page after the change returned");
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV))
        FAIL("the child ended with status %#x, not by SIGSEGV", status);
}

static int shoot_unmap(void) { return (int)sys_munmap((long)page, PAGE_SIZE); }
static int shoot_protect_none(void) { return (int)sys_mprotect((long)page, PAGE_SIZE, PROT_NONE); }
static int shoot_protect_ro(void) { return (int)sys_mprotect((long)page, PAGE_SIZE, PROT_READ); }

void test_shootdown(void)
{
    shoot_find_online();
    for (int i = 0; i < SHOOTDOWN_ROUNDS; i++) {
        shoot_round(shoot_reader, shoot_unmap);
        shoot_round(shoot_reader, shoot_protect_none);
        shoot_round(shoot_writer, shoot_protect_ro);
    }
    printf("usertests: shootdown: %d rounds each of munmap, mprotect(NONE) and mprotect(READ)\n",
           SHOOTDOWN_ROUNDS);
}

/* Copy-on-write: a sibling thread on CPU 1 writes the page in a loop while
 * the first thread forks on CPU 0. Once fork returns, the page is the
 * child's too: the writer's next write must fault and take a copy of its
 * own, or it would change what the child sees. */
static void *cow_writer(void *arg)
{
    (void)arg;
    shoot_pin(0, 1);
    for (long i = 1; !__atomic_load_n(&done, __ATOMIC_ACQUIRE); i++) {
        *page = i;
        __atomic_store_n(&started, 1, __ATOMIC_RELEASE);
    }
    return 0;
}

void test_shootdown_cow(void)
{
    shoot_find_online();
    pid_t c = FORK();
    if (c == 0) {
        shoot_pin(0, 0);
        page = (volatile long *)sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *page = 0;
        thread_t w = thread_create(cow_writer, 0, THREAD_STACK_DEFAULT);
        if (!w)
            exit(3);
        while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
            sched_yield();
        int bad = 0;
        for (int round = 0; round < SHOOTDOWN_ROUNDS; round++) {
            pid_t g = fork();
            if (g == 0) {
                long seen = *page;
                for (long end = now_ms() + 10; now_ms() < end;)
                    if (*page != seen)
                        exit(SHOOTDOWN_STALE);
                exit(0);
            }
            int st = 0;
            if (g < 0 || waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
                bad++;
        }
        __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
        thread_join(w, 0);
        exit(bad ? 5 : 0);
    }
    EXPECT_EXIT(c, 0);
    printf("usertests: shootdown_cow: %d forks while a sibling thread wrote\n", SHOOTDOWN_ROUNDS);
}
