/* spinlock.h -- mutual exclusion between CPUs, with interrupts kept off
 * while a lock is held (push_off/pop_off nest, as in xv6).
 *
 * A ticket lock: fair under contention, CPUs get the lock in the order
 * they asked for it. In Debug builds (WEENSY_LOCKDEP) every acquire is
 * checked against the lock order the kernel has followed so far
 * (kernel/lockdep.h). The order for the whole kernel is written down once
 * in docs/locking.md. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>

struct cpu;

/* The two counters share one 32-bit word, so spin_trylock can take the
 * lock with one compare-and-swap that succeeds only if it was free, and
 * spin_lock draws a ticket and learns who is served in one fetch-add.
 * Each counter is 16 bits and wraps on its own: `next` is the high half,
 * so adding SPIN_TICKET_NEXT_ONE to the word never carries into
 * `serving` (the carry out of bit 31 is lost). */
union spin_ticket {
    uint32_t word;
    struct {
        uint16_t serving;   /* the ticket that holds the lock (or may take it) */
        uint16_t next;      /* the ticket the next CPU to ask will draw */
    };
};
#define SPIN_TICKET_NEXT_ONE (1u << 16)

struct spinlock {
    union spin_ticket ticket;   /* free when serving == next */
    const char *name;           /* for panics, the lock list and its class */
    struct cpu *owner;          /* the CPU holding it, for spin_holding() */
#ifdef WEENSY_LOCKDEP
    uint8_t lockdep_class;      /* 0 until the first acquire finds the class */
#endif
};

#define SPINLOCK_INIT(n) { .ticket = { 0 }, .name = (n), .owner = 0 }

void spinlock_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
/* spin_lock_nested: take a second lock of the same class as one already
 * held, declared by a subclass (1, 2, ...) that the order checker treats
 * as a class of its own (fork: the parent's vm->lock, then the child's). */
void spin_lock_nested(struct spinlock *lk, int subclass);
void spin_unlock(struct spinlock *lk);
bool spin_trylock(struct spinlock *lk);
bool spin_holding(const struct spinlock *lk);

/* push_off/pop_off: interrupts off, counted; the outermost pop_off restores
 * the interrupt flag the first push_off saw. */
void push_off(void);
void pop_off(void);
#endif
