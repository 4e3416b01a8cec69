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

/* spin_holding: the owner field alone is exact. Only the holder writes
 * it: its own CPU after taking the lock, 0 before letting go. Another CPU
 * may read a stale value, but never its own. */
bool spin_holding(const struct spinlock *lk)
{
    return lk->owner == mycpu();
}

/* spin_wait: the lock was busy when we drew ticket `me`; wait for it and
 * take it. Out of line (and last, so a tail call), the uncontended path
 * stays short; the self-deadlock check is here too, since holding the
 * lock is one way of finding it busy, and so is the count of waits
 * (kernel/lockstat.h). */
static __attribute__((noinline)) void spin_wait(struct spinlock *lk, uint16_t me)
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

/* spin_acquire: draw a ticket and wait for it. The draw adds one to
 * `next` through the whole word: `next` is the high half, so its carry
 * leaves bit 31 and is dropped, and the same locked instruction returns
 * both counters, so a free lock costs no second read. Acquire ordering
 * pairs with the release in spin_unlock: what the last holder wrote is
 * visible once our number is served. */
static inline void spin_acquire(struct spinlock *lk)
{
    union spin_ticket t = {
        .word = __atomic_fetch_add(&lk->ticket.word, SPIN_TICKET_NEXT_ONE, __ATOMIC_ACQUIRE)
    };
    if (unlikely(t.serving != t.next))
        spin_wait(lk, t.next);
    else
        lk->owner = mycpu();
}

/* The order check comes before the wait: an order that can deadlock is
 * reported even on the run where it does. */
void spin_lock(struct spinlock *lk)
{
    push_off();
#ifdef WEENSY_LOCKDEP
    if (spin_holding(lk))
        panic("spin_lock: %s already held by this CPU", lk->name);
    lockdep_acquire(lk, 0, false, __builtin_frame_address(0));
#endif
    spin_acquire(lk);
}

void spin_lock_nested(struct spinlock *lk, int subclass)
{
    push_off();
#ifdef WEENSY_LOCKDEP
    if (spin_holding(lk))
        panic("spin_lock: %s already held by this CPU", lk->name);
    lockdep_acquire(lk, subclass, false, __builtin_frame_address(0));
#else
    (void)subclass;
#endif
    spin_acquire(lk);
}

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

/* spin_unlock: only the holder writes `serving`, so a plain increment
 * published with a release store is enough: no locked instruction (the
 * locked draws of other CPUs write `serving` back unchanged). */
void spin_unlock(struct spinlock *lk)
{
    if (!spin_holding(lk))
        panic("spin_unlock: %s not held by this CPU", lk->name);
#ifdef WEENSY_LOCKDEP
    lockdep_release(lk);
#endif
    lk->owner = 0;
    uint16_t serving = __atomic_load_n(&lk->ticket.serving, __ATOMIC_RELAXED);
    __atomic_store_n(&lk->ticket.serving, (uint16_t)(serving + 1), __ATOMIC_RELEASE);
    pop_off();
}

void push_off(void)
{
    bool on = irqs_enabled();
    cli();
    struct cpu *c = mycpu();
    if (c->ncli++ == 0)
        c->intena = on;
}

void pop_off(void)
{
    struct cpu *c = mycpu();
    if (irqs_enabled())
        panic("pop_off: interrupts are on");
    if (c->ncli < 1)
        panic("pop_off: not pushed");
    if (--c->ncli == 0 && c->intena)
        sti();
}
