/* bench -- micro-benchmarks of the paths a virtual-memory kernel lives on.
 *
 * The same source builds for weensy (userland/bin) and, because weensy's
 * system calls are Linux's numbers and convention, as a static Linux
 * program (the bench-linux target) that scripts/bench runs as Linux's init;
 * and with musl-gcc as musl-bench, one binary that runs on both kernels
 * (bench.h). What differs on Linux: how the program ends (Linux's init
 * must not exit, so it powers the machine off), where the files figures'
 * file lives, and how the swap figures set up and count (swap.c); the TSC
 * rate is measured the same way on both, against clock_gettime.
 * fork_exec_exit_wait runs this very program again, as BENCH_PATH on both
 * systems (on Linux /init is a symbolic link to bin/bench, and musl-bench
 * runs as rdinit=/bin/musl-bench: scripts/mkinitramfs), with --exit,
 * which makes it exit at once.
 *
 * Every figure is the median of ROUNDS rounds after one warm-up round,
 * printed as "bench: NAME VALUE UNIT", once in TSC cycles and once in
 * nanoseconds (integer arithmetic, one decimal: user code has no floating
 * point). Figures are per operation: per call, per fork, per page, per
 * switch.
 *
 *   bench [quick] [rounds=N] [smp | swap | files | pages] [only=FIGURE]
 *   bench --exit
 *
 * quick: 3 rounds (the ctest). smp: only the multi-CPU figures. swap:
 * only page replacement's (swap.c; a swap device needed). files: only
 * files' and pipes'. pages: only the ways of clearing and copying a page
 * (pagemove.c). only=FIGURE: that one of run()'s figures alone (to
 * profile it). --exit: exit with status 0 before anything
 * else (the program fork_exec_exit_wait execs). docs/performance.md
 * explains each figure.
 */
#include "bench.h"

int rounds = 7;
uint64_t tsc_khz;                /* TSC cycles per millisecond */

struct shared *shared;
static char *mem4m;              /* 4 MiB of touched private memory */

static uint64_t now_ns(void)
{
    struct timespec t;
    if (sys_clock_gettime(CLOCK_MONOTONIC, (long)&t) < 0)
        return 0;
    return (uint64_t)t.tv_sec * 1000000000 + (uint64_t)t.tv_nsec;
}

/* measure_tsc: TSC cycles per millisecond, counted over 100 ms of the
 * kernel's monotonic clock. */
static uint64_t measure_tsc(void)
{
    uint64_t t0 = now_ns(), c0 = rdtsc(), t1;
    do
        t1 = now_ns();
    while (t1 - t0 < 100000000 && t1 >= t0);
    uint64_t c1 = rdtsc();
    return t1 > t0 ? (c1 - c0) * 1000000 / (t1 - t0) : 0;
}

void *map(long len, int flags)
{
    long p = sys_mmap(0, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
    if (p < 0 && p > -4096) {
        printf("bench: mmap of %ld bytes failed: %ld\n", len, p);
        exit(1);
    }
    return (void *)p;
}

static void touch(char *p, long len, char v)
{
    for (long off = 0; off < len; off += PAGE)
        ((volatile char *)p)[off] = v;
}

static void report_ns(const char *name, uint64_t total, long ops)
{
    uint64_t tenths = tsc_khz ? total * 10000000 / tsc_khz / (uint64_t)ops : 0;
    printf("bench: %s %lu.%lu ns\n", name, (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

/* report: the line pair for one figure; total cycles over `ops`. */
void report(const char *name, uint64_t total, long ops)
{
    printf("bench: %s %lu cycles\n", name, (unsigned long)(total / (uint64_t)ops));
    report_ns(name, total, ops);
}

static void sort(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

/* "only=NAME": run that figure alone (and rounds= times), to profile
 * it (scripts/trace-insns, perf on QEMU) without the rest around it. */
static const char *only;

/* run: a warm-up round, then `rounds` rounds of fn(ops); report the median
 * round. fn returns the cycles its ops took. */
void run(const char *name, uint64_t (*fn)(long), long ops)
{
    uint64_t v[ROUNDS_MAX];
    if (only && strcmp(only, name) != 0)
        return;
    fn(ops);
    for (int r = 0; r < rounds; r++)
        v[r] = fn(ops);
    sort(v, rounds);
    report(name, v[rounds / 2], ops);
}

pid_t must_fork(void)
{
    long pid = sys_fork();
    if (pid < 0) {
        printf("bench: fork failed: %ld\n", pid);
        exit(1);
    }
    return (pid_t)pid;
}

void reap(pid_t pid)
{
    int status = 0;
    long got = sys_wait4(pid, (long)&status, 0, 0);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("bench: child %d: wait4 %ld, status %#x\n", pid, got, status);
        exit(1);
    }
}

/* ---- the benchmarks ------------------------------------------------------ */

static uint64_t null_syscall(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        sys_getpid();
    return rdtsc() - t0;
}

/* fork a child that exits at once, and wait for it. */
static uint64_t fork_exit_wait(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = must_fork();
        if (pid == 0)
            for (;;)
                sys_exit(0);
        reap(pid);
    }
    return rdtsc() - t0;
}

/* fork a child that execs bench --exit, and wait for it. The environment
 * is empty: only the path and the two arguments go to the new stack. */
static uint64_t fork_exec_exit_wait(long n)
{
    static char *const argv[] = { BENCH_PATH, EXIT_ARG, 0 };
    static char *const envp[] = { 0 };
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = must_fork();
        if (pid == 0) {
            long err = sys_execve((long)BENCH_PATH, (long)argv, (long)envp);
            printf("bench: exec %s failed: %ld\n", BENCH_PATH, err);
            for (;;)
                sys_exit(127);
        }
        reap(pid);
    }
    return rdtsc() - t0;
}

/* first touch of fresh anonymous memory: n pages of one mapping. */
static uint64_t page_fault(long n)
{
    char *p = map(n * PAGE, MAP_PRIVATE);
    uint64_t t0 = rdtsc();
    touch(p, n * PAGE, 1);
    uint64_t t = rdtsc() - t0;
    sys_munmap((long)p, n * PAGE);
    return t;
}

/* a child writes one byte per page of the parent's touched 4 MiB. */
static uint64_t cow_fault(long n)
{
    pid_t pid = must_fork();
    if (pid == 0) {
        uint64_t t0 = rdtsc();
        touch(mem4m, n * PAGE, 2);
        shared->cycles = rdtsc() - t0;
        for (;;)
            sys_exit(0);
    }
    reap(pid);
    return shared->cycles;
}

/* two processes take turns with sched_yield: n/2 yields each, n switches.
 * The child says it is ready first, so the timed loop starts with both
 * runnable. */
static uint64_t yield_pingpong(long n)
{
    n /= 2;
    shared->ready = 0;
    pid_t pid = must_fork();
    if (pid == 0) {
        shared->ready = 1;
        for (long i = 0; i < n; i++)
            sys_sched_yield();
        for (;;)
            sys_exit(0);
    }
    while (!shared->ready)
        sys_sched_yield();
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        sys_sched_yield();
    uint64_t t = rdtsc() - t0;
    reap(pid);
    return t;
}

/* one byte from parent to child through one pipe and back through
 * another, per round trip: two pipe writes, two reads and two hand-offs
 * between the processes. The pipes are made outside the timed loop. */
static uint64_t pipe_pingpong(long n)
{
    int down[2], up[2];
    if (sys_pipe2((long)down, 0) < 0 || sys_pipe2((long)up, 0) < 0) {
        printf("bench: pipe2 failed\n");
        exit(1);
    }
    char c = 'x';
    pid_t pid = must_fork();
    if (pid == 0) {
        for (long i = 0; i < n; i++)
            if (sys_read(down[0], (long)&c, 1) != 1 || sys_write(up[1], (long)&c, 1) != 1)
                for (;;)
                    sys_exit(1);
        for (;;)
            sys_exit(0);
    }
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        if (sys_write(down[1], (long)&c, 1) != 1 || sys_read(up[0], (long)&c, 1) != 1) {
            printf("bench: pipe_pingpong: round %ld failed\n", i);
            exit(1);
        }
    uint64_t t = rdtsc() - t0;
    reap(pid);
    for (int i = 0; i < 2; i++) {
        sys_close(down[i]);
        sys_close(up[i]);
    }
    return t;
}

/* map one page, touch it, unmap it. */
static uint64_t mmap_munmap(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        char *p = map(PAGE, MAP_PRIVATE);
        *(volatile char *)p = 1;
        sys_munmap((long)p, PAGE);
    }
    return rdtsc() - t0;
}

/* ---- main ------------------------------------------------------------------ */

/* "smp": only the figures of more than one CPU (bench_smp), to work on
 * them without waiting for the rest. */
static int smp_only;
/* "swap": only the figures of page replacement (bench_swap), which need a
 * swap device and a machine of their own size. */
static int swap_only;
/* "files": only the figures of files and pipes (issue 16's three). */
static int files_only;
/* "pages": only the ways of clearing and copying a page (pagemove.c). */
static int pages_only;

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "quick") == 0)
            rounds = 3;
        else if (strncmp(argv[i], "rounds=", 7) == 0)
            rounds = atoi(argv[i] + 7);
        else if (strcmp(argv[i], "smp") == 0)
            smp_only = 1;
        else if (strcmp(argv[i], "swap") == 0)
            swap_only = 1;
        else if (strcmp(argv[i], "files") == 0)
            files_only = 1;
        else if (strcmp(argv[i], "pages") == 0)
            pages_only = 1;
        else if (strncmp(argv[i], "only=", 5) == 0)
            only = argv[i] + 5;
    }
    if (rounds < 1)
        rounds = 1;
    if (rounds > ROUNDS_MAX)
        rounds = ROUNDS_MAX;
}

#ifdef BENCH_MUSL
int bench_on_linux;

/* bench_kernel_probe: weensy's uname release is Linux's form with
 * "-weensy" at the end (kernel/sys_uname.c); anything else is Linux. */
static void bench_kernel_probe(void)
{
    char uts[6 * 65] = { 0 };    /* struct utsname: six fields of 65 bytes */
    bench_on_linux = sys_uname((long)uts) < 0 || !strstr(uts + 2 * 65, "weensy");
    /* Each line whole, at once, whatever musl decides stdout is. */
    setvbuf(stdout, 0, _IOLBF, 0);
}
#endif

static noreturn void finish(void)
{
    printf("bench: done\n");
    /* Linux panics when init exits: power the machine off instead
     * (reboot(2): LINUX_REBOOT_MAGIC1, MAGIC2, LINUX_REBOOT_CMD_POWER_OFF).
     * Only as init: run by hand on a Linux machine, it just exits. */
    if (bench_on_linux && sys_getpid() == 1)
        for (;;)
            syscall6(169, 0xfee1dead, 672274793, 0x4321fedc, 0, 0, 0);
    exit(0);
}

int main(int argc, char **argv)
{
    /* First: the TSC at the first instruction of main, which under QEMU
     * counts from the machine's reset; and the first line, which
     * scripts/bench times from QEMU's start. */
    uint64_t at_main = rdtsc();
    /* The exec'd child of fork_exec_exit_wait: nothing but the exit, so
     * that the figure is the kernel's work. */
    if (argc == 2 && strcmp(argv[1], EXIT_ARG) == 0)
        for (;;)
            sys_exit(0);
#ifdef BENCH_MUSL
    bench_kernel_probe();
#endif
    printf("bench: reset_to_main %lu cycles\n", (unsigned long)at_main);
    printf("bench: kernel %s\n", bench_on_linux ? "linux" : "weensy");

    parse_args(argc, argv);
    tsc_khz = measure_tsc();
    printf("bench: tsc_rate %lu kHz\n", (unsigned long)tsc_khz);
    report_ns("reset_to_main", at_main, 1);
    printf("bench: rounds %d count\n", rounds);

    shared = map(PAGE, MAP_SHARED);
    if (smp_only) {
        bench_smp();
        finish();
    }
    if (swap_only) {
        bench_swap();
        finish();
    }
    if (pages_only) {
        bench_pages();
        finish();
    }
    if (files_only) {
        bench_files();
        run("pipe_pingpong", pipe_pingpong, 1000);
        finish();
    }
    run("null_syscall", null_syscall, 10000);
    run("fork_exit_wait_small", fork_exit_wait, 20);
    run("fork_exec_exit_wait", fork_exec_exit_wait, 20);
    mem4m = map(4 * MIB, MAP_PRIVATE);
    touch(mem4m, 4 * MIB, 1);
    run("fork_exit_wait_4m", fork_exit_wait, 20);
    run("cow_fault", cow_fault, 4 * MIB / PAGE);
    sys_munmap((long)mem4m, 4 * MIB);
    run("page_fault", page_fault, 64 * MIB / PAGE);
    run("yield_pingpong", yield_pingpong, 1000);
    run("mmap_munmap", mmap_munmap, 200);
    bench_files();
    run("pipe_pingpong", pipe_pingpong, 1000);
    if (!only)
        bench_smp();
    finish();
}
