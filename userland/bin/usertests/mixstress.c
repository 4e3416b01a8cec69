/* mixstress.c -- every CPU busy with everything at once, for a fixed
 * time (test_mix_stress): MIX_WORKERS processes, each of them MIX_THREADS
 * threads, each thread picking at random among fork-exit-wait, fork-exec
 * (of `bench --exit`, which ends at once), mmap-touch-munmap of a few
 * pages, mprotect of a shared scratch area back and forth while its
 * siblings touch it, and a thread made and joined. Under `mm_check=always`
 * (tests/smp.cmake at 4 CPUs) the kernel checks all its memory after every
 * fork, exit, reap and kill. What must hold: every child ends as it
 * should, no check fails, no page is lost (the runner counts), and the
 * test ends -- a lost wake-up would leave a waiter asleep for good. */
#include "ut.h"
#include "thread.h"

#define MIX_WORKERS 4
#define MIX_THREADS 3
#define MIX_MS 4000
#define MIX_SCRATCH_PAGES 4

static volatile char *scratch;           /* per worker: its threads touch it */
static long ops[MIX_THREADS];

static void mix_fork_exit(unsigned r)
{
    pid_t c = fork();
    if (c == 0)
        exit((int)(r & 0x7f));
    CHECK(c > 0);
    EXPECT_EXIT(c, (int)(r & 0x7f));
}

static void mix_fork_exec(void)
{
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = { "bench", "--exit", NULL };
        long err = sys_execve((long)"/bin/bench", (long)argv, 0);
        exit(100 + (int)-err);
    }
    CHECK(c > 0);
    EXPECT_EXIT(c, 0);
}

static void mix_map_unmap(unsigned r)
{
    long n = 1 + (long)(r % 4);
    long p = sys_mmap(0, n * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p > 0);
    for (long i = 0; i < n; i++)
        ((volatile char *)p)[i * PAGE_SIZE] = (char)r;
    CHECK_EQ(sys_munmap(p, n * PAGE_SIZE), 0);
}

/* Read-only and back: a sibling's write meanwhile would fault, so the
 * threads only read the scratch area and only this op writes it. */
static void mix_protect(unsigned r)
{
    long page = (long)scratch + (long)(r % MIX_SCRATCH_PAGES) * PAGE_SIZE;
    CHECK_EQ(sys_mprotect(page, PAGE_SIZE, PROT_READ), 0);
    (void)*(volatile char *)page;
    CHECK_EQ(sys_mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
}

static void *mix_short_thread(void *arg)
{
    for (int i = 0; i < MIX_SCRATCH_PAGES; i++)
        (void)scratch[i * PAGE_SIZE];
    return arg;
}

static void mix_thread(void)
{
    thread_t t = thread_create(mix_short_thread, (void *)1, THREAD_STACK_DEFAULT);
    CHECK(t != NULL);
    void *res = 0;
    CHECK_EQ(thread_join(t, &res), 0);
    CHECK(res == (void *)1);
}

static void *mix_loop(void *arg)
{
    long me = (long)arg;
    unsigned r = (unsigned)(getpid() * 7919 + me * 104729);
    for (long end = now_ms() + MIX_MS; now_ms() < end; ops[me]++) {
        r = r * 1103515245u + 12345u;
        switch ((r >> 16) % 5) {
        case 0: mix_fork_exit(r >> 8); break;
        case 1: mix_fork_exec(); break;
        case 2: mix_map_unmap(r >> 8); break;
        case 3: mix_protect(r >> 8); break;
        default: mix_thread(); break;
        }
    }
    return 0;
}

static noreturn void mix_worker(void)
{
    scratch = (volatile char *)sys_mmap(0, MIX_SCRATCH_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK((long)scratch > 0);
    thread_t t[MIX_THREADS];
    for (long i = 1; i < MIX_THREADS; i++)
        CHECK((t[i] = thread_create(mix_loop, (void *)i, THREAD_STACK_DEFAULT)) != NULL);
    mix_loop(0);
    long total = ops[0];
    for (int i = 1; i < MIX_THREADS; i++) {
        CHECK_EQ(thread_join(t[i], 0), 0);
        total += ops[i];
    }
    printf("usertests: mix_stress: pid %d: %ld operations\n", getpid(), total);
    exit(total > 0 ? 0 : 1);
}

void test_mix_stress(void)
{
    pid_t w[MIX_WORKERS];
    for (int i = 0; i < MIX_WORKERS; i++) {
        w[i] = FORK();
        if (w[i] == 0)
            mix_worker();
    }
    for (int i = 0; i < MIX_WORKERS; i++)
        EXPECT_EXIT(w[i], 0);
    printf("usertests: mix_stress: %d processes of %d threads for %d ms\n", MIX_WORKERS,
           MIX_THREADS, MIX_MS);
}
