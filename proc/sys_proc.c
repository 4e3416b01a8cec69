/* sys_proc.c -- the small process system calls: identity, yield, sleep. */
#include "kernel/kernel.h"
#include "kernel/clock.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define NSEC_PER_SEC 1000000000L

/* The process's id, the same in all its threads (gettid is the thread's). */
long sys_getpid(void)
{
    return myproc()->tgid;
}

long sys_getppid(void)
{
    spin_lock(&wait_lock);
    struct proc *parent = myproc()->leader->parent;
    int ppid = parent ? parent->pid : 0;
    spin_unlock(&wait_lock);
    return ppid;
}

long sys_sched_yield(void)
{
    yield();
    return 0;
}

/* Sleepers wait on sleep_chan under sleep_lock with their deadline in
 * p->wake_tick (sleep_until): the tick wakes just those whose deadline has
 * come (waking every sleeper on every tick made ps see them all as running
 * half the time). The tick also counts the running process's time (ps). */
static struct spinlock sleep_lock = SPINLOCK_INIT("sleep");
static int sleep_chan;

/* proc_tick: once a tick for the machine: wake the sleepers whose time
 * has come. */
void proc_tick(const struct trapframe *tf)
{
    (void)tf;
    sleep_tick(timer_ticks());
    sig_alarm_tick(timer_ticks());
}

/* proc_tick_cpu: on every CPU's tick, count it to the process it
 * interrupted there (only that CPU writes a running process's ticks). */
void proc_tick_cpu(const struct trapframe *tf)
{
    (void)tf;
    struct proc *self = myproc();
    if (self)
        __atomic_store_n(&self->ticks, self->ticks + 1, __ATOMIC_RELAXED);
}

/* Whole ticks, rounded up, so a sleep is never shorter than asked. */
static uint64_t ns_to_ticks(const struct timespec *ts)
{
    uint64_t ns_per_tick = NSEC_PER_SEC / TIMER_HZ;
    uint64_t secs = (uint64_t)ts->tv_sec;
    if (secs > (UINT64_MAX / TIMER_HZ) / 2)
        return UINT64_MAX / 2;   /* forever, near enough */
    return secs * TIMER_HZ + ((uint64_t)ts->tv_nsec + ns_per_tick - 1) / ns_per_tick;
}

/* nanosleep_until: sleep until tick deadline, or a kill (-EINTR, the time
 * left in *urem if given). */
static long nanosleep_until(uint64_t deadline, uintptr_t urem)
{
    struct proc *p = myproc();
    long err = 0;
    spin_lock(&sleep_lock);
    while (timer_ticks() < deadline) {
        if (proc_interrupted(p)) {
            err = -EINTR;        /* a signal: the time left goes to rem */
            break;
        }
        sleep_intr(&sleep_chan, &sleep_lock, deadline);
    }
    uint64_t left = deadline > timer_ticks() ? deadline - timer_ticks() : 0;
    spin_unlock(&sleep_lock);
    if (err && urem) {
        struct timespec rem = { (long)(left / TIMER_HZ), (long)(left % TIMER_HZ) * (NSEC_PER_SEC / TIMER_HZ) };
        if (copyout(urem, &rem, sizeof(rem)) < 0)
            return -EFAULT;
    }
    return err;
}

static int nanosleep_request(uintptr_t ureq, struct timespec *req)
{
    if (copyin(req, ureq, sizeof(*req)) < 0)
        return -EFAULT;
    return req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= NSEC_PER_SEC ? -EINVAL : 0;
}

long sys_nanosleep(uintptr_t ureq, uintptr_t urem)
{
    struct timespec req;
    int err = nanosleep_request(ureq, &req);
    /* +1: the current tick is partly gone */
    return err ? err : nanosleep_until(timer_ticks() + ns_to_ticks(&req) + 1, urem);
}

#define TIMER_ABSTIME 1

/* clock_nanosleep: nanosleep on one of the clocks clock_gettime reads
 * (they all count from boot here), relative or, with TIMER_ABSTIME, until
 * the clock reads req; an absolute sleep leaves no time in rem. Errors are
 * returned, not set in errno: the call's own convention. */
long sys_clock_nanosleep(long clock, long flags, uintptr_t ureq, uintptr_t urem)
{
    if (!clock_id_valid(clock) || clock == CLOCK_MONOTONIC_RAW)
        return -EINVAL;          /* Linux cannot sleep on the raw clock */
    if (flags & ~(long)TIMER_ABSTIME)
        return -EINVAL;
    struct timespec req;
    int err = nanosleep_request(ureq, &req);
    if (err)
        return err;
    if (!(flags & TIMER_ABSTIME))
        return nanosleep_until(timer_ticks() + ns_to_ticks(&req) + 1, urem);
    uint64_t now = timer_ns(), until = (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
    if (until <= now)
        return 0;
    struct timespec left = { (long)((until - now) / NSEC_PER_SEC), (long)((until - now) % NSEC_PER_SEC) };
    return nanosleep_until(timer_ticks() + ns_to_ticks(&left) + 1, 0);
}
