/* trap.c -- where every interrupt and exception lands (from vectors.asm).
 * IRQs go to their registered handler; exceptions in user mode go to the
 * process layer; an exception in kernel mode is a kernel bug and panics,
 * unless a self-test armed a trap_catch for it. */
#include "kernel/kernel.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "proc/proc.h"
#include "proc/sched.h"

#ifdef WEENSY_KTESTS
/* The fault catcher exists only in kernels built with the in-kernel tests
 * (CMake's WEENSY_KTESTS): a kernel built for use has no way to resume
 * after a fault in its own code. */
static struct trap_catch *catchers[MAX_CPUS];

_Static_assert(offsetof(struct trap_catch, rip) == 56, "catch.asm");

int trap_catch_arm(struct trap_catch *c)
{
    c->armed = true;
    catchers[mycpu()->id] = c;
    return 0;
}

void trap_catch_end(void)
{
    struct trap_catch *c = catchers[mycpu()->id];
    if (c)
        c->armed = false;
    catchers[mycpu()->id] = 0;
}

/* Resume at the armed trap_catch() as if it returned vector + 1. */
static bool trap_try_catch(struct trapframe *tf)
{
    struct trap_catch *c = catchers[mycpu()->id];
    if (!c || !c->armed)
        return false;
    c->armed = false;
    c->vector = tf->vector;
    c->error = tf->error;
    c->addr = tf->vector == T_PF ? read_cr2() : tf->rip;
    tf->rbx = c->rbx;
    tf->rbp = c->rbp;
    tf->r12 = c->r12;
    tf->r13 = c->r13;
    tf->r14 = c->r14;
    tf->r15 = c->r15;
    tf->rsp = c->rsp;
    tf->rip = c->rip;
    tf->rax = tf->vector + 1;
    return true;
}
#else
static bool trap_try_catch(struct trapframe *tf)
{
    (void)tf;
    return false;
}
#endif

static void trap_exception(struct trapframe *tf)
{
    if (tf_from_user(tf)) {
        proc_user_fault(tf);     /* returns only if the fault was resolved */
        return;
    }
    trap_dump(tf);
    if (trap_try_catch(tf)) {
        kprintf("trap: caught by self-test, resuming\n");
        return;
    }
    panic("unexpected %s in the kernel", trap_name(tf->vector));
}

/* An NMI is not a fault: on a PC it reports a hardware or watchdog event
 * (under QEMU, the monitor's `nmi`), which weensy only counts, per CPU;
 * the code it interrupted goes on. It cannot print: cli does not hold
 * NMIs off, so it may have landed while this CPU held the log's lock. The
 * timer tick reports new ones instead. (Later, a panicking CPU stops the
 * others with it.) Counting in struct cpu needs this CPU's own GS base,
 * which the paranoid entry (vectors.asm) guarantees wherever it landed.
 * Another CPU may also send one on purpose (a TLB shootdown, mm/tlb.c; a
 * panic stopping the machine, kernel/panic.c): the hooks take those first. */
#define NMI_HOOKS_MAX 2
static nmi_hook_fn nmi_hooks[NMI_HOOKS_MAX];   /* set at boot, before any NMI is sent */
static int nmi_nhooks;

void trap_add_nmi_hook(nmi_hook_fn hook)
{
    assert(nmi_nhooks < NMI_HOOKS_MAX);
    nmi_hooks[nmi_nhooks++] = hook;
}

static void trap_nmi(const struct trapframe *tf)
{
    for (int i = 0; i < nmi_nhooks; i++)
        if (nmi_hooks[i](tf))
            return;              /* another CPU's request (mm/tlb.c, kernel/panic.c) */
    mycpu()->nmis++;
}

static void trap_report_nmis(void)
{
    struct cpu *c = mycpu();
    uint64_t n = __atomic_load_n(&c->nmis, __ATOMIC_RELAXED);
    if (n != c->nmis_reported) {
        kprintf("trap: %lu NMI%s on CPU %d so far, ignored\n", n, n == 1 ? "" : "s", c->id);
        c->nmis_reported = n;
    }
}

void trap(struct trapframe *tf)
{
#ifdef WEENSY_DEBUG
    /* vectors.asm clears AC only when it finds it set: SMAP would be off
     * here otherwise (usertests regs, probe_ac). */
    if (read_rflags() & RFLAGS_AC)
        panic("trap: RFLAGS.AC set in the kernel (vector %lu)", tf->vector);
#endif
    if (tf->vector == T_NMI) {
        trap_nmi(tf);
        return;                  /* no preemption or kill from an NMI: it may
                                    have landed anywhere, even in a spinlock */
    }
    if (tf->vector < 32)
        trap_exception(tf);
    else if (tf->vector < IRQ_BASE + 16 || (tf->vector >= T_IPI_RESCHED && tf->vector < T_SPURIOUS) ||
             (tf->vector >= T_MSI_FIRST && tf->vector <= T_MSI_LAST))
        irq_dispatch(tf);
    else if (tf->vector != T_SPURIOUS)
        kprintf("trap: stray interrupt vector %lu\n", tf->vector);
    if (tf->vector == IRQ_BASE + IRQ_TIMER)
        trap_report_nmis();

    /* A process's time slice is one tick: the timer preempts it, in user
     * mode or in a system call (which runs with interrupts on and holds no
     * spinlock when interruptible). The scheduler itself has no process. */
    struct proc *p = myproc();
    bool resched = tf->vector == IRQ_BASE + IRQ_TIMER || tf->vector == T_IPI_RESCHED;
    if (p && resched && p->state == P_RUNNING)
        yield();
    if (p && tf_from_user(tf))
        proc_return_to_user(tf);
}
