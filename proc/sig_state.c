/* sig_state.c -- a process's signal state: made, shared, copied, reset
 * (signal.h), and the calls that read and change it: rt_sigprocmask,
 * rt_sigpending, sigaltstack (rt_sigaction and the actions themselves:
 * sig_acts.c). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/sched.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

_Static_assert(sizeof(struct sigaction_k) == 32, "Linux's struct sigaction on x86-64");
_Static_assert(sizeof(struct sighand) <= 128, "a small kmalloc class: every process has one");
_Static_assert(sizeof(struct proc) <= 384, "NPROC slots, always there: keep a slot six cache lines");

enum sig_default sig_default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
        return SIG_DFL_IGNORE;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return SIG_DFL_STOP;
    default:
        return SIG_DFL_TERM;
    }
}

void sig_recalc(struct sighand *sh)
{
    assert(spin_holding(&sh->lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q->sig != sh)
            continue;
        bool want = ((q->sig_pending | sh->pending) & ~q->sig_blocked) != 0;
        __atomic_store_n(&q->sig_wake, want, __ATOMIC_RELEASE);
    }
}

/* The sender set sig_wake first (sig_recalc); a thread going to sleep
 * looks at it under its p->lock (sleep_intr), so it either saw it or is
 * asleep by the time this takes the lock. */
void sig_wake_threads(struct sighand *sh)
{
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (__atomic_load_n(&q->sig, __ATOMIC_RELAXED) != sh || !__atomic_load_n(&q->sig_wake, __ATOMIC_ACQUIRE) ||
            __atomic_load_n(&q->state, __ATOMIC_ACQUIRE) != P_SLEEPING)
            continue;
        spin_lock(&q->lock);
        if (q->state == P_SLEEPING && q->sig == sh && q->sig_wake)
            sched_make_runnable(q);
        spin_unlock(&q->lock);
    }
}

/* ---- life cycle ------------------------------------------------------------ */

static void sig_link(struct sighand *sh, struct proc *p, uint64_t blocked)
{
    spin_lock(&sh->lock);
    sh->refs++;
    p->sig = sh;
    p->sig_blocked = blocked;
    p->sig_pending = 0;
    p->sig_wake = 0;
    spin_unlock(&sh->lock);
}

static void sig_altstack_clear(struct proc *p)
{
    p->sig_alt_sp = p->sig_alt_size = 0;
    p->sig_alt_autodisarm = false;
}

/* sig_fork: p, a fork's child (its slot's own struct, still private),
 * gets the parent's actions (their table shared, not copied), session
 * and personality, all read under one hold of the parent's lock, and the
 * caller's mask and alternate stack; timers are not inherited. The
 * child's block is allocated without the lock, and again if another
 * thread of the parent made its own meanwhile. */
static int sig_fork(struct proc *p, struct proc *parent)
{
    struct sighand *psh = parent->sig, *sh = p->sig;
    assert(sh);
    struct sig_actions *acts = 0;
    spin_lock(&psh->lock);
    while (psh->acts && !acts) {
        spin_unlock(&psh->lock);
        if (!(acts = kmalloc(sizeof(*acts))))
            return -ENOMEM;
        spin_lock(&psh->lock);
    }
    struct sig_actions *spare = psh->acts ? 0 : acts;
    if (psh->acts)
        sig_acts_share(psh, acts);
    int sid = psh->sid;
    uint32_t persona = psh->personality;
    spin_unlock(&psh->lock);
    if (spare)                   /* the block went meanwhile: only exec drops one,
                                  * and it waits for the other threads first */
        kfree(spare);
    p->sig_alt_sp = parent->sig_alt_sp;
    p->sig_alt_size = parent->sig_alt_size;
    p->sig_alt_autodisarm = parent->sig_alt_autodisarm;
    spin_lock(&sh->lock);
    sh->acts = spare ? 0 : acts;
    sh->sid = sid;
    sh->personality = persona;
    p->sig_blocked = parent->sig_blocked;   /* the caller's own: only it changes it */
    spin_unlock(&sh->lock);
    return 0;
}

int sig_attach(struct proc *p, struct proc *parent, bool thread)
{
    p->sig_restore_mask = false;
    if (thread) {
        /* A new thread shares everything but the mask, and has no
         * alternate stack (Linux clears it for CLONE_VM). */
        sig_altstack_clear(p);
        spin_lock(&parent->sig->lock);
        uint64_t blocked = parent->sig_blocked;
        spin_unlock(&parent->sig->lock);
        sig_link(parent->sig, p, blocked);
        return 0;
    }
    if (!parent) {
        /* A new process's own struct, made with its slot (proc_alloc):
         * no actions, no timer (fork fills it in below). */
        struct sighand *sh = kmalloc(sizeof(*sh));
        if (!sh)
            return -ENOMEM;
        spinlock_init(&sh->lock, "signal");
        sh->sid = p->pid;        /* a session of its own, until fork says */
        sig_altstack_clear(p);
        sig_link(sh, p, 0);
        return 0;
    }
    return sig_fork(p, parent);
}

void sig_detach(struct proc *p)
{
    assert(spin_holding(&p->lock));
    struct sighand *sh = p->sig;
    if (!sh)
        return;
    spin_lock(&sh->lock);
    __atomic_store_n(&p->sig, 0, __ATOMIC_RELAXED);
    p->sig_pending = 0;
    p->sig_wake = 0;
    bool last = --sh->refs == 0;
    spin_unlock(&sh->lock);
    if (last) {
        sig_acts_free(sh->acts);
        kfree(sh);
    }
}

/* exec: handlers back to SIG_DFL (sig_acts_exec says how), no alternate
 * stack; pending signals and the mask stay. */
void sig_exec(struct proc *p)
{
    struct sighand *sh = p->sig;
    struct sig_actions *drop;
    spin_lock(&sh->lock);
    struct sig_table *t = sig_acts_exec(sh, &drop);
    spin_unlock(&sh->lock);
    sig_table_put(t);
    kfree(drop);
    sig_altstack_clear(p);
    p->sig_restore_mask = false;
}

/* ---- the calls ----------------------------------------------------------- */

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sig_set_mask: the calling thread's mask becomes mask (less what cannot
 * be blocked); a signal it unblocks is delivered on the way out. */
void sig_set_mask(struct proc *p, uint64_t mask)
{
    struct sighand *sh = p->sig;
    spin_lock(&sh->lock);
    p->sig_blocked = mask & ~SIG_UNBLOCKABLE;
    sig_recalc(sh);
    spin_unlock(&sh->lock);
}

long sys_rt_sigprocmask(long how, uintptr_t uset, uintptr_t uoset, long sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    struct proc *p = myproc();
    uint64_t set = 0, old = p->sig_blocked;   /* only the thread itself changes it */
    if (uset) {
        if (copyin(&set, uset, sizeof(set)) < 0)
            return -EFAULT;
        switch ((int)how) {
        case SIG_BLOCK: sig_set_mask(p, old | set); break;
        case SIG_UNBLOCK: sig_set_mask(p, old & ~set); break;
        case SIG_SETMASK: sig_set_mask(p, set); break;
        default: return -EINVAL;
        }
    }
    if (uoset && copyout(uoset, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

long sys_rt_sigpending(uintptr_t uset, long sigsetsize)
{
    if (sigsetsize < 0 || sigsetsize > 8)
        return -EINVAL;
    struct proc *p = myproc();
    spin_lock(&p->sig->lock);
    uint64_t set = (p->sig_pending | p->sig->pending) & p->sig_blocked;
    spin_unlock(&p->sig->lock);
    return copyout(uset, &set, (size_t)sigsetsize) < 0 ? -EFAULT : 0;
}

/* ---- sigaltstack ---------------------------------------------------------- */

struct stack_k {                 /* Linux's stack_t */
    uintptr_t sp;
    int flags;
    int pad;
    uint64_t size;
};

bool sig_on_altstack(const struct proc *p, uintptr_t sp)
{
    return p->sig_alt_size && sp > p->sig_alt_sp && sp - p->sig_alt_sp <= p->sig_alt_size;
}

int sig_altstack_flags(const struct proc *p)
{
    return !p->sig_alt_size ? SS_DISABLE : p->sig_alt_autodisarm ? (int)SS_AUTODISARM : 0;
}

long sys_sigaltstack(uintptr_t uss, uintptr_t uoss)
{
    struct proc *p = myproc();
    bool on = sig_on_altstack(p, p->tf->rsp);
    struct stack_k old = { .sp = p->sig_alt_sp, .size = p->sig_alt_size,
                           .flags = on ? SS_ONSTACK : sig_altstack_flags(p) };
    if (uss) {
        struct stack_k ss;
        if (copyin(&ss, uss, sizeof(ss)) < 0)
            return -EFAULT;
        if (on)
            return -EPERM;
        unsigned mode = (unsigned)ss.flags & ~SS_AUTODISARM;
        if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
            return -EINVAL;
        if (mode == SS_DISABLE) {
            ss.sp = ss.size = 0;
        } else if (ss.size < MINSIGSTKSZ) {
            return -ENOMEM;
        }
        p->sig_alt_sp = ss.sp;
        p->sig_alt_size = ss.size;
        p->sig_alt_autodisarm = (ss.flags & (int)SS_AUTODISARM) != 0;
    }
    if (uoss && copyout(uoss, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}
