/* futex.c -- futex wrappers and the mutex (see futex.h). */
#include "futex.h"
#include "errno.h"
#include "syscall.h"
#include <stdbool.h>

int futex_wait(volatile int *addr, int val, const struct timespec *timeout)
{
    long r = sys_futex((long)addr, FUTEX_WAIT_PRIVATE, val, (long)timeout, 0, 0);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return 0;
}

int futex_wake(volatile int *addr, int n)
{
    long r = sys_futex((long)addr, FUTEX_WAKE_PRIVATE, n, 0, 0, 0);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return (int)r;
}

int mutex_trylock(struct mutex *m)
{
    int free = 0;
    return __atomic_compare_exchange_n(&m->state, &free, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void mutex_lock(struct mutex *m)
{
    int c = 0;
    if (__atomic_compare_exchange_n(&m->state, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    /* Held: say we wait (2), and sleep while it stays held-with-waiters.
     * Taking it as 2 is safe: at worst an unlock wakes no one in vain. */
    if (c != 2)
        c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        futex_wait(&m->state, 2, 0);
        c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
    }
}

void mutex_unlock(struct mutex *m)
{
    if (__atomic_fetch_sub(&m->state, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);
        futex_wake(&m->state, 1);
    }
}
