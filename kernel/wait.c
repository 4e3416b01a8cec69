/* wait.c -- sleep and wakeup through proc's (see wait.h). */
#include "kernel/kernel.h"
#include "kernel/wait.h"
#include "arch/x86_64/x86.h"

static const struct wait_ops *wait_ops;

/* Set by proc before the first process runs, read after. */
void wait_set_ops(const struct wait_ops *ops)
{
    __atomic_store_n(&wait_ops, ops, __ATOMIC_RELEASE);
}

static const struct wait_ops *wait_get(void)
{
    return __atomic_load_n(&wait_ops, __ATOMIC_ACQUIRE);
}

bool wait_can_sleep(void)
{
    const struct wait_ops *ops = wait_get();
    return ops && ops->can_sleep();
}

static void wait_sleep_how(void *chan, struct spinlock *lk, bool killable)
{
    assert(spin_holding(lk));
    if (wait_can_sleep()) {
        if (killable)
            wait_get()->sleep(chan, lk);
        else
            wait_get()->sleep_nokill(chan, lk);
        return;
    }
    spin_unlock(lk);
    assert(irqs_enabled());
    sti_hlt();                   /* the waker's interrupt, or the timer's */
    spin_lock(lk);
}

void wait_sleep(void *chan, struct spinlock *lk) { wait_sleep_how(chan, lk, true); }

void wait_sleep_until(void *chan, struct spinlock *lk, uint64_t deadline)
{
    if (!wait_can_sleep() || !deadline) {
        wait_sleep_how(chan, lk, true);   /* with no process: until an interrupt, the timer's at least */
        return;
    }
    wait_get()->sleep_until(chan, lk, deadline);
}
void wait_sleep_nokill(void *chan, struct spinlock *lk) { wait_sleep_how(chan, lk, false); }

bool wait_killed(void)
{
    return wait_can_sleep() && wait_get()->killed();
}

void wait_wakeup(void *chan)
{
    const struct wait_ops *ops = wait_get();
    if (ops)
        ops->wakeup(chan);
}

void wait_sleep_intr(void *chan, struct spinlock *lk, uint64_t deadline)
{
    if (!wait_can_sleep()) {
        wait_sleep_how(chan, lk, true);
        return;
    }
    wait_get()->sleep_intr(chan, lk, deadline);
}

bool wait_interrupted(void)
{
    return wait_can_sleep() && wait_get()->interrupted();
}
