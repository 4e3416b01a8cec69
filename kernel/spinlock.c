/* spinlock.c -- ticket spinlocks with interrupt masking.
 *
 * A CPU draws a ticket (atomic fetch-add on `next`) and spins, reading
 * only `serving`, until its number comes up; unlock hands the lock to the
 * next ticket. So waiters are served in the order they arrived, and a CPU
 * that releases a lock and takes it again at once cannot starve one that
 * is already waiting (a test-and-set lock lets it). The uncontended cost
 * is the same as test-and-set: one locked instruction to take the lock,
 * one unlocked add to release it. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/lockdep.h"
#include "kernel/lockstat.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

void spinlock_init(struct spinlock *lk, const char *name)
{
    *lk = (struct spinlock)SPINLOCK_INIT(name);
}

/* The ticket word, read once: both counters from the same instant. */
static inline union spin_ticket spin_ticket_read(const struct spinlock *lk)
{
    return (union spin_ticket){ .word = __atomic_load_n(&lk->ticket.word, __ATOMIC_RELAXED) };
}

/* spin_wait: spin_acquire found the lock busy (kernel/spinlock.h). The
 * self-deadlock check is here, since holding the lock is one way of
 * finding it busy, and so is the count of waits (kernel/lockstat.h). */
void spin_wait(struct spinlock *lk, uint16_t me)
{
    if (spin_holding(lk))
        panic("spin_lock: %s already held by this CPU", lk->name);
    uint64_t t0 = lockstat_on ? rdtsc() : 0;
    while (__atomic_load_n(&lk->ticket.serving, __ATOMIC_ACQUIRE) != me)
        cpu_relax();
    lk->owner = mycpu();
    if (lockstat_on)
        lockstat_wait(lk->name, rdtsc() - t0);
}

void spin_unlock_bad(struct spinlock *lk)
{
    panic("spin_unlock: %s not held by this CPU", lk->name);
}

/* Both turn interrupts off first: panic's own locks push_off, which must
 * not find the broken invariant again. */
void push_off_bad(int ncli)
{
    cli();
    panic("push_off: interrupts on with %d pushes", ncli);
}

void pop_off_bad(int ncli)
{
    cli();
    if (ncli < 1)
        panic("pop_off: not pushed");
    panic("pop_off: interrupts are on");
}

void pop_off_restores_bad(int ncli)
{
    panic("pop_off_restores: %d pushes, not one", ncli);
}

#ifdef WEENSY_LOCKDEP
/* The order check comes before the wait: an order that can deadlock is
 * reported even on the run where it does. */
void spin_lock(struct spinlock *lk)
{
    spin_lock_nested(lk, 0);
}

void spin_lock_nested(struct spinlock *lk, int subclass)
{
    push_off();
    if (spin_holding(lk))
        panic("spin_lock: %s already held by this CPU", lk->name);
    lockdep_acquire(lk, subclass, false, __builtin_frame_address(0));
    spin_acquire(lk);
}

void spin_unlock(struct spinlock *lk)
{
    if (!spin_holding(lk))
        spin_unlock_bad(lk);
    lockdep_release(lk);
    spin_release(lk);
    pop_off();
}
#endif

/* spin_trylock: take the lock only if it is free, in one compare-and-swap
 * of the whole word (serving == next, and next moves on by one). A waiter
 * between our read and the swap changes `next`, so the swap fails: a
 * trylock never queues and never jumps a queue. */
bool spin_trylock(struct spinlock *lk)
{
    push_off();
    union spin_ticket old = spin_ticket_read(lk);
    if (old.serving == old.next) {
        union spin_ticket new = old;
        new.next++;
        if (__atomic_compare_exchange_n(&lk->ticket.word, &old.word, new.word, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            lk->owner = mycpu();
#ifdef WEENSY_LOCKDEP
            lockdep_acquire(lk, 0, true, __builtin_frame_address(0));
#endif
            return true;
        }
    }
    pop_off();
    return false;
}
