/* poll.c -- poll(2) and ppoll(2) (issue 17: busybox's shell reads its
 * line through poll; docs/linux-abi.md).
 *
 * Each file says which events hold now (file_ops.poll). A poller looks at
 * its files; if none is ready and its time is not up, it sleeps until a
 * change anywhere (poll_notify: a pipe's data or ends, console input) or
 * its deadline, and looks again. One channel for every poller: weensy's
 * pollers are few (a shell waiting for a key), so a change waking them
 * all costs less than a wait queue per file would in code. A change made
 * between the look and the sleep is not missed: the look reads
 * poll_changes first, and the sleep happens only if it has not moved,
 * checked under poll_lock, which poll_notify takes to move it. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "fs/poll.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

#define POLL_FDS_MAX 256             /* as many as a table can hold (FILES_MAX) */

struct pollfd {
    int fd;
    short events;
    short revents;
};

static struct spinlock poll_lock = SPINLOCK_INIT("poll");
static uint64_t poll_changes;        /* [poll_lock] */
static int poll_waiters;             /* [atomic] calls in poll_wait */

/* With no poller, a change costs one load: a pipe's every read and write
 * notifies. A poller counts itself before it first looks (both sides use
 * locked or sequentially consistent operations), so a change either comes
 * before the look, which sees it, or sees the poller and notifies. */
void poll_notify(void)
{
    if (!__atomic_load_n(&poll_waiters, __ATOMIC_SEQ_CST))
        return;
    spin_lock(&poll_lock);
    poll_changes++;
    wait_wakeup(&poll_changes);
    spin_unlock(&poll_lock);
}

static uint64_t poll_changes_now(void)
{
    spin_lock(&poll_lock);
    uint64_t n = poll_changes;
    spin_unlock(&poll_lock);
    return n;
}

/* poll_one: what pfd's file has of what it asks for (plus POLLERR,
 * POLLHUP, always reported; POLLNVAL for a descriptor not open). */
static short poll_one(const struct pollfd *pfd)
{
    if (pfd->fd < 0)
        return 0;                /* ignored, as Linux does */
    struct file *f = fd_get(pfd->fd);
    if (!f)
        return POLLNVAL;
    short ready = f->ops->poll ? f->ops->poll(f) : (short)(POLLIN | POLLOUT);
    file_put(f);
    if (ready & POLLIN)
        ready |= POLLRDNORM;
    if (ready & POLLOUT)
        ready |= POLLWRNORM;
    return (short)(ready & (pfd->events | POLLERR | POLLHUP));
}

/* poll_scan: every entry's revents; how many are non-zero. */
static int poll_scan(struct pollfd *fds, size_t n)
{
    int ready = 0;
    for (size_t i = 0; i < n; i++) {
        fds[i].revents = poll_one(&fds[i]);
        ready += fds[i].revents != 0;
    }
    return ready;
}

/* poll_wait: scan until one is ready, the deadline tick passes (0: none;
 * UINT64_MAX: do not wait), a kill or a signal; how many are ready, or
 * -ERESTARTNOHAND. */
static long poll_wait(struct pollfd *fds, size_t n, uint64_t deadline)
{
    __atomic_add_fetch(&poll_waiters, 1, __ATOMIC_SEQ_CST);
    long r;
    for (;;) {
        uint64_t seen = poll_changes_now();
        r = poll_scan(fds, n);
        if (r || deadline == UINT64_MAX || (deadline && timer_ticks() >= deadline))
            break;
        if (wait_interrupted()) {
            r = -ERESTARTNOHAND; /* a signal: EINTR once its handler ran, as Linux */
            break;
        }
        spin_lock(&poll_lock);
        if (poll_changes == seen)
            wait_sleep_intr(&poll_changes, &poll_lock, deadline);
        spin_unlock(&poll_lock);
    }
    __atomic_sub_fetch(&poll_waiters, 1, __ATOMIC_SEQ_CST);
    return r;
}

/* poll_do: copy the array in, wait, copy the revents back. */
static long poll_do(uintptr_t ufds, size_t n, uint64_t deadline)
{
    if (n > POLL_FDS_MAX)
        return -EINVAL;
    struct pollfd *fds = n ? kmalloc(n * sizeof(*fds)) : 0;
    if (n && !fds)
        return -ENOMEM;
    long r = n && copyin(fds, ufds, n * sizeof(*fds)) < 0 ? -EFAULT : 0;
    if (!r)
        r = poll_wait(fds, n, deadline);
    if (r >= 0 && n && copyout(ufds, fds, n * sizeof(*fds)) < 0)
        r = -EFAULT;
    kfree(fds);
    return r;
}

/* The tick by which ms milliseconds from now have passed (rounded up, and
 * one more: the current tick is partly gone). */
static uint64_t poll_deadline_ms(uint64_t ms)
{
    return timer_ticks() + (ms * TIMER_HZ + 999) / 1000 + 1;
}

long sys_poll(uintptr_t ufds, unsigned long n, long timeout_ms)
{
    int t = (int)timeout_ms;     /* an int on Linux; negative: wait for ever */
    uint64_t deadline = t < 0 ? 0 : t == 0 ? UINT64_MAX : poll_deadline_ms((uint64_t)t);
    return poll_do(ufds, n, deadline);
}

struct poll_timespec {
    long sec, nsec;
};

/* ppoll: a timespec for the time (NULL: for ever); the signal mask is
 * accepted and not used (weensy delivers no signals to handlers yet). */
long sys_ppoll(uintptr_t ufds, unsigned long n, uintptr_t uts, uintptr_t sigmask, size_t sigsetsize)
{
    (void)sigmask, (void)sigsetsize;
    uint64_t deadline = 0;
    if (uts) {
        struct poll_timespec ts;
        if (copyin(&ts, uts, sizeof ts) < 0)
            return -EFAULT;
        if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
            return -EINVAL;
        uint64_t ms = (uint64_t)ts.sec * 1000 + (uint64_t)(ts.nsec + 999999) / 1000000;
        deadline = ms == 0 ? UINT64_MAX : poll_deadline_ms(ms);
    }
    return poll_do(ufds, n, deadline);
}
