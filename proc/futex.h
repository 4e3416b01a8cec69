/* futex.h -- fast user-space locking's kernel half (proc/futex.c): threads
 * sleep on a 32-bit word of their address space until another wakes them.
 * Waiters are keyed by (address space, user address). */
#ifndef PROC_FUTEX_H
#define PROC_FUTEX_H
#include <stdint.h>

struct vmspace;

/* futex_wake: wake up to n waiters on uaddr in vm (at least one, as
 * Linux's FUTEX_WAKE does even for n <= 0); how many were woken. */
int futex_wake(struct vmspace *vm, uintptr_t uaddr, int n);
/* futex_waiters: how many threads wait in vm (all addresses): for tests. */
int futex_waiters(struct vmspace *vm);
#endif
