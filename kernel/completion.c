/* completion.c -- one event, waited for by sleeping or halting
 * (completion.h). */
#include "kernel/kernel.h"
#include "kernel/completion.h"
#include "kernel/wait.h"
#include "arch/x86_64/x86.h"

void completion_init(struct completion *c)
{
    spinlock_init(&c->lock, "completion");
    c->done = false;
}

bool completion_done(struct completion *c)
{
    return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
}

/* With no process to put to sleep, halt until an interrupt: the signal's
 * own if it comes to this CPU, else at worst this CPU's next timer tick.
 * cli then sti;hlt closes the window in which an interrupt arriving after
 * the check would be missed by hlt on this CPU. */
static void completion_halt(struct completion *c)
{
    while (!completion_done(c)) {
        cli();
        if (completion_done(c)) {
            sti();
            break;
        }
        sti_hlt();
    }
}

void completion_wait(struct completion *c)
{
    assert(irqs_enabled());
    if (!wait_can_sleep()) {
        completion_halt(c);
        /* The signaler may still be inside completion_signal, holding the
         * lock of a completion our caller is about to free: wait it out. */
        spin_lock(&c->lock);
        spin_unlock(&c->lock);
        return;
    }
    spin_lock(&c->lock);
    while (!c->done)
        wait_sleep(c, &c->lock);
    spin_unlock(&c->lock);
}

/* The wakeup is made under the lock, so a waiter between its check of
 * done and its sleep (which it does holding the lock) cannot miss it. */
void completion_signal(struct completion *c)
{
    spin_lock(&c->lock);
    __atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
    wait_wakeup(c);
    spin_unlock(&c->lock);
}
