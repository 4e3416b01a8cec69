/* sched.c -- each CPU runs scheduler() on its own stack, picking runnable
 * processes round-robin and swtch()ing to them; a process comes back here
 * through sched() when it yields, sleeps or exits. */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/shutdown.h"
#include "proc/demo.h"
#include "proc/thread.h"
#include "proc/fpu_switch.h"
#include "kernel/clock.h"
#include "kernel/btrace.h"
#include "mm/vmspace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/irq.h"

void swtch(struct context **old, struct context *new);
noreturn void trap_return_to(struct trapframe *tf);

/* Run p on this CPU: its kernel stack for traps, its address space. */
static void sched_run(struct cpu *c, struct proc *p)
{
    if (c->sched_t0)
        btrace_end(BT_SCHED, c->sched_t0);
    p->state = P_RUNNING;
    p->cpu = c->id;
    c->proc = p;
    c->kstack_top = p->kstack_top;
    gdt_set_kernel_stack(&c->gdt, p->kstack_top);
    vmspace_load(p->vm ? p->vm : &kernel_vmspace);   /* NULL: exiting */
    thread_fs_load(c, p);
    proc_fpu_load(c, p);
    swtch(&c->scheduler, p->context);
    proc_fpu_save(c, p);
    thread_fs_save(c, p);
    c->sched_t0 = btrace_start();
    /* With one CPU, stay on p's page table: the next process loads its
     * own, so a switch writes CR3 once, not twice (under QEMU's TCG each
     * write flushes the whole software TLB); a thread that drops its
     * space's last use moves to the kernel's table before the space is
     * destroyed. With several, leave it now, still holding p->lock: then
     * only CPUs running a thread of a space have it loaded, so the space
     * is never destroyed under another CPU, and the CR3 write drops this
     * CPU's TLB entries for p's pages, so none is stale when p runs here
     * again after changing its mappings elsewhere (mm/tlb.h). */
    if (ncpus > 1)
        vmspace_load(&kernel_vmspace);
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
 * wakeup from an interrupt in between cannot be slept through; a wakeup on
 * another CPU either sees c->idle (set before the check) and sends the
 * resched IPI, or made the process runnable before the check saw it
 * (sched_make_runnable). The boot CPU alone ends the machine. */
static void sched_idle(struct cpu *c)
{
    if (c->id == 0)
        shutdown_poll();
    cli();
    __atomic_store_n(&c->idle, true, __ATOMIC_SEQ_CST);
    if (!sched_any_runnable(c) && !__atomic_load_n(&c->call, __ATOMIC_ACQUIRE))
        sti_hlt();
    __atomic_store_n(&c->idle, false, __ATOMIC_RELAXED);
    sti();
}

/* sched_kick: wake an idle CPU that may run p, if p's own cannot pick it
 * up now (this one is busy running the caller). */
static void sched_kick(const struct proc *p)
{
    int self = mycpu()->id;
    for (int i = 0; i < ncpus; i++) {
        if (i == self || !(p->cpu_mask & (1UL << i)))
            continue;
        if (__atomic_load_n(&cpus[i].idle, __ATOMIC_SEQ_CST)) {
            irq_send_ipi(i, T_IPI_RESCHED);
            return;
        }
    }
}

void sched_make_runnable(struct proc *p)
{
    assert(spin_holding(&p->lock));
    __atomic_store_n(&p->state, P_RUNNABLE, __ATOMIC_SEQ_CST);
    if (ncpus > 1)
        sched_kick(p);
}

/* sched_move_off: p (locked) has a new CPU mask. If it runs on a CPU the
 * mask no longer names, make that CPU reschedule (trap() yields on
 * T_IPI_RESCHED); if it waits to run, wake an idle CPU the mask names. */
void sched_move_off(struct proc *p)
{
    assert(spin_holding(&p->lock));
    if (p->state == P_RUNNING && !(p->cpu_mask & (1UL << p->cpu)) && p->cpu != mycpu()->id)
        irq_send_ipi(p->cpu, T_IPI_RESCHED);
    else if (p->state == P_RUNNABLE && ncpus > 1)
        sched_kick(p);           /* a CPU of its new mask may be idle */
}

/* sched_pick: the next runnable process round-robin from slot *next that
 * may run on CPU c (its cpu_mask), returned locked, or NULL. Only the
 * slots ever used are looked at (proc_table_end), and each first without
 * its lock: most are not runnable or not for this CPU, and taking every
 * lock was most of a switch's cost (with several CPUs, also their lock
 * words going back and forth between CPUs that each run a process pinned
 * to them). State and mask are checked again under the lock. A lock that
 * is busy is passed over (trylock): another CPU is picking that process
 * or it is changing its own state, and waiting for it cost most of the
 * scheduler's time at -smp 4 on two host cores, where the holder's vCPU
 * may be off its host core for milliseconds (lockstat). Nothing is lost:
 * an idle CPU looks again before it halts (sched_idle). */
static struct proc *sched_pick(struct cpu *c, int *next)
{
    uint64_t me = 1UL << c->id;
    int n = proc_table_end() - ptable;
    int i = *next < n ? *next : 0;
    for (int k = 0; k < n; k++) {
        struct proc *p = &ptable[i];
        if (++i == n)
            i = 0;
        if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) != P_RUNNABLE ||
            !(__atomic_load_n(&p->cpu_mask, __ATOMIC_RELAXED) & me) || !spin_trylock(&p->lock))
            continue;
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
        if (__atomic_load_n(&c->call, __ATOMIC_ACQUIRE))
            cpus_take_call(c);       /* rare: a test's work (cpus_run_on) */
        proc_reap_orphans();
        if (c->id == 0)
            demo_poll();             /* its state is the boot CPU's alone */
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

/* How much ends a sleep early: nothing (sleep_nokill), a kill, or also a
 * pending signal the thread does not block (sleep_intr). */
enum sleep_mode { SLEEP_NOKILL, SLEEP_KILLABLE, SLEEP_INTR };

static bool sleep_cut_short(const struct proc *p, enum sleep_mode mode)
{
    return (mode != SLEEP_NOKILL && p->killed) || (mode == SLEEP_INTR && __atomic_load_n(&p->sig_wake, __ATOMIC_ACQUIRE));
}

static void sleep_how(void *chan, struct spinlock *lk, uint64_t deadline, enum sleep_mode mode)
{
    struct proc *p = myproc();
    /* Holding p->lock before dropping lk means no wakeup can slip between
     * the check the caller made under lk and our going to sleep. A kill
     * cannot slip in either: the caller checked p->killed under lk, which
     * kill does not take, so it is checked again here under p->lock,
     * which kill does; after this, kill finds us asleep and wakes us.
     * A signal likewise: its sender sets p->sig_wake, then takes p->lock
     * to wake a sleeper (proc/signal.c).
     * Every caller loops on its condition and p->killed. We are asleep
     * (state and chan) before lk goes: wakeup looks at both without p->lock,
     * after the waker changed the condition under lk. No one takes p->lock
     * from us before sched() has switched away. */
    spin_lock(&p->lock);
    if (sleep_cut_short(p, mode)) {
        spin_unlock(&p->lock);
        return;
    }
    p->chan = chan;
    p->wake_tick = deadline;
    __atomic_store_n(&p->state, P_SLEEPING, __ATOMIC_RELEASE);   /* after chan and deadline */
    spin_unlock(lk);
    sched();
    p->chan = 0;
    p->wake_tick = 0;
    spin_unlock(&p->lock);
    spin_lock(lk);
}

void sleep_until(void *chan, struct spinlock *lk, uint64_t deadline)
{
    sleep_how(chan, lk, deadline, SLEEP_KILLABLE);
}

void sleep(void *chan, struct spinlock *lk)
{
    sleep_how(chan, lk, 0, SLEEP_KILLABLE);
}

/* sleep_nokill: sleep until woken even if killed meanwhile (a kill's
 * wakeup ends this sleep, but the caller's loop sleeps again). */
void sleep_nokill(void *chan, struct spinlock *lk)
{
    sleep_how(chan, lk, 0, SLEEP_NOKILL);
}

void sleep_intr(void *chan, struct spinlock *lk, uint64_t deadline)
{
    sleep_how(chan, lk, deadline, SLEEP_INTR);
}

/* sleep_tick: wake every sleeper whose deadline has come (from the timer
 * tick, on any CPU; a sleeper going to sleep just as its deadline passes
 * is seen by the next tick). Only those are locked: a sleeper sets its
 * deadline before its state, so one seen asleep shows its deadline too;
 * locking every sleeper on every tick (parents in wait4, most of them)
 * made their own CPUs wait for the tick's. */
void sleep_tick(uint64_t now)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) != P_SLEEPING)
            continue;
        uint64_t wake = __atomic_load_n(&p->wake_tick, __ATOMIC_RELAXED);
        if (!wake || wake > now)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now)
            sched_make_runnable(p);
        spin_unlock(&p->lock);
    }
}

/* wakeup: the caller changed the condition under the lock the sleepers
 * gave to sleep(), so each of them either saw the change or went to sleep
 * (state and chan set) before that lock was free: a look without p->lock
 * finds every sleeper on chan, and only those are locked. Taking every
 * slot's lock instead made each exit queue on the locks of the processes
 * other CPUs were switching. */
void wakeup(void *chan)
{
    struct proc *self = myproc();
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (p == self || __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) != P_SLEEPING ||
            __atomic_load_n(&p->chan, __ATOMIC_RELAXED) != chan)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_SLEEPING && p->chan == chan)
            sched_make_runnable(p);
        spin_unlock(&p->lock);
    }
}
