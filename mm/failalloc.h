/* failalloc.h -- fault injection: page and kmalloc allocations that fail
 * on purpose, so that every error path that handles "out of memory" runs
 * (docs/mm.md, "Allocations that fail on purpose").
 *
 *   failalloc=N              every Nth allocation that may fail does
 *   failalloc=random:P       each one fails with probability P percent
 *   failalloc_seed=S         the random variant's seed (default 1)
 *
 * Which allocations may fail: page_alloc() and kmalloc() calls made while
 * a process runs in the kernel on its own behalf (a system call, a page
 * fault), after the first process started, unless that process is the one
 * spared (init: it is the harness, and its death ends the run). So boot,
 * the kernel's own start of init (or of the demo workloads) and anything
 * the scheduler does never see a failure; fork, exec, mmap, shm, brk,
 * page_alloc, the copies of user memory and every page fault of the
 * processes init starts do. kmalloc's own slab pages are not counted
 * again: a kmalloc is one allocation.
 */
#ifndef MM_FAILALLOC_H
#define MM_FAILALLOC_H
#include <stdbool.h>
#include <stdint.h>

struct proc;

/* failalloc_init: read the command line (at boot, before any process). */
void failalloc_init(void);
/* failalloc_start: from now on, allocations made for processes other than
 * `spared` (may be NULL) may fail. */
void failalloc_start(const struct proc *spared);
/* failalloc_now: should the allocation being made fail? Counts it. Most
 * boots inject nothing, and every page and kmalloc allocation asks: the
 * flag is read inline, and only a boot that may fail an allocation
 * calls failalloc_decide. */
extern bool failalloc_live;      /* [atomic] set once anything is armed; never cleared */
bool failalloc_decide(void);
static inline bool failalloc_now(void)
{
    return __atomic_load_n(&failalloc_live, __ATOMIC_RELAXED) && failalloc_decide();
}
/* failalloc_report: one line with what was injected (at shutdown). */
void failalloc_report(void);

/* For in-kernel tests, whatever the command line and context: the nth
 * allocation from now fails (1: the next one; 0: none). failalloc_ktest
 * returns whether the one asked for earlier is still to come. */
void failalloc_ktest_arm(uint64_t nth);
bool failalloc_ktest_pending(void);
#endif
