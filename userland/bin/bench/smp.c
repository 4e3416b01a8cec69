/* smp.c -- the figures of more than one CPU, the same on weensy and Linux:
 *
 *   user_loop_parN       N processes, each pinned to its own CPU, count in a
 *                        loop with no system call: how far N CPUs can scale
 *                        under this QEMU on this host, the ceiling for the
 *                        two below (cycles per turn of the whole machine).
 *   fork_exit_wait_parN  N processes, each pinned to its own CPU, fork a
 *                        child that exits and wait for it, all at once:
 *                        cycles per fork of the whole machine (N = 1, 2,
 *                        4 as the CPUs allow). par1 / parN is the scaling.
 *   page_fault_parN      the same with first touches of fresh memory.
 *   tlb_shootdown        munmap of one page that a thread on the other CPU
 *                        has just read, so that CPU's TLB must be flushed
 *                        before munmap returns (weensy: an NMI, Linux: an
 *                        IPI); the munmap alone is timed.
 *
 * With fewer CPUs online a figure is skipped with a line saying so. */
#include "bench.h"
#ifdef BENCH_MUSL
#include <pthread.h>
#endif

#define PAR_FORKS 64
#define PAR_PAGES 1024
#define PAR_MAX 4
#define PAR_LOOP 2000000

static int bench_ncpus(void)
{
    unsigned long mask[16] = { 0 };
    if (sys_sched_getaffinity(0, sizeof mask, (long)mask) < 0)
        return 1;
    return __builtin_popcountl(mask[0]);
}

static void pin(int cpu)
{
    unsigned long mask[16] = { 0 };
    mask[0] = cpu < 0 ? ~0UL : 1UL << cpu;
    sys_sched_setaffinity(0, sizeof mask, (long)mask);
}

static void par_forks(void)
{
    for (int i = 0; i < PAR_FORKS; i++) {
        pid_t pid = must_fork();
        if (pid == 0)
            for (;;)
                sys_exit(0);
        reap(pid);
    }
}

static void par_faults(void)
{
    char *p = map(PAR_PAGES * PAGE, MAP_PRIVATE);
    for (long off = 0; off < PAR_PAGES * PAGE; off += PAGE)
        ((volatile char *)p)[off] = 1;
    sys_munmap((long)p, PAR_PAGES * PAGE);
}

static void par_loop(void)
{
    for (volatile long i = 0; i < PAR_LOOP; i++)
        ;
}

static int par_n;
static void (*par_work)(void);

/* par_round: par_n workers, each on its own CPU, start together; the time
 * from the start to the last one reaped. */
static uint64_t par_round(long ops)
{
    (void)ops;
    pid_t pids[PAR_MAX];
    __atomic_store_n(&shared->ready, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&shared->go, 0, __ATOMIC_SEQ_CST);
    for (int k = 0; k < par_n; k++) {
        pids[k] = must_fork();
        if (pids[k] == 0) {
            pin(k);
            __atomic_add_fetch(&shared->ready, 1, __ATOMIC_SEQ_CST);
            while (!__atomic_load_n(&shared->go, __ATOMIC_ACQUIRE))
                ;
            par_work();
            for (;;)
                sys_exit(0);
        }
    }
    while (__atomic_load_n(&shared->ready, __ATOMIC_ACQUIRE) != par_n)
        sys_sched_yield();
    uint64_t t0 = rdtsc();
    __atomic_store_n(&shared->go, 1, __ATOMIC_RELEASE);
    for (int k = 0; k < par_n; k++)
        reap(pids[k]);
    return rdtsc() - t0;
}

static void par_bench(const char *name, void (*work)(void), long per_worker, int ncpus)
{
    char full[48];
    for (int n = 1; n <= PAR_MAX; n *= 2) {
        if (n > ncpus) {
            printf("bench: %s_par%d skipped: %d CPU%s online\n", name, n, ncpus, ncpus == 1 ? "" : "s");
            continue;
        }
        par_n = n;
        par_work = work;
        snprintf(full, sizeof full, "%s_par%d", name, n);
        run(full, par_round, per_worker * n);
    }
}

/* ---- tlb_shootdown ---------------------------------------------------- */

static volatile long *volatile tlb_page;
static volatile long tlb_seq, tlb_ack, tlb_count;
static volatile int tlb_ended;

int bench_thread(void *(*fn)(void *))
{
#ifdef BENCH_MUSL
    pthread_t t;
    if (pthread_create(&t, 0, fn, 0) != 0)
        return -1;
    pthread_detach(t);
    return 0;
#else
    return thread_create(fn, 0, THREAD_STACK_DEFAULT) ? 0 : -1;
#endif
}

static void *tlb_toucher(void *arg)
{
    (void)arg;
    pin(1);
    long last = 0;
    for (;;) {
        long s = tlb_seq;
        if (s < 0) {
            __atomic_store_n(&tlb_ended, 1, __ATOMIC_RELEASE);
            return 0;
        }
        if (s != last) {
            (void)*tlb_page;             /* the translation is now in CPU 1's TLB */
            last = s;
            __atomic_store_n(&tlb_ack, s, __ATOMIC_RELEASE);
        }
    }
}

static uint64_t tlb_shootdown(long n)
{
    uint64_t total = 0;
    for (long i = 0; i < n; i++) {
        long *p = map(PAGE, MAP_PRIVATE);
        *p = i;
        tlb_page = p;
        long s = ++tlb_count;
        __atomic_store_n(&tlb_seq, s, __ATOMIC_RELEASE);
        while (__atomic_load_n(&tlb_ack, __ATOMIC_ACQUIRE) != s)
            ;
        uint64_t t0 = rdtsc();
        sys_munmap((long)p, PAGE);
        total += rdtsc() - t0;
    }
    return total;
}

void bench_smp(void)
{
    int ncpus = bench_ncpus();
    printf("bench: cpus %d count\n", ncpus);
    par_bench("user_loop", par_loop, PAR_LOOP, ncpus);
    par_bench("fork_exit_wait", par_forks, PAR_FORKS, ncpus);
    par_bench("page_fault", par_faults, PAR_PAGES, ncpus);
    if (ncpus < 2) {
        printf("bench: tlb_shootdown skipped: 1 CPU online\n");
        return;
    }
    pin(0);
    if (bench_thread(tlb_toucher) < 0) {
        printf("bench: tlb_shootdown: no thread\n");
        exit(1);
    }
    run("tlb_shootdown", tlb_shootdown, 200);
    /* Let the toucher end, but do not join it: on Linux weensy's library's
     * join never returned here (its futex wait); it is the last figure
     * anyway, and the process's end takes the thread along. */
    tlb_seq = -1;
    for (uint64_t end = rdtsc() + 100 * tsc_khz; !tlb_ended && rdtsc() < end;)
        sys_sched_yield();
    pin(-1);
}
