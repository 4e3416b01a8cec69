/* sleeplock.c -- sleep locks (see sleeplock.h). */
#include "kernel/kernel.h"
#include "kernel/sleeplock.h"
#include "kernel/wait.h"
#include "arch/x86_64/cpu.h"

void sleeplock_init(struct sleeplock *l, const char *name)
{
    spinlock_init(&l->lk, "sleeplock");
    l->locked = false;
    l->holder = 0;
    l->name = name;
}

void sleep_lock(struct sleeplock *l)
{
    void *me = cpu_proc();
    spin_lock(&l->lk);
    assert(!l->locked || l->holder != me || !me);
    while (l->locked)
        wait_sleep_nokill(l, &l->lk);
    /* holder before locked, for sleep_holding, which reads them unlocked */
    __atomic_store_n(&l->holder, me, __ATOMIC_RELAXED);
    __atomic_store_n(&l->locked, true, __ATOMIC_RELEASE);
    spin_unlock(&l->lk);
}

void sleep_unlock(struct sleeplock *l)
{
    spin_lock(&l->lk);
    assert(l->locked);
    __atomic_store_n(&l->locked, false, __ATOMIC_RELAXED);
    __atomic_store_n(&l->holder, 0, __ATOMIC_RELAXED);
    wait_wakeup(l);
    spin_unlock(&l->lk);
}

/* Without l->lk: callers assert it while holding spin locks of their own
 * (tmpfs's under its lock), and taking l->lk there would order each such
 * lock before l->lk, and so before the proc lock a sleep_lock waiter
 * takes under it; with proc -> vmspace and a vnode's last reference
 * dropped under vm->lock, lockdep saw a cycle. The answer needs no lock:
 * only this thread sets holder to itself, or clears it while it is. */
bool sleep_holding(struct sleeplock *l)
{
    return __atomic_load_n(&l->locked, __ATOMIC_ACQUIRE) &&
           __atomic_load_n(&l->holder, __ATOMIC_RELAXED) == (void *)cpu_proc();
}
