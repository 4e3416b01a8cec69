/* sleeplock.h -- a lock whose waiters sleep: for what is held across work
 * that may sleep itself (a file's copy to or from user memory, which may
 * fault and read from swap). Not for interrupt handlers, and never taken
 * while a spin lock is held.
 *
 * A kill does not end the wait for a sleep lock: the holder lets go soon,
 * and a caller would otherwise have to undo half its work.
 */
#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H
#include <stdbool.h>
#include "kernel/spinlock.h"

struct sleeplock {
    struct spinlock lk;              /* guards the two below; waiters sleep on it */
    bool locked;
    void *holder;                    /* the thread holding it (cpu_proc), for sleep_holding */
    const char *name;
};

#define SLEEPLOCK_INIT(n) { .lk = SPINLOCK_INIT("sleeplock"), .locked = false, .holder = 0, .name = (n) }

void sleeplock_init(struct sleeplock *l, const char *name);
void sleep_lock(struct sleeplock *l);
void sleep_unlock(struct sleeplock *l);
/* sleep_holding: does this thread hold l? (Exact for the caller's own.) */
bool sleep_holding(struct sleeplock *l);
#endif
