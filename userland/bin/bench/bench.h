/* bench.h -- what the benchmark's files share (main.c: the single-CPU
 * figures and the harness; smp.c: the figures of more than one CPU). The
 * same sources build three ways: with weensy's user library for weensy
 * (bin/bench); with it again, BENCH_LINUX, for Linux (scripts/bench's
 * Linux init); and with musl-gcc, BENCH_MUSL, as one static Linux program
 * that runs on both (bin/musl-bench), which finds out at start which
 * kernel it is on. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H
#ifdef BENCH_MUSL
#include "bench_musl.h"
#else
#include "weensy.h"
#endif

#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_ANONYMOUS 0x20
#define CLOCK_MONOTONIC 1
#define PAGE 4096L
#define MIB (1024L * 1024)

#define ROUNDS_MAX 31

/* What fork_exec_exit_wait's children exec: the same path on weensy (the
 * initrd's programs are /bin/NAME) and in Linux's initramfs. */
#ifdef BENCH_MUSL
#define BENCH_PATH "/bin/musl-bench"
#else
#define BENCH_PATH "/bin/bench"
#endif

/* bench_on_linux: which kernel runs the program. The first two builds
 * know it when they are compiled; musl-bench asks uname at start (weensy's
 * release string ends in "-weensy"), in bench_kernel_probe. */
#if defined(BENCH_MUSL)
extern int bench_on_linux;
#elif defined(BENCH_LINUX)
#define bench_on_linux 1
#else
#define bench_on_linux 0
#endif
#define EXIT_ARG "--exit"

/* What two processes share: results from a child, the ping-pong flag; and
 * for the multi-CPU figures, the start line and the workers' count. */
struct shared {
    volatile uint64_t cycles;
    volatile int ready;
    volatile int go;
    volatile int done;
};
extern struct shared *shared;
extern int rounds;
extern uint64_t tsc_khz;

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    /* lfence: the read is not hoisted above the code being timed. */
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

void *map(long len, int flags);
void report(const char *name, uint64_t total, long ops);
/* run: a warm-up round, then `rounds` rounds of fn(ops); report the median. */
void run(const char *name, uint64_t (*fn)(long), long ops);
pid_t must_fork(void);
/* bench_thread: fn(NULL) in a new thread of this process (weensy's thread
 * library, or musl's pthreads); 0, or -1 if none could be made. The
 * thread is never joined: the process's end takes it along. */
int bench_thread(void *(*fn)(void *));
void reap(pid_t pid);
/* bench_smp: the figures of more than one CPU (smp.c). */
void bench_smp(void);
/* bench_swap: the figures of page replacement (swap.c). */
void bench_swap(void);
/* How the swap figures set up and count on one kernel. */
struct bench_swap_ops {
    long (*setup)(void);         /* swap slots ready, or <= 0: none */
    long (*pageins)(void);       /* pages read back from swap since boot, or -1 */
    long (*ram_pages)(void);     /* the machine's pages of RAM */
    long (*free_pages)(void);    /* of those, free now */
};
/* Linux's: mounts, the virtio modules, a swap header and swapon, and
 * /proc/vmstat (swap_linux.c). */
extern const struct bench_swap_ops bench_swap_linux_ops;
/* bench_files: read_4k and mmap_file_fault (files.c). */
void bench_files(void);
#endif
