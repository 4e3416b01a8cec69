/* sched.h -- round-robin scheduling, sleep and wakeup (xv6's discipline:
 * a process gives up the CPU only through sched(), holding exactly its own
 * p->lock, with interrupts off). */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H
#include <stdnoreturn.h>
#include <stdint.h>
#include "kernel/spinlock.h"
noreturn void scheduler(void);
void sched(void);
void yield(void);
/* sleep: atomically release lk and sleep on chan; reacquire lk on wakeup. */
void sleep(void *chan, struct spinlock *lk);
void sleep_nokill(void *chan, struct spinlock *lk);
/* sleep_until: the same, but the timer also wakes it at tick deadline
 * (0: never). The caller re-checks its condition and the time, as after
 * any wakeup. */
void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline);
/* sleep_intr: sleep_until that a pending signal the thread does not
 * block ends too (proc_interrupted): the slow calls Linux interrupts
 * (wait4, pipes, the console, futex, nanosleep, pause). */
void sleep_intr(void *chan, struct spinlock *lk, uint64_t deadline);
void sleep_tick(uint64_t now);
/* wakeup: make every sleeper on chan runnable. The condition they wait
 * for must have been changed under the lock they gave to sleep(). */
void wakeup(void *chan);
/* sched_make_runnable: p (caller holds p->lock) may run; an idle CPU that
 * may run it is woken. */
struct proc;
void sched_make_runnable(struct proc *p);
/* sched_move_off: after p's CPU mask changed (caller holds p->lock), get
 * it off a CPU the mask no longer names. */
void sched_move_off(struct proc *p);
#endif
