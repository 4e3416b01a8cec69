/* spinlock.c -- test-and-set spinlocks with interrupt masking. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

void spinlock_init(struct spinlock *lk, const char *name)
{
    lk->locked = 0;
    lk->name = name;
    lk->owner = 0;
}

bool spin_holding(const struct spinlock *lk)
{
    return lk->locked && lk->owner == mycpu();
}

void spin_lock(struct spinlock *lk)
{
    push_off();
    if (spin_holding(lk))
        panic("spin_lock: %s already held by this CPU", lk->name);
    while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE))
        while (lk->locked)
            cpu_relax();
    lk->owner = mycpu();
}

bool spin_trylock(struct spinlock *lk)
{
    push_off();
    if (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE)) {
        pop_off();
        return false;
    }
    lk->owner = mycpu();
    return true;
}

void spin_unlock(struct spinlock *lk)
{
    if (!spin_holding(lk))
        panic("spin_unlock: %s not held by this CPU", lk->name);
    lk->owner = 0;
    __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
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
