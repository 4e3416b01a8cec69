/* ut.h -- the usertests harness: the test table, checks that print both
 * sides, and helpers for forking, waiting and sleeping.
 *
 * Every test in the table runs in a forked child of the runner (main.c), so
 * a crash ends only that test. A test passes by returning; a failed check
 * prints "usertests: NAME FAILED: file:line: what" and exits with 1 (in a
 * grandchild too: its parent then sees the exit status 1 and fails in turn).
 *
 * Rules for tests: reap every process you create (the runner kills and
 * counts any left behind as a failure); keep stack use modest and big
 * buffers out of .data and .bss (use malloc or page_alloc at SCRATCH), so
 * that a process has few pages to copy on write and little to lose when
 * memory runs out (see ut_prefault).
 */
#ifndef USERTESTS_UT_H
#define USERTESTS_UT_H
#include "weensy.h"
#include "testrun.h"
#include "arch/x86_64/memlayout.h"

/* mmap's arguments (Linux's values, as mm/mmap.c has them). */
#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_SHARED    0x01
#define MAP_ANONYMOUS 0x20

/* Addresses tests use. */
#define KIMAGE_ADDR   0xffffffff80100000UL  /* kernel image */
#define DMAP_ADDR     0xffff800000000000UL  /* direct map (physical 0) */
#define KSTACK_ADDR   0xffffff0000001000UL  /* kernel stack area */
#define NONCANON_ADDR 0x0000800000000000UL  /* first non-canonical address */
#define UNMAPPED_ADDR 0x0000300000000000UL  /* user half, never mapped */
#define SCRATCH       0x0000000100000000UL  /* page_alloc playground */
#define OOM_BASE      0x0000010000000000UL  /* where oom tests map pages */
#define NPROC_MAX_SEEN 128                  /* room for every process in procs() */

/* ---- the test table (main.c) --------------------------------------------- */
/* The runner, the test table's entries (struct testrun_case), the failure
 * reports, the checks (FAIL, CHECK, CHECK_EQ) and value/status text are
 * the user library's (testrun.h). */
extern int ut_argc;             /* main's arguments */
extern char **ut_argv, **ut_envp;

/* ---- processes (ut.c; FORK, WAIT, EXPECT_* are testrun.h's) -------------- */
/* ut_reap_within: reap pid if it ends within ms milliseconds (polling);
 * 1 and *status if it did, 0 if it is still running. */
int ut_reap_within(pid_t pid, unsigned ms, int *status);

/* ut_zombie_pages: after forking a child that exits at once, wait (up to
 * 2 s) until it has released its memory; returns how many pages fewer
 * than `before` are free (a zombie may keep its kernel stack). */
long ut_zombie_pages(long before);

/* ut_prefault: write (in place, the same value) to every page this
 * process may write from now on -- the data segment, the heap, the stack
 * from its top to 16 KiB below the caller -- so that none of them is still
 * shared copy-on-write: when memory is exhausted, a process that writes to
 * such a page is killed (docs/vm.md). Call it before forking a process
 * that will exhaust memory, and first thing in that process. */
void ut_prefault(void);
/* fork_exit_reap (oomfork.asm): fork a child that exits with 0 at once;
 * reap it. Neither side writes to memory meanwhile. Returns the child's
 * pid, or fork's -errno. */
long fork_exit_reap(void);

noreturn void ut_spin_forever(void);
noreturn void ut_sleep_forever(void);
/* ut_opaque: x, hidden from the optimizer. */
static inline uintptr_t ut_opaque(uintptr_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}
/* ut_spin_loop: burn CPU in user mode for n iterations, no system calls. */
void ut_spin_loop(long n);

/* ---- the tests ----------------------------------------------------------- */
void test_args(void);
void test_faults(void);
void test_regs(void);
void test_nmi(void);
void test_debug_throttle(void);
void test_badargs(void);
void test_sleep(void);
void test_page_alloc(void);
void test_oom(void);
void test_forkoom(void);
void test_fork(void);
void test_forkfull(void);
void test_exitwait(void);
int test_orphan(void);
void test_kill(void);
void test_sigframe(void);
void test_preempt(void);
void test_stress(void);
void test_forkers(void);
void test_groups(void);
void test_affinity(void);
void test_affinity_move(void);
void test_shootdown(void);
void test_shootdown_cow(void);
void test_mix_stress(void);
void test_info(void);
void test_checkrace(void);
void test_exec_all(void);
void test_fuzz_job(void);
void test_exec_errors(void);
void test_exec_args(void);
void test_exec_random(void);
void test_exec_keeps(void);
void test_exec_frees(void);
void test_exec_bigbss(void);
void test_threads(void);
void test_thread_memory(void);
void test_thread_exit(void);
void test_thread_exit_group(void);
void test_thread_tls(void);
void test_thread_kill(void);
void test_thread_fork(void);
void test_thread_exec(void);
void test_thread_calls(void);
void test_futex(void);

/* ro_page: a page of .rodata that holds nothing else (page_alloc.c). */
extern const unsigned char ro_page[4096];
#endif
