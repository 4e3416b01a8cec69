/* futex.h -- futex(2) for user programs, and a mutex built on it.
 *
 * futex_wait sleeps while *addr == val (until futex_wake, the timeout, or
 * a kill); futex_wake wakes up to n sleepers on addr. Both use the private
 * forms: a futex belongs to one process's threads (docs/syscalls.md).
 */
#ifndef USER_FUTEX_H
#define USER_FUTEX_H
#include "include/weensy/thread.h"
#include "include/weensy/syscalls.h"

/* 0 when woken; -1 and errno: EAGAIN (*addr != val at once), ETIMEDOUT,
 * EINTR, EFAULT, EINVAL (addr not 4-aligned, a bad timeout). timeout is
 * relative; NULL waits for ever. */
int futex_wait(volatile int *addr, int val, const struct timespec *timeout);
/* futex_wake: how many were woken, or -1 and errno. */
int futex_wake(volatile int *addr, int n);

/* A mutex: 0 free, 1 held, 2 held and someone may be waiting (the unlock
 * then wakes one: Drepper's "Futexes Are Tricky", mutex 2). Uncontended,
 * lock and unlock are one atomic instruction each, no system call. */
struct mutex {
    volatile int state;
};
#define MUTEX_INIT { 0 }

void mutex_lock(struct mutex *m);
/* mutex_trylock: 1 if it took the mutex, 0 if it is held. */
int mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
#endif
