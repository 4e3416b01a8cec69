/* wait.h -- sleep and wakeup for the layers below proc/ (completions of
 * disk requests, mm's swap): the scheduler lives in proc/, above them, so
 * proc hands its sleep and wakeup over at start-up (proc/init.c) and
 * these call through. Same discipline as proc/sched.h: the caller checks
 * its condition under lk, the sleep lets lk go only once the thread is
 * asleep, and the waker changes the condition under lk (or under a lock
 * the sleeper holds from its check to its sleep) before the wakeup. Every
 * caller loops on its condition: a sleep may also end early (a kill). */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"

/* What an interrupted sleep makes a system call return (never seen by
 * user code: proc/sig_deliver.c turns them into EINTR or a restart of the
 * call, Linux's convention and numbers). */
#define ERESTARTSYS 512         /* restart if the handler has SA_RESTART, else EINTR */
#define ERESTARTNOINTR 513      /* restart always */
#define ERESTARTNOHAND 514      /* restart if no handler ran, else EINTR */

/* How a process sleeps: sleep(chan, lk) releases lk, sleeps on chan and
 * takes lk again; wakeup(chan) wakes every sleeper on chan; can_sleep()
 * says whether this CPU runs a process that may sleep. */
struct wait_ops {
    void (*sleep)(void *chan, struct spinlock *lk);
    void (*sleep_nokill)(void *chan, struct spinlock *lk);   /* a kill does not end it */
    void (*sleep_until)(void *chan, struct spinlock *lk, uint64_t deadline);  /* tick; 0: none */
    bool (*killed)(void);            /* the sleeper has been killed */
    /* An interruptible sleep: a pending signal the thread does not block
     * ends it too (proc/signal.h), and interrupted() says so. */
    void (*sleep_intr)(void *chan, struct spinlock *lk, uint64_t deadline);
    bool (*interrupted)(void);
    void (*wakeup)(void *chan);
    bool (*can_sleep)(void);
};
/* wait_set_ops: by proc/ at start-up (and by a test, for a while; NULL:
 * none). */
void wait_set_ops(const struct wait_ops *ops);
/* wait_can_sleep: a process runs here and may sleep. */
bool wait_can_sleep(void);
/* wait_sleep: release lk, sleep on chan, take lk again. With no process
 * to put to sleep (before the scheduler runs, or on a CPU running none),
 * lk is let go and taken again once the CPU has waited for an interrupt
 * (interrupts must be on): the caller looks at its condition again. */
void wait_sleep(void *chan, struct spinlock *lk);
/* wait_sleep_until: wait_sleep, which the timer also ends at tick
 * `deadline` (timer_ticks(); 0: never). */
void wait_sleep_until(void *chan, struct spinlock *lk, uint64_t deadline);
void wait_wakeup(void *chan);
/* wait_sleep_nokill: wait_sleep that a kill does not cut short (a sleep
 * lock's waiter, whose holder lets go soon). */
void wait_sleep_nokill(void *chan, struct spinlock *lk);
/* wait_killed: the calling thread has been killed (a caller that sleeps
 * in a loop gives up with -EINTR). */
bool wait_killed(void);
/* wait_sleep_intr: wait_sleep_until (deadline 0: none) that a signal also
 * ends; wait_interrupted: killed, or a signal is pending (a caller that
 * sleeps in a loop gives up with -ERESTARTSYS). For the slow calls Linux
 * interrupts: pipes, poll. */
void wait_sleep_intr(void *chan, struct spinlock *lk, uint64_t deadline);
bool wait_interrupted(void);
#endif
