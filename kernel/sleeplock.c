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
    l->locked = true;
    l->holder = me;
    spin_unlock(&l->lk);
}

void sleep_unlock(struct sleeplock *l)
{
    spin_lock(&l->lk);
    assert(l->locked);
    l->locked = false;
    l->holder = 0;
    wait_wakeup(l);
    spin_unlock(&l->lk);
}

bool sleep_holding(struct sleeplock *l)
{
    spin_lock(&l->lk);
    bool mine = l->locked && l->holder == (void *)cpu_proc();
    spin_unlock(&l->lk);
    return mine;
}
