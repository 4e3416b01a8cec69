/* futex.c -- futex(2)'s FUTEX_WAIT and FUTEX_WAKE (and their _PRIVATE
 * forms), with Linux's semantics: WAIT sleeps only if the word at uaddr
 * still holds val, WAKE wakes up to n sleepers on that word.
 *
 * The waiters are kept in a hash table of buckets, each with its own
 * spinlock, keyed by (address space, user address): every futex is private
 * to its address space, which is what threads need (a futex in a
 * MAP_SHARED page is not found across processes; docs/syscalls.md).
 *
 * No lost wake-up: a waiter reads the word and queues itself under the
 * bucket lock, and sleep() gives that lock up only once the waiter is
 * asleep (it holds its own p->lock first). A waker changes the word before
 * calling WAKE, which takes the same lock: either the waiter's read sees
 * the new value (EAGAIN), or the waiter is queued and asleep by the time
 * the waker looks.
 *
 * A waiter is a struct on its own kernel stack. A waker unlinks it and
 * sets `woken` under the bucket lock, so the waiter, which looks only
 * under that lock, never returns from under a waker's feet.
 *
 * Locks: futex bucket -> p->lock (sleep, the wake-up); futex bucket ->
 * vm->lock -> page_lock (reading the word may fault its page in).
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/futex.h"
#include "mm/vmspace.h"
#include "mm/uaccess.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/thread.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define FUTEX_BUCKETS 64         /* a power of two */
#define NSEC_PER_SEC 1000000000L

struct futex_waiter {
    struct futex_waiter *next;   /* [bucket lock] */
    struct vmspace *vm;          /* the key */
    uintptr_t uaddr;
    struct proc *p;
    bool woken;                  /* [bucket lock] a WAKE took it off the list */
};

struct futex_bucket {
    struct spinlock lock;
    struct futex_waiter *head;   /* [lock] */
};

static struct futex_bucket futex_table[FUTEX_BUCKETS] = {
    [0 ... FUTEX_BUCKETS - 1] = { .lock = SPINLOCK_INIT("futex") },
};

static struct futex_bucket *futex_bucket(struct vmspace *vm, uintptr_t uaddr)
{
    uint64_t h = ((uintptr_t)vm >> 4) ^ (uaddr >> 2);
    h *= 0x9e3779b97f4a7c15UL;   /* Fibonacci hashing: the top bits mix all */
    return &futex_table[h >> (64 - 6)];
}
_Static_assert(FUTEX_BUCKETS == 1 << 6, "futex_bucket takes 6 bits");

static void futex_unlink(struct futex_bucket *b, struct futex_waiter *w)
{
    assert(spin_holding(&b->lock));
    for (struct futex_waiter **pp = &b->head; *pp; pp = &(*pp)->next)
        if (*pp == w) {
            *pp = w->next;
            return;
        }
    panic("futex: waiter of pid %d is not in its bucket", w->p->pid);
}

/* Make w's thread runnable if it still sleeps on w (it may be on its way,
 * woken by a kill or its deadline, which it will find out under the
 * bucket lock). Caller holds the bucket lock. */
static void futex_wake_waiter(struct futex_bucket *b, struct futex_waiter *w)
{
    assert(spin_holding(&b->lock));
    struct proc *p = w->p;
    spin_lock(&p->lock);
    if (p->state == P_SLEEPING && p->chan == w)
        sched_make_runnable(p);
    spin_unlock(&p->lock);
}

int futex_wake(struct vmspace *vm, uintptr_t uaddr, int n)
{
    struct futex_bucket *b = futex_bucket(vm, uaddr);
    int woken = 0;
    spin_lock(&b->lock);
    for (struct futex_waiter **pp = &b->head; *pp;) {
        struct futex_waiter *w = *pp;
        if (w->vm != vm || w->uaddr != uaddr) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        w->woken = true;
        futex_wake_waiter(b, w);
        if (++woken >= n)        /* n <= 0 still wakes one, as on Linux */
            break;
    }
    spin_unlock(&b->lock);
    return woken;
}

int futex_waiters(struct vmspace *vm)
{
    int n = 0;
    for (int i = 0; i < FUTEX_BUCKETS; i++) {
        spin_lock(&futex_table[i].lock);
        for (struct futex_waiter *w = futex_table[i].head; w; w = w->next)
            n += w->vm == vm;
        spin_unlock(&futex_table[i].lock);
    }
    return n;
}

/* futex_wake_tick: the tick to wake at to look at the clock again,
 * deadline_ns ahead (rounded up, plus the tick already partly gone). */
static uint64_t futex_wake_tick(uint64_t deadline_ns)
{
    uint64_t now = timer_ns(), ns_per_tick = NSEC_PER_SEC / TIMER_HZ;
    uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
    return timer_ticks() + (left + ns_per_tick - 1) / ns_per_tick + 1;
}

/* futex_wait: sleep while *uaddr == val, until a WAKE, the deadline (on
 * the TSC clock, in ns since boot; 0: none) or a kill. The deadline is
 * the clock's, not the tick count's: ticks can come in bursts (a virtual
 * machine catching up on lost ones), and a timeout must never be shorter
 * than asked; the ticks only wake the waiter to look at the clock. */
static long futex_wait(uintptr_t uaddr, uint32_t val, uint64_t deadline)
{
    struct proc *p = myproc();
    struct vmspace *vm = p->vm;
    struct futex_bucket *b = futex_bucket(vm, uaddr);
    struct futex_waiter w = { .vm = vm, .uaddr = uaddr, .p = p };
    uint32_t cur;
    spin_lock(&b->lock);
    long err = copyin(&cur, uaddr, sizeof(cur));
    if (err == 0 && cur != val)
        err = -EAGAIN;
    if (err) {
        spin_unlock(&b->lock);
        return err;
    }
    w.next = b->head;
    b->head = &w;
    for (;;) {
        if (w.woken) {           /* before a kill: the waker counted us */
            err = 0;
            break;
        }
        if (proc_interrupted(p)) {
            err = -ERESTARTSYS;  /* a kill, or a signal: EINTR or a restart */
            break;
        }
        if (deadline && timer_ns() >= deadline) {
            err = -ETIMEDOUT;
            break;
        }
        sleep_intr(&w, &b->lock, deadline ? futex_wake_tick(deadline) : 0);
    }
    if (!w.woken)
        futex_unlink(b, &w);
    spin_unlock(&b->lock);
    return err;
}

/* futex_deadline: when a relative timeout ends, in ns since boot (at
 * least 1, so that 0 can mean none). A timeout of centuries is none. */
static uint64_t futex_deadline(const struct timespec *ts)
{
    uint64_t secs = (uint64_t)ts->tv_sec;
    if (secs > (uint64_t)100 * 365 * 24 * 3600)
        return 0;
    return timer_ns() + secs * NSEC_PER_SEC + (uint64_t)ts->tv_nsec + 1;
}

/* The checks in Linux's order: the operation, the timeout, then the
 * address (alignment, then whether it can be read). */
long sys_futex(uintptr_t uaddr, long op, long val, uintptr_t utimeout, uintptr_t uaddr2, long val3)
{
    (void)uaddr2;
    (void)val3;
    int cmd = (int)op & FUTEX_CMD_MASK;
    if (cmd != FUTEX_WAIT && cmd != FUTEX_WAKE)
        return -ENOSYS;          /* REQUEUE, WAKE_OP, bitsets, PI: not here */
    if (op & FUTEX_CLOCK_REALTIME)
        return -ENOSYS;          /* only the bitset and PI forms take it */
    uint64_t deadline = 0;
    if (cmd == FUTEX_WAIT && utimeout) {
        struct timespec ts;
        if (copyin(&ts, utimeout, sizeof(ts)) < 0)
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
            return -EINVAL;
        deadline = futex_deadline(&ts);
    }
    if (uaddr & 3)
        return -EINVAL;
    if (!uaccess_range_ok(uaddr, sizeof(uint32_t)) || uaddr == 0)
        return -EFAULT;
    struct vmspace *vm = myproc()->vm;
    if (cmd == FUTEX_WAKE) {
        /* A shared futex must be in mapped memory (Linux looks its page
         * up); a private one is only a key. */
        if (!(op & FUTEX_PRIVATE_FLAG) && uaccess_check(uaddr, sizeof(uint32_t), VM_READ) < 0)
            return -EFAULT;
        return futex_wake(vm, uaddr, (int)val);
    }
    return futex_wait(uaddr, (uint32_t)val, deadline);
}
