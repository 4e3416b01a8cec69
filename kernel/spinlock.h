/* spinlock.h -- mutual exclusion between CPUs, with interrupts kept off
 * while a lock is held (push_off/pop_off nest, as in xv6).
 * Lock order for the whole kernel is written down once in docs/locking.md. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>

struct cpu;

struct spinlock {
    volatile uint32_t locked;
    const char *name;       /* for panics and the lock list */
    struct cpu *owner;      /* the CPU holding it, for holding() */
};

#define SPINLOCK_INIT(n) { 0, (n), 0 }

void spinlock_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_trylock(struct spinlock *lk);
bool spin_holding(const struct spinlock *lk);

/* push_off/pop_off: interrupts off, counted; the outermost pop_off restores
 * the interrupt flag the first push_off saw. */
void push_off(void);
void pop_off(void);
#endif
