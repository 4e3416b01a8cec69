/* wait.c -- sleep and wakeup through proc's (see wait.h). */
#include "kernel/kernel.h"
#include "kernel/wait.h"
#include "arch/x86_64/x86.h"

static const struct wait_ops *wait_ops;

void wait_set_ops(const struct wait_ops *ops)
{
    assert(!wait_ops);
    __atomic_store_n(&wait_ops, ops, __ATOMIC_RELEASE);
}

void wait_sleep(void *chan, struct spinlock *lk)
{
    assert(spin_holding(lk));
    const struct wait_ops *ops = __atomic_load_n(&wait_ops, __ATOMIC_ACQUIRE);
    if (ops) {
        ops->sleep(chan, lk);
        return;
    }
    bool on = irqs_enabled();   /* boot: the interrupt that ends the wait */
    spin_unlock(lk);
    sti_hlt();                  /* or the timer's: the caller looks again */
    if (!on)
        cli();
    spin_lock(lk);
}

void wait_wakeup(void *chan)
{
    const struct wait_ops *ops = __atomic_load_n(&wait_ops, __ATOMIC_ACQUIRE);
    if (ops)
        ops->wakeup(chan);
}
