/* fault.c -- a CPU exception raised by user code. A page fault first goes
 * to vm_fault(), which may resolve it (demand-zero pages, copy-on-write;
 * later swap); anything else ends the process, and only it, with one line
 * that says who, where and why, and a wait status naming the signal Linux
 * would have sent. */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/vmspace.h"
#include "mm/vm_fault.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

/* Who wants to hear of each kill (the memory viewer's status line): set by
 * the observer, so that proc/ calls nothing above itself. */
static void (*fault_observer)(const char *msg);

void proc_set_fault_observer(void (*fn)(const char *msg))
{
    fault_observer = fn;
}

void proc_report_kill(const char *msg)
{
    kprintf("proc: %s\n", msg);
    if (fault_observer)
        fault_observer(msg);
}

static int fault_signal(int vector)
{
    switch (vector) {
    case T_DE: case 16 /* #MF */: case 19 /* #XM */:
        return SIGFPE;
    case T_UD: case T_NM:
        return SIGILL;
    case T_DB: case T_BP:
        return SIGTRAP;
    case T_PF: case T_GP: case 12 /* #SS */: case 11 /* #NP */:
        return SIGSEGV;
    default:
        return SIGBUS;
    }
}

/* si_code and si_addr for a handler, as Linux fills them: a page fault
 * says whether an area was there but forbids the access (SEGV_ACCERR) or
 * none was (SEGV_MAPERR), and where; a general protection fault says
 * nothing (SI_KERNEL, address 0); the others point at the instruction.
 * err is vm_fault's answer to a page fault. */
static int fault_code(const struct trapframe *tf, int sig, int err)
{
    if (tf->vector == T_PF)
        return sig == SIGBUS ? 2 /* BUS_ADRERR */ : err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR;
    switch (tf->vector) {
    case T_GP: case 11: case 12: return SI_KERNEL_CODE;
    case T_UD: return 2;         /* ILL_ILLOPN */
    case T_DE: return 1;         /* FPE_INTDIV */
    case T_BP: case T_DB: return 1;   /* TRAP_BRKPT */
    default: return SI_KERNEL_CODE;
    }
}

static uintptr_t fault_si_addr(const struct trapframe *tf, uintptr_t addr)
{
    return fault_code(tf, SIGSEGV, 0) == SI_KERNEL_CODE ? 0 : addr;
}

static int fault_access(uint64_t error)
{
    if (error & PFE_I)
        return VM_EXEC;
    return error & PFE_W ? VM_WRITE : VM_READ;
}

/* One line: who, how, where, why. The same text goes to the fault
 * observer (the memory viewer's status line), without the "proc: ". */
static void fault_report(struct proc *p, struct trapframe *tf, uintptr_t addr, const char *why)
{
    char msg[200];
    int n = snprintf(msg, sizeof(msg), "pid %d (%s) killed by %s: rip %#lx, address %#lx, ",
                     p->pid, p->name, trap_long_name(tf->vector), tf->rip, addr);
    n = MIN(n, (int)sizeof(msg) - 1);
    if (tf->vector == T_PF)
        snprintf(msg + n, sizeof(msg) - n, "%s, %s%s%s%s", tf->error & PFE_P ? "protection" : "not present",
                 tf->error & PFE_I ? "fetch" : tf->error & PFE_W ? "write" : "read",
                 tf->error & PFE_RSVD ? ", reserved bit set" : "", why ? ", " : "", why ? why : "");
    else
        snprintf(msg + n, sizeof(msg) - n, "error code %#lx", tf->error);
    proc_report_kill(msg);
}

/* Resolve a user page fault through the area it hits; 0 if the program can
 * go on, else the error and *why in words. */
static int fault_resolve(struct proc *p, struct trapframe *tf, uintptr_t addr, const char **why)
{
    /* Interrupts stay off from the trap (cr2 is saved) unless the fault
     * lets go of the lock for slow work (reclaim, swap, a file's read):
     * the lock is taken as if they had been on, as the user's were, so
     * that those unlocks turn them on; the last one leaves them off, for
     * iretq to restore. The sti that came first and the one in the last
     * unlock each ended QEMU's translation block: 5 % of a page fault's
     * wall-clock time under TCG (docs/performance.md). */
    spin_lock(&p->vm->lock);
    pop_off_restores(true);
    int err = vm_fault(p->vm, addr, fault_access(tf->error));
    if (err == -EAGAIN)
        err = 0;                 /* the page came from swap: the access, again, finds it */
    /* A test of its own: folded into vm_fault_why's switch, success was a
     * jump through its table (a lookup under TCG). */
    if (unlikely(err))
        *why = vm_fault_why(p->vm, addr, err);
    pop_off_restores(false);
    spin_unlock(&p->vm->lock);
    if (err)
        sti();                   /* the kill or signal that follows, as before */
    return err;
}

void proc_user_fault(struct trapframe *tf)
{
    struct proc *p = myproc();
    assert(p && tf_from_user(tf));
    uintptr_t addr = tf->vector == T_PF ? read_cr2() : tf->rip;
    const char *why = 0;
    int err = 0;
    if (tf->vector == T_PF) {
        err = fault_resolve(p, tf, addr, &why);
        if (err == 0)
            return;
        if (err == -ENOMEM) {
            /* The policy (docs/vm.md): the process that needed the page
             * dies, as Linux's OOM killer would pick someone; nobody else
             * loses anything. */
            char msg[140];
            snprintf(msg, sizeof(msg), "pid %d (%s) killed: %s at address %#lx (page fault, rip %#lx)",
                     p->pid, p->name, why, addr, tf->rip);
            proc_report_kill(msg);
            proc_exit_group(SIGKILL);
        }
    }
    /* A page swap cannot read back, or a page of a mapped file past its
     * end, is a bus error, as on Linux. */
    int sig = err == -EIO || err == -ENXIO ? SIGBUS : fault_signal(tf->vector);
    if (sig_fault(p, sig, fault_code(tf, sig, err), fault_si_addr(tf, addr)))
        return;                  /* its handler runs on the way out (proc_return_to_user) */
    fault_report(p, tf, addr, why);
    proc_exit_group(sig);
}
