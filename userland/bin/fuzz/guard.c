/* guard.c -- keeping random calls from ending or stalling the test, or from
 * destroying the fuzzer's own memory, most of the time:
 *
 *  - when the coordinator is not init, the run stays inside its job:
 *    setpgid never takes a process out of the coordinator's group (and
 *    setsid becomes getsid: a new session would leave it too), and
 *    kill, sched_setaffinity and prlimit64 reach only the run's processes, kill
 *    never the coordinator (as init, kill(-1) cannot reach anyone else,
 *    and init cannot be signalled anyway);
 *  - reads and writes of any descriptor that is the console or a pipe
 *    (guard_fs.c): writes to the console print nothing, reads of it and
 *    of an empty pipe, and writes to a full one, mostly move nothing;
 *  - execve of a program that exists runs it in a mode that exits at once;
 *  - the signal calls never install a handler that is not a real one
 *    (guard_sig.c), and tkill/tgkill follow kill's rule;
 *  - one mem_dump a round at most (a whole memory dump on the serial port);
 *  - munmap, mprotect, mmap MAP_FIXED, mremap (its old range) and page_alloc
 *    over the fuzzer's own image, stack, shared page or edge pages go to
 *    its toy area instead, and mremap's MREMAP_FIXED onto them is dropped,
 *    as is shmat's address in reach of its stack (guard_shmat),
 *    except 1 time in 50 (--self-harm), when the worker is let hurt itself
 *    (it probably dies of a fault: that path is worth fuzzing too);
 *  - a buffer in its stack's area that is not its own scratch (the pool's
 *    "last user page" is the top of its stack, where its state is) moves
 *    to the same place in an edge page (guard_stack_buffer), always.
 * Everything else (nanosleep for ages, wait4, the viewer) may block: the
 * round's end kills it.
 */
#include "fuzz.h"
#include "arch/x86_64/memlayout.h"
#include "include/weensy/termios.h"

extern char _end[];

#define TOY_ADDR 0x20000000UL    /* args.c */
#define TOY_LEN (64 * PAGE_SIZE)

static bool overlaps(uintptr_t lo, uintptr_t hi, uintptr_t a, uintptr_t b) { return lo < b && a < hi; }

bool guard_overlaps_vital(struct worker *w, uintptr_t lo, uintptr_t hi)
{
    return overlaps(lo, hi, USER_TEXT_BASE, PAGE_ALIGN_UP((uintptr_t)_end)) ||
           overlaps(lo, hi, w->stack_low, USER_TOP) ||
           overlaps(lo, hi, fuzz_mem.shared, fuzz_mem.shared + fuzz_mem.shared_len) ||
           overlaps(lo, hi, fuzz_mem.edge, fuzz_mem.edge + fuzz_mem.edge_len);
}

/* The pages a mapping call would change: [*lo, *hi), or false if the
 * kernel will refuse it before changing anything. */
static bool map_range(long nr, const struct arg a[6], uintptr_t *lo, uintptr_t *hi)
{
    uintptr_t addr = (uintptr_t)a[0].v;
    size_t len = nr == SYS_page_alloc ? PAGE_SIZE : (size_t)a[1].v;
    if (nr == SYS_mmap && !(a[3].v & MAP_FIXED))
        return false;            /* a hint: never replaces anything */
    if (!PAGE_ALIGNED(addr) || addr >= USER_TOP || len == 0 || len > USER_TOP)
        return false;
    *lo = addr;
    *hi = addr + PAGE_ALIGN_UP(len);
    return true;
}

static void guard_mapping(struct worker *w, long nr, struct arg a[6])
{
    uintptr_t lo, hi;
    if (!map_range(nr, a, &lo, &hi) || !guard_overlaps_vital(w, lo, hi))
        return;
    if (run.harm && rng_chance(&w->rng, 1, (uint64_t)run.harm)) {
        __atomic_add_fetch(&fz->self_harm, 1, __ATOMIC_RELAXED);
        return;
    }
    uint64_t page = rng_below(&w->rng, TOY_LEN / PAGE_SIZE);
    a[0].v = (long)(TOY_ADDR + page * PAGE_SIZE);
    if (nr != SYS_page_alloc && (size_t)a[1].v > TOY_LEN - page * PAGE_SIZE)
        a[1].v = (long)(TOY_LEN - page * PAGE_SIZE);
}

/* guard_mremap: the old range as any mapping call's; a MREMAP_FIXED
 * destination over the vital pages becomes a move to wherever the kernel
 * likes (the flag dropped). */
static void guard_mremap(struct worker *w, struct arg a[6])
{
    guard_mapping(w, SYS_mremap, a);
    uintptr_t to = (uintptr_t)a[4].v;
    size_t len = (size_t)a[2].v;
    if ((a[3].v & MREMAP_FIXED) && len <= USER_TOP && to < USER_TOP &&
        guard_overlaps_vital(w, PAGE_ALIGN_DOWN(to), to + PAGE_ALIGN_UP(len)))
        a[3].v &= ~(long)MREMAP_FIXED;
}

/* guard_shmat: an attachment at an address is refused where anything is
 * mapped, but the stack's area covers only what the stack has touched: a
 * segment attached below it, inside the stack's vital range, became the
 * stack's pages as the stack grew, shared with every sibling that
 * attached the same segment there, and workers saw each other's
 * variables (getpid "someone else"). Such an address is dropped (the
 * kernel places the segment), reckoning with the largest segment. */
#define GUARD_SHM_MAX (16UL << 20)
static void guard_shmat(struct worker *w, struct arg a[6])
{
    uintptr_t addr = (uintptr_t)a[1].v;
    if (addr && addr < USER_TOP && overlaps(addr, addr + GUARD_SHM_MAX, w->stack_low, USER_TOP))
        a[1].v = 0;
}

/* guard_stack_buffer: a buffer the kernel may write into must not be the
 * worker's stack, apart from the scratch that args_own_buffer hands out
 * (own: the guards bound its lengths). The stack's area fills in on
 * demand, so a write anywhere in it succeeds, and the worker's state
 * (struct worker, worker.c) sits at its top: the pool's hostile "last
 * user page", USER_TOP - PAGE_SIZE, is the page that holds it. A pread of
 * its file (its paths as text) there wrote "/tmp/fz<pid>/./a" over its
 * pid, slot and stream, and it then took getpid's answer for someone
 * else's (seed 4, round 44). No self-harm here: such a write does not
 * kill the worker, it makes it report findings that are not. Such an
 * address becomes the same offset in one of the edge pages, which are
 * followed by an unmapped page as the last user page is by the kernel
 * half; a pointer into the scratch that is not own (a page-aligned one,
 * with any length) moves too. */
static long guard_stack_buffer(struct worker *w, long v)
{
    uintptr_t p = (uintptr_t)v;
    if (p < USER_STACK_LIMIT || p >= USER_TOP)
        return v;
    uint64_t page = rng_below(&w->rng, (fuzz_mem.edge_len + PAGE_SIZE) / (2 * PAGE_SIZE));
    return (long)(fuzz_mem.edge + 2 * PAGE_SIZE * page + (p & (PAGE_SIZE - 1)));
}

/* guard_buffers: every argument but a mapping call's address (those are
 * guard_mapping's) and the buffers own to the worker, through
 * guard_stack_buffer; readv's vectors too (guard_fs.c). */
static void guard_buffers(struct worker *w, const struct call_info *c, struct arg a[6])
{
    for (int i = 0; i < c->nargs; i++)
        if (c->kind[i] != A_ADDR && !a[i].own)
            a[i].v = guard_stack_buffer(w, a[i].v);
}

void guard_iov_buffers(struct worker *w, struct iovec *iov, int n)
{
    for (int i = 0; i < n; i++)
        iov[i].iov_base = (void *)guard_stack_buffer(w, (long)iov[i].iov_base);
}

/* outside_run: is pid (> 0) a process that is not the run's, or the
 * coordinator? Not as init, every process of the run is in the
 * coordinator's group (guard_setpgid), so one in another group is
 * someone else's: the shell, or the test that started the fuzzer
 * (usertests fuzz_job and exec_all, and their runner, pid 1; the workers'
 * random pids below 200 hit small ones often). A pid that names no one
 * is fair game (ESRCH). */
static bool outside_run(long pid)
{
    if (pid == run.coord_pid)
        return true;
    long pgid = sys_getpgid(pid);   /* its group may have been changed by its parent: ask */
    return pgid >= 0 && pgid != run.coord_pgid;
}

/* kill_leaves_run: could kill(pid) reach the coordinator or a process
 * that is not the run's? Only matters when the coordinator is not init:
 * as init, kill(-1) and every group reach the run's processes alone (init
 * is never signalled). Not as init, a group kill (0, -1, -pgid) that
 * finds anyone reaches the coordinator or someone else's processes. The
 * kernel reads the pid as an int (Linux's), so the guard does too;
 * INT32_MIN names no group (ESRCH): harmless. */
static bool kill_leaves_run(long pid_arg)
{
    int32_t pid = (int32_t)pid_arg;
    if (run.coord_is_init || pid == INT32_MIN)
        return false;
    return pid <= 0 || outside_run(pid);
}

/* Not as init, every process of the run must stay in the coordinator's
 * group (worker.c): a kill of the job (Ctrl-C, usertests exec_all's
 * kill(-pgid)) reaches only that group, and a worker that moved itself or
 * its child elsewhere (pgid 0: a group of its own; any live pgid: another
 * group, even init's) outlived it, re-parented to init. So every pgid
 * setpgid could accept (an int, as the kernel reads it, that is not
 * negative) becomes the coordinator's; the ones it refuses with EINVAL
 * stay, and the target pid stays random (ESRCH, EACCES). As init the
 * workers have groups of their own and kill(-1) ends the round: anything
 * goes. */
static void guard_setpgid(struct arg a[6])
{
    if (!run.coord_is_init && (int32_t)a[1].v >= 0)
        a[1].v = run.coord_pgid;
}

/* The terminal is the machine's, not the run's: as a job (not init) a
 * worker that changed its settings (raw mode, VMIN 0) or its foreground
 * group left them so when the job was killed, and a later test's read of
 * the console returned at once (usertests kill after fuzz_job). So the
 * setters become their getters: still a call on the same fd, the same
 * argument checks and EFAULTs, no change. As init anything goes. */
static void guard_ioctl(struct arg a[6])
{
    if (run.coord_is_init)
        return;
    if (a[1].v == TCSETS || a[1].v == TCSETSW || a[1].v == TCSETSF)
        a[1].v = TCGETS;
    else if (a[1].v == TIOCSPGRP)
        a[1].v = TIOCGPGRP;
}

static bool guard_dump(void)
{
    int before = __atomic_fetch_add(&fz->dumps, 1, __ATOMIC_RELAXED);
    return before < run.max_dumps;
}

bool guard_call(struct worker *w, const struct call_info *c, struct arg a[6], long *nr)
{
    guard_buffers(w, c, a);
    switch (*nr) {
    case SYS_read:
    case SYS_write:
    case SYS_pread64:
    case SYS_pwrite64:
    case SYS_readv:
    case SYS_writev:
        guard_fs_io(w, *nr, a);
        return true;
    case SYS_getrandom:
        /* Random bytes into its own memory: as much as a read may put
         * there (guard_fs.c), no more. */
        if (a[0].own && (unsigned long)a[1].v > FUZZ_OWN_READ_MAX)
            a[1].v = FUZZ_OWN_READ_MAX;
        return true;
    case SYS_kill:
        if (kill_leaves_run(a[0].v))
            a[1].v = 0;              /* still a call: the lookup, ESRCH, EPERM */
        return true;
    case SYS_tkill:
        if (kill_leaves_run(a[0].v))
            a[1].v = 0;
        return true;
    case SYS_tgkill:
        if (kill_leaves_run(a[0].v) || kill_leaves_run(a[1].v))
            a[2].v = 0;
        return true;
    case SYS_rt_sigaction:
        guard_sigaction(w, a);
        return true;
    case SYS_setpgid:
        guard_setpgid(a);
        return true;
    case SYS_setsid:
        /* A new session is a new group too: out of the job, where the
         * group kill that ends the run would miss it (usertests fuzz_job).
         * As init the workers have groups of their own anyway. */
        if (!run.coord_is_init)
            *nr = SYS_getsid;
        return true;
    case SYS_ioctl:
        guard_ioctl(a);
        return true;
    case SYS_prlimit64:
        /* A frame limit set on the runner would stay for every later test:
         * the worker's own instead, as for the CPU mask below. */
    case SYS_sched_setaffinity:
        /* A mask set on the runner would pin every later test (usertests
         * affinity_move found one CPU of two): the worker's own instead. */
        if (!run.coord_is_init && (int32_t)a[0].v > 0 && outside_run((int32_t)a[0].v))
            a[0].v = 0;          /* the pid is an int to the kernel */
        return true;
    case SYS_execve:
        if (a[0].program != PROG_NONE)
            a[1].v = args_harmless_argv(a[0].program);
        return true;
    case SYS_mem_dump:
        return guard_dump();
    case SYS_munmap:
    case SYS_mprotect:
    case SYS_mmap:
    case SYS_page_alloc:
        guard_mapping(w, *nr, a);
        return true;
    case SYS_mremap:
        guard_mremap(w, a);
        return true;
    case SYS_shmat:
        guard_shmat(w, a);
        return true;
    default:
        return true;
    }
}
