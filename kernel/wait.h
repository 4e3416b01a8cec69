/* wait.h -- sleep and wakeup for the layers below proc/ (mm's swap, the
 * block layer): the scheduler lives in proc/, above them, so proc hands
 * its sleep and wakeup over at start-up (proc/sched.c, sched_init_wait)
 * and these call through. Same discipline as proc/sched.h: the caller
 * checks its condition under lk, wait_sleep lets lk go only once the
 * thread is asleep, and the waker changes the condition under lk before
 * wait_wakeup. Every caller loops on its condition: a sleep may also end
 * early (a kill). */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H
#include "kernel/spinlock.h"

struct wait_ops {
    void (*sleep)(void *chan, struct spinlock *lk);
    void (*wakeup)(void *chan);
};
/* wait_set_ops: once, by proc/ at start-up. */
void wait_set_ops(const struct wait_ops *ops);
/* wait_sleep: release lk, sleep on chan, take lk again. Before the
 * scheduler runs there is nothing to switch to: lk is let go and taken
 * again once the CPU has waited for an interrupt. */
void wait_sleep(void *chan, struct spinlock *lk);
void wait_wakeup(void *chan);
#endif
