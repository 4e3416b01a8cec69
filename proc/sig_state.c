/* sig_state.c -- a process's signal state: made, shared, copied, reset
 * (signal.h), and the calls that read and change it: rt_sigaction,
 * rt_sigprocmask, rt_sigpending, sigaltstack. */
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
_Static_assert(sizeof(struct sig_actions) <= 4096, "one page");
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

struct sigaction_k sig_action(const struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock) && sig >= 1 && sig <= NSIG);
    return sh->acts ? sh->acts->act[sig - 1] : (struct sigaction_k){ 0 };
}

/* A signal whose action is to do nothing: SIG_IGN, or the default of
 * the signals Linux ignores. weensy cannot stop a process: a stop
 * signal's default does nothing either (kill refuses to send one). */
bool sig_ignored(const struct sighand *sh, int sig)
{
    struct sigaction_k a = sig_action(sh, sig);
    return a.handler == SIG_IGN || (a.handler == SIG_DFL && sig_default_action(sig) != SIG_DFL_TERM);
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

/* sig_fork_acts: a copy of parent's actions for a child, or NULL when it
 * has none; -ENOMEM. The block is allocated without the lock, and again
 * if another thread of the parent made its own meanwhile. */
static int sig_fork_acts(struct sighand *psh, struct sig_actions **out)
{
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
        memcpy(acts->act, psh->acts->act, sizeof(acts->act));   /* nothing is pending */
    spin_unlock(&psh->lock);
    kfree(spare);
    *out = spare ? 0 : acts;
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
    /* fork: the slot's own struct, still private, gets a copy of the
     * parent's actions and the caller's mask and alternate stack; timers
     * are not inherited. */
    struct sighand *sh = p->sig;
    assert(sh);
    struct sig_actions *acts;
    int err = sig_fork_acts(parent->sig, &acts);
    if (err)
        return err;
    p->sig_alt_sp = parent->sig_alt_sp;
    p->sig_alt_size = parent->sig_alt_size;
    p->sig_alt_autodisarm = parent->sig_alt_autodisarm;
    spin_lock(&parent->sig->lock);
    int sid = parent->sig->sid;
    uint32_t persona = parent->sig->personality;
    spin_unlock(&parent->sig->lock);
    spin_lock(&sh->lock);
    sh->acts = acts;
    sh->sid = sid;
    sh->personality = persona;
    p->sig_blocked = parent->sig_blocked;   /* the caller's own: only it changes it */
    spin_unlock(&sh->lock);
    return 0;
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
        kfree(sh->acts);
        kfree(sh);
    }
}

/* Linux's flush_signal_handlers: caught signals go back to SIG_DFL (the
 * handlers are gone with the old image); ignored ones stay ignored; flags
 * and masks are cleared. Pending signals and the mask stay. With no
 * SIG_IGN left the block goes (p is the process's only thread: exec),
 * with the info of its pending signals (signal.h says what they tell). */
void sig_exec(struct proc *p)
{
    struct sighand *sh = p->sig;
    struct sig_actions *drop = 0;
    spin_lock(&sh->lock);
    if (sh->acts) {
        bool ignores = false;
        for (int i = 0; i < NSIG; i++) {
            uintptr_t h = sh->acts->act[i].handler == SIG_IGN ? SIG_IGN : SIG_DFL;
            sh->acts->act[i] = (struct sigaction_k){ .handler = h };
            ignores |= h == SIG_IGN;
        }
        if (!ignores) {
            drop = sh->acts;
            __atomic_store_n(&sh->acts, 0, __ATOMIC_RELAXED);
        }
    }
    spin_unlock(&sh->lock);
    kfree(drop);
    sig_altstack_clear(p);
    p->sig_restore_mask = false;
}

/* ---- the calls ----------------------------------------------------------- */

/* A signal whose action becomes "ignore" is dropped from every pending
 * set at once (POSIX; Linux does the same). */
static void sig_flush_ignored(struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock));
    sh->pending &= ~SIG_BIT(sig);
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++)
        if (q->sig == sh)
            q->sig_pending &= ~SIG_BIT(sig);
    sig_recalc(sh);
}

/* sig_acts_new: a block for sh if it has none and act needs one (a
 * handler or SIG_IGN: a SIG_DFL action with no block changes nothing, and
 * its flags and mask are not kept); NULL if not needed, or -ENOMEM. The
 * look without the lock is enough: only the caller's process makes the
 * block, and it never goes while the process has other threads (exec). */
static struct sig_actions *sig_acts_new(struct sighand *sh, const struct sigaction_k *act, int *err)
{
    *err = 0;
    if (act->handler == SIG_DFL || __atomic_load_n(&sh->acts, __ATOMIC_ACQUIRE))
        return 0;
    struct sig_actions *acts = kmalloc(sizeof(*acts));
    if (!acts)
        *err = -ENOMEM;
    return acts;
}

long sys_rt_sigaction(long sig_arg, uintptr_t uact, uintptr_t uoact, long sigsetsize)
{
    int sig = (int)sig_arg;
    if (sigsetsize != 8 || sig < 1 || sig > NSIG || sig != sig_arg)
        return -EINVAL;
    if (uact && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    struct sigaction_k act;
    if (uact && copyin(&act, uact, sizeof(act)) < 0)
        return -EFAULT;
    struct sighand *sh = myproc()->sig;
    int err = 0;
    struct sig_actions *fresh = uact ? sig_acts_new(sh, &act, &err) : 0;
    if (err)
        return err;
    spin_lock(&sh->lock);
    struct sigaction_k old = sig_action(sh, sig);
    if (uact) {
        if (fresh && !sh->acts) {
            __atomic_store_n(&sh->acts, fresh, __ATOMIC_RELEASE);
            fresh = 0;           /* else another thread's came first: ours goes */
        }
        assert(sh->acts || act.handler == SIG_DFL);
        act.mask &= ~SIG_UNBLOCKABLE;
        if (sh->acts)
            sh->acts->act[sig - 1] = act;
        if (sig_ignored(sh, sig))
            sig_flush_ignored(sh, sig);
    }
    spin_unlock(&sh->lock);
    kfree(fresh);
    if (uoact && copyout(uoact, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

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
