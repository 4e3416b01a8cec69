/* completion.h -- wait for one event that an interrupt handler signals
 * (a disk request's end). The kernel core cannot call the scheduler
 * (proc/ is above it), so the sleep and the wakeup are proc's, handed over
 * at start-up (kernel/wait.h); until then, and on a CPU running no process
 * (its scheduler, the in-kernel tests), a waiter halts with interrupts on
 * until the event comes.
 *
 *   struct completion c;  completion_init(&c);
 *   ... start the work, whose end calls completion_signal(&c) ...
 *   completion_wait(&c);
 */
#ifndef KERNEL_COMPLETION_H
#define KERNEL_COMPLETION_H
#include <stdbool.h>
#include "kernel/spinlock.h"

struct completion {
    struct spinlock lock;   /* guards done; a sleeper sleeps under it */
    bool done;
};

void completion_init(struct completion *c);
/* completion_wait: return once completion_signal has been called (at
 * once if it already was). Interrupts must be on: the signal is an
 * interrupt, on this CPU or another. */
void completion_wait(struct completion *c);
/* completion_signal: from any context, interrupt handlers included. */
void completion_signal(struct completion *c);
bool completion_done(struct completion *c);
#endif
