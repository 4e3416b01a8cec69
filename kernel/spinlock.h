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
#include <stdnoreturn.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

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
bool spin_trylock(struct spinlock *lk);

/* spin_holding: the owner field alone is exact. Only the holder writes
 * it: its own CPU after taking the lock, 0 before letting go. Another CPU
 * may read a stale value, but never its own. Inline: every "caller
 * holds" assertion runs it. */
static inline bool spin_holding(const struct spinlock *lk)
{
    return lk->owner == mycpu();
}

/* push_off/pop_off: interrupts off, counted; the outermost pop_off restores
 * the interrupt flag the first push_off saw. Inline, on the CPU's own
 * struct through GS (one instruction a field): every lock pair runs both,
 * and a fork+exit+wait takes about 45 pairs (docs/performance.md).
 *
 * The count is above 0 only with interrupts off (the invariant; Debug
 * builds check it, WEENSY_DEBUG), so a nested push_off need not read the
 * flags or clear them again: only the outermost does. An interrupt between
 * the outermost's read of 0 and its cli is harmless: every handler's pairs
 * balance, and a thread preempted there resumes, on whatever CPU, with the
 * count at 0 again. Together with pop_off's check being Debug's only, this
 * is about 7 instructions a pair less (2026-12-08). */
static inline int cpu_ncli(void)
{
    int n;
    __asm__ volatile("movl %%gs:%c1, %0" : "=r"(n) : "i"(CPU_OFF_NCLI));
    return n;
}

static inline void cpu_set_ncli(int n)
{
    __asm__ volatile("movl %0, %%gs:%c1" : : "r"(n), "i"(CPU_OFF_NCLI) : "memory");
}

/* push_off_bad / pop_off_bad: the invariant broken, or nothing pushed
 * (panics). */
noreturn void push_off_bad(int ncli);
noreturn void pop_off_bad(int ncli);

static inline void push_off(void)
{
    int n = cpu_ncli();
    if (n == 0) {
        bool on = read_rflags() & RFLAGS_IF;
        cli();
        __asm__ volatile("movb %0, %%gs:%c1" : : "q"(on), "i"(CPU_OFF_INTENA) : "memory");
    }
#ifdef WEENSY_DEBUG
    else if (irqs_enabled())
        push_off_bad(n);
#endif
    cpu_set_ncli(n + 1);
}

static inline void pop_off(void)
{
    int n = cpu_ncli();
#ifdef WEENSY_DEBUG
    if (__builtin_expect(irqs_enabled(), 0))
        pop_off_bad(n);
#endif
    if (__builtin_expect(n < 1, 0))
        pop_off_bad(n);
    cpu_set_ncli(n - 1);
    if (n == 1) {
        bool on;
        __asm__ volatile("movb %%gs:%c1, %0" : "=q"(on) : "i"(CPU_OFF_INTENA));
        if (on)
            sti();
    }
}

/* pop_off_restores: what the outermost pop_off will do, for a caller
 * holding exactly one push_off: turn interrupts on (as if they had been on
 * at the push_off), or leave them off. The user page fault takes its
 * space's lock with interrupts still off from the trap and says "on":
 * only the slow work for which the fault lets go of the lock runs with
 * them on (proc/fault.c). */
noreturn void pop_off_restores_bad(int ncli);
static inline void pop_off_restores(bool on)
{
    if (__builtin_expect(cpu_ncli() != 1, 0))
        pop_off_restores_bad(cpu_ncli());
    __asm__ volatile("movb %0, %%gs:%c1" : : "q"(on), "i"(CPU_OFF_INTENA) : "memory");
}

/* spin_wait: the lock was busy when we drew ticket `me`; wait for it
 * and take it (kernel/spinlock.c). Out of line: the free lock's way
 * stays a few instructions. */
void spin_wait(struct spinlock *lk, uint16_t me);
/* spin_unlock_bad: the unlocking CPU does not hold lk (panics). */
noreturn void spin_unlock_bad(struct spinlock *lk);

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
    if (__builtin_expect(t.serving != t.next, 0))
        spin_wait(lk, t.next);
    else
        lk->owner = mycpu();
}

/* spin_release: only the holder writes `serving`, so a plain increment
 * published with a release store is enough: no locked instruction (the
 * locked draws of other CPUs write `serving` back unchanged). That the
 * caller holds lk is checked in Debug builds (WEENSY_DEBUG), which the
 * test suite boots; in Release it was three of a pair's instructions. */
static inline void spin_release(struct spinlock *lk)
{
#ifdef WEENSY_DEBUG
    if (__builtin_expect(!spin_holding(lk), 0))
        spin_unlock_bad(lk);
#endif
    lk->owner = 0;
    uint16_t serving = __atomic_load_n(&lk->ticket.serving, __ATOMIC_RELAXED);
    __atomic_store_n(&lk->ticket.serving, (uint16_t)(serving + 1), __ATOMIC_RELEASE);
}

#ifdef WEENSY_LOCKDEP
/* With the order checker, out of line (kernel/spinlock.c): each acquire
 * is checked first, each release recorded. */
void spin_lock(struct spinlock *lk);
/* spin_lock_nested: take a second lock of the same class as one already
 * held, declared by a subclass (1, 2, ...) that the order checker treats
 * as a class of its own (fork: the parent's vm->lock, then the child's). */
void spin_lock_nested(struct spinlock *lk, int subclass);
void spin_unlock(struct spinlock *lk);
#else
/* Without it, inline: a free lock costs about 19 instructions to take
 * and 21 to let go, with no call, and the caller keeps its registers
 * (a fork+exit+wait, 63 pairs, went from 15 810 to 14 698 instructions
 * under -icount with spin_holding inline too, 2026-12-07). */
static inline void spin_lock(struct spinlock *lk)
{
    push_off();
    spin_acquire(lk);
}

static inline void spin_lock_nested(struct spinlock *lk, int subclass)
{
    (void)subclass;
    spin_lock(lk);
}

static inline void spin_unlock(struct spinlock *lk)
{
    spin_release(lk);
    pop_off();
}
#endif
#endif
