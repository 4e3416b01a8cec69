/* btrace.h -- cycle counts of named kernel spans, for docs/performance.md.
 * On with "bench_trace" on the command line; the totals are printed when
 * init exits. Off, a span costs one load and a branch. */
#ifndef KERNEL_BTRACE_H
#define KERNEL_BTRACE_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/x86.h"

enum btrace_span {
    BT_FORK,            /* sys_fork, whole */
    BT_FORK_ALLOC,      /*   proc_alloc: slot, pid, kernel stack, empty space */
    BT_FORK_KSTACK,     /*     kstack_alloc */
    BT_FORK_COPY,       /*   vmspace_copy: areas and page tables */
    BT_EXIT,            /* proc_exit up to the last switch away */
    BT_EXIT_RELEASE,    /*   proc_release_memory: the whole address space */
    BT_REAP,            /* proc_free of a zombie: kernel stack, slot */
    BT_SCHED,           /* scheduler: from a process's switch in to the next one */
    BT_FAULT,           /* vm_fault, whole */
    BT_EXEC,            /* sys_execve, whole */
    BT_EXEC_FIND,       /*   the path to a cached, validated program */
    BT_EXEC_IMAGE,      /*   new address space and its segments */
    BT_EXEC_STACK,      /*   the stack: strings, vectors, auxv */
    BT_EXEC_COMMIT,     /*   switch to the new space, destroy the old */
    BT_SWAPIN_READ,     /* a swap-in fault's read, from the request to the wake-up */
    BT_SWAPIN_WAIT,     /* a fault waiting for a page another read brings */
    BT_COUNT
};

extern bool btrace_on;
void btrace_add(enum btrace_span s, uint64_t cycles);
void btrace_report(void);
void btrace_init(void);

static inline uint64_t btrace_start(void) { return btrace_on ? rdtsc() : 0; }
static inline void btrace_end(enum btrace_span s, uint64_t t0)
{
    if (btrace_on)
        btrace_add(s, rdtsc() - t0);
}
/* btrace_lap: end span s, started at t0, and return the start of the next
 * one (one TSC read for both). */
static inline uint64_t btrace_lap(enum btrace_span s, uint64_t t0)
{
    if (!btrace_on)
        return 0;
    uint64_t t = rdtsc();
    btrace_add(s, t - t0);
    return t;
}
#endif
