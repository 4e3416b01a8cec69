/* sched.c -- each CPU runs scheduler() on its own stack, picking runnable
 * processes round-robin and swtch()ing to them; a process comes back here
 * through sched() when it yields, sleeps or exits. */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/shutdown.h"
#include "proc/demo.h"
#include "proc/thread.h"
#include "kernel/clock.h"
#include "kernel/btrace.h"
#include "mm/vmspace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

void swtch(struct context **old, struct context *new);
noreturn void trap_return_to(struct trapframe *tf);

static uint64_t sched_t0;        /* when the last process switched back here */

/* Run p on this CPU: its kernel stack for traps, its address space. */
static void sched_run(struct cpu *c, struct proc *p)
{
    if (sched_t0)
        btrace_end(BT_SCHED, sched_t0);
    p->state = P_RUNNING;
    p->cpu = c->id;
    c->proc = p;
    c->kstack_top = p->kstack_top;
    gdt_set_kernel_stack(&c->gdt, p->kstack_top);
    vmspace_activate(p->vm ? p->vm : &kernel_vmspace);   /* NULL: exiting */
    thread_fs_load(p);
    swtch(&c->scheduler, p->context);
    thread_fs_save(p);
    sched_t0 = btrace_start();
    /* Stay on p's page table: the next process loads its own, so a switch
     * writes CR3 once, not twice (under QEMU's TCG each write flushes the
     * whole software TLB). Safe while one CPU runs processes: an exiting
     * process moves to the kernel's table before its space is destroyed
     * (proc_release_memory), and no other space is destroyed while live. */
    c->proc = 0;
}

static bool sched_any_runnable(struct cpu *c)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++)
        if (p->state == P_RUNNABLE && (p->cpu_mask & (1UL << c->id)))
            return true;
    return false;
}

/* Nothing to run: halt until an interrupt. The check and the halt happen
 * with interrupts off, and sti;hlt opens them only as the CPU halts, so a
 * wakeup from an interrupt in between cannot be slept through. */
static void sched_idle(struct cpu *c)
{
    shutdown_poll();
    cli();
    if (!sched_any_runnable(c))
        sti_hlt();
    sti();
}

/* sched_pick: the next runnable process round-robin from slot *next that
 * may run on CPU c (its cpu_mask), returned locked, or NULL. Only the slots ever used are looked at
 * (proc_table_end), and each first without its lock: most are not
 * runnable, and taking every lock was most of a switch's cost. The state
 * is checked again under the lock. */
static struct proc *sched_pick(struct cpu *c, int *next)
{
    uint64_t me = 1UL << c->id;
    int n = proc_table_end() - ptable;
    int i = *next < n ? *next : 0;
    for (int k = 0; k < n; k++) {
        struct proc *p = &ptable[i];
        if (++i == n)
            i = 0;
        if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) != P_RUNNABLE)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_RUNNABLE && (p->cpu_mask & me)) {
            *next = i;
            return p;
        }
        spin_unlock(&p->lock);
    }
    return 0;
}

noreturn void scheduler(void)
{
    struct cpu *c = mycpu();
    int next = 0;
    for (;;) {
        sti();                       /* let devices wake sleepers */
        proc_reap_orphans();
        demo_poll();
        struct proc *p = sched_pick(c, &next);
        if (p) {
            sched_run(c, p);
            spin_unlock(&p->lock);
        } else {
            sched_idle(c);
        }
    }
}

/* sched: switch to the scheduler. The caller holds only p->lock and has
 * already changed p->state. */
void sched(void)
{
    struct proc *p = myproc();
    struct cpu *c = mycpu();
    if (!spin_holding(&p->lock))
        panic("sched: p->lock not held");
    if (c->ncli != 1)
        panic("sched: %d locks held", c->ncli);
    if (p->state == P_RUNNING)
        panic("sched: still running");
    if (irqs_enabled())
        panic("sched: interrupts on");
    bool intena = c->intena;
    swtch(&p->context, c->scheduler);
    mycpu()->intena = intena;
}

void yield(void)
{
    struct proc *p = myproc();
    spin_lock(&p->lock);
    p->state = P_RUNNABLE;
    sched();
    spin_unlock(&p->lock);
}

/* The first swtch() into a new process lands here, holding p->lock from
 * the scheduler; release it and leave for user mode. */
void forkret(void)
{
    struct proc *p = myproc();
    spin_unlock(&p->lock);
    proc_return_to_user(p->tf);  /* killed before it ever ran? */
    clock_first_user();
    cli();
    trap_return_to(p->tf);
}

void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline)
{
    struct proc *p = myproc();
    /* Holding p->lock before dropping lk means no wakeup can slip between
     * the check the caller made under lk and our going to sleep. */
    spin_lock(&p->lock);
    spin_unlock(lk);
    p->chan = chan;
    p->wake_tick = deadline;
    /* A kill that came after the caller looked at p->killed found p not
     * yet asleep, so did not wake it: do not sleep through it (every
     * sleeper checks killed when it wakes). */
    p->state = p->killed ? P_RUNNABLE : P_SLEEPING;
    sched();
    p->chan = 0;
    p->wake_tick = 0;
    spin_unlock(&p->lock);
    spin_lock(lk);
}

void sleep(void *chan, struct spinlock *lk)
{
    sleep_until(chan, lk, 0);
}

/* sleep_tick: wake every sleeper whose deadline has come (from the timer
 * tick, on any CPU; a sleeper going to sleep just as its deadline passes
 * is seen by the next tick). */
void sleep_tick(uint64_t now)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) != P_SLEEPING)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now)
            p->state = P_RUNNABLE;
        spin_unlock(&p->lock);
    }
}

void wakeup(void *chan)
{
    struct proc *self = myproc();
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (p == self)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_SLEEPING && p->chan == chan)
            p->state = P_RUNNABLE;
        spin_unlock(&p->lock);
    }
}
