/* completion.c -- one event, waited for by sleeping or halting
 * (completion.h). */
#include "kernel/kernel.h"
#include "kernel/completion.h"
#include "arch/x86_64/x86.h"

static const struct completion_sleeper *sleeper;

/* Set once by proc before the first process runs, read after. */
void completion_set_sleeper(const struct completion_sleeper *s)
{
    __atomic_store_n(&sleeper, s, __ATOMIC_RELEASE);
}

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
    const struct completion_sleeper *s = __atomic_load_n(&sleeper, __ATOMIC_ACQUIRE);
    if (!s || !s->can_sleep()) {
        completion_halt(c);
        /* The signaler may still be inside completion_signal, holding the
         * lock of a completion our caller is about to free: wait it out. */
        spin_lock(&c->lock);
        spin_unlock(&c->lock);
        return;
    }
    spin_lock(&c->lock);
    while (!c->done)
        s->sleep(c, &c->lock);
    spin_unlock(&c->lock);
}

/* The wakeup is made under the lock, so a waiter between its check of
 * done and its sleep (which it does holding the lock) cannot miss it. */
void completion_signal(struct completion *c)
{
    const struct completion_sleeper *s = __atomic_load_n(&sleeper, __ATOMIC_ACQUIRE);
    spin_lock(&c->lock);
    __atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
    if (s)
        s->wakeup(c);
    spin_unlock(&c->lock);
}
