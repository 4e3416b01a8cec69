/* bench.h -- what the benchmark's files share (main.c: the single-CPU
 * figures and the harness; smp.c: the figures of more than one CPU). The
 * same sources build for weensy and, with BENCH_LINUX, for Linux. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H
#include "weensy.h"

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
#define BENCH_PATH "/bin/bench"
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
void reap(pid_t pid);
/* bench_smp: the figures of more than one CPU (smp.c). */
void bench_smp(void);
/* bench_swap: the figures of page replacement (swap.c). */
void bench_swap(void);
/* bench_files: read_4k and mmap_file_fault (files.c). */
void bench_files(void);
#endif
