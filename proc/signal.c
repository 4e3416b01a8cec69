/* signal.c -- sending signals: kill, tgkill, tkill, and the kernel's own
 * (Ctrl-C, SIGCHLD, SIGPIPE, faults, SIGALRM). See signal.h.
 *
 * A signal sent to a process goes to its process-wide pending set, one to
 * a thread to that thread's; either is taken on the way back to user mode
 * by a thread that does not block it (sig_deliver.c), and a sleeping one
 * is woken for it. Two actions are taken at once, when the signal is
 * sent, as Linux does: an ignored signal is dropped, and a signal whose
 * action is to end the process (SIGKILL, or a default "terminate" that a
 * thread does not block) marks every thread killed: each dies the next
 * time it is about to return to user mode (proc_return_to_user), its
 * sleep cut short, and the process's status names the signal (Linux's
 * group exit; no core-dump bit is set). SIGCHLD, SIGCONT, SIGURG and
 * SIGWINCH are ignored by default. The stop signals (SIGSTOP, SIGTSTP,
 * SIGTTIN, SIGTTOU) would stop a process, which weensy cannot do: kill
 * and tgkill refuse them with EINVAL rather than pretend.
 *
 * Who: pid > 0 one process; 0 the caller's process group; -1 every process
 * but init and the caller; < -1 the process group -pid. Init (pid 1) is
 * never signalled: it cannot die by kill, as on Linux.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "mm/mm_check.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

/* Mark thread p (locked, alive) with sig. */
static void sig_mark_killed(struct proc *p, int sig)
{
    assert(spin_holding(&p->lock));
    if (p->state != P_ZOMBIE && !p->killed) {
        p->killed = sig;
        if (p->state == P_SLEEPING)
            sched_make_runnable(p);
    }
}

void proc_signal_threads(struct proc *leader, int sig, struct proc *except)
{
    assert(spin_holding(&wait_lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q == except || q->leader != leader)
            continue;
        spin_lock(&q->lock);
        sig_mark_killed(q, sig);
        spin_unlock(&q->lock);
    }
}

/* sig_kill_process: the process whose leader is given ends of sig: its
 * status names sig (unless it is already ending) and every thread dies.
 * Caller holds wait_lock. */
static void sig_kill_process(struct proc *leader, int sig)
{
    assert(spin_holding(&wait_lock));
    if (leader->nthreads == 0)
        return;
    if (!leader->group_exit) {
        leader->group_exit = true;
        leader->group_xstatus = sig;
    }
    proc_signal_threads(leader, sig, 0);
}

/* Does a live thread of sh's process leave sig unblocked? (Then a fatal
 * default action is taken at once; else the signal waits, pending.) */
static bool sig_unblocked_somewhere(struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++)
        if (q->sig == sh && q->state != P_ZOMBIE && !(q->sig_blocked & SIG_BIT(sig)))
            return true;
    return false;
}

static bool sig_fatal_now(struct sighand *sh, int sig, bool unblocked)
{
    struct sigaction_k a = sig_action(sh, sig);
    return sig == SIGKILL || (a.handler == SIG_DFL && sig_default_action(sig) == SIG_DFL_TERM && unblocked);
}

void sig_send_process(struct proc *leader, int sig, const struct sig_kinfo *info)
{
    assert(spin_holding(&wait_lock));
    struct sighand *sh = leader->sig;
    if (!sig || !sh || leader->nthreads == 0)
        return;                  /* 0 only checks; a process that is over */
    spin_lock(&sh->lock);
    bool unblocked = sig_unblocked_somewhere(sh, sig);
    bool fatal = sig_fatal_now(sh, sig, unblocked);
    bool post = !fatal && !(sig_ignored(sh, sig) && unblocked);
    if (fatal && leader == initproc)
        fatal = false;           /* init dies of no signal: only its handlers run */
    if (post) {
        if (sh->acts && sig <= SIG_INFO_MAX && !(sh->pending & SIG_BIT(sig)))
            sh->acts->info[sig - 1] = *info;   /* a standard signal is pending once;
                                                * no block: no handler (signal.h) */
        sh->pending |= SIG_BIT(sig);
        sig_recalc(sh);
    }
    spin_unlock(&sh->lock);
    if (fatal)
        sig_kill_process(leader, sig);
    else if (post)
        sig_wake_threads(sh);
}

/* sig_send_thread_locked: sig to thread t; caller holds wait_lock (t's
 * slot cannot be freed meanwhile). */
static void sig_send_thread_locked(struct proc *t, int sig, const struct sig_kinfo *info)
{
    assert(spin_holding(&wait_lock));
    struct sighand *sh = t->sig;
    if (!sig || !sh || t->state == P_ZOMBIE)
        return;
    spin_lock(&sh->lock);
    bool unblocked = !(t->sig_blocked & SIG_BIT(sig));
    bool fatal = sig_fatal_now(sh, sig, unblocked);
    bool post = !fatal && !(sig_ignored(sh, sig) && unblocked);
    if (fatal && t->leader == initproc)
        fatal = false;           /* init dies of no signal: only its handlers run */
    if (post) {
        t->sig_pending |= SIG_BIT(sig);
        t->sig_tcode = info->code;
        t->sig_tpid = info->pid;
        sig_recalc(sh);
    }
    spin_unlock(&sh->lock);
    if (fatal && t->leader)
        sig_kill_process(t->leader, sig);
    else if (post)
        sig_wake_threads(sh);
}

void sig_send_thread(struct proc *t, int sig, const struct sig_kinfo *info)
{
    spin_lock(&wait_lock);
    sig_send_thread_locked(t, sig, info);
    spin_unlock(&wait_lock);
}

bool sig_fault(struct proc *p, int sig, int code, uintptr_t addr)
{
    struct sighand *sh = p->sig;
    spin_lock(&sh->lock);
    struct sigaction_k a = sig_action(sh, sig);
    bool caught = a.handler != SIG_DFL && a.handler != SIG_IGN && !(p->sig_blocked & SIG_BIT(sig)) &&
                  !(p->sig_pending & SIG_BIT(sig));
    if (caught) {
        p->sig_pending |= SIG_BIT(sig);
        p->sig_fault_code = code;
        p->sig_fault_addr = addr;
        sig_recalc(sh);
    }
    spin_unlock(&sh->lock);
    return caught;
}

void sig_child_ended(struct proc *parent, struct proc *child, int wstatus)
{
    assert(spin_holding(&wait_lock));
    bool exited = WIFEXITED(wstatus);
    struct sig_kinfo info = { .code = exited ? CLD_EXITED : CLD_KILLED, .pid = child->pid,
                              .val = exited ? (uint64_t)WEXITSTATUS(wstatus) : (uint64_t)WTERMSIG(wstatus) };
    sig_send_process(parent, SIGCHLD, &info);
}

bool sig_child_autoreap(struct proc *parent)
{
    assert(spin_holding(&wait_lock));
    struct sighand *sh = parent->sig;
    if (!sh)
        return false;
    spin_lock(&sh->lock);
    struct sigaction_k a = sig_action(sh, SIGCHLD);
    spin_unlock(&sh->lock);
    return a.handler == SIG_IGN || (a.flags & SA_NOCLDWAIT);
}

/* What a signal from the kernel (Ctrl-C, proc_kill_all) or from a user's
 * kill tells its handler. */
static const struct sig_kinfo sig_from_kernel = { .code = SI_KERNEL_CODE };

static struct sig_kinfo sig_from_user(void)
{
    struct proc *me = myproc();
    return (struct sig_kinfo){ .code = SI_USER, .pid = me ? me->tgid : 0 };
}

/* May the caller send sig to init? Init dies of no signal; another
 * process, init itself included, gets EPERM for one init does not catch
 * (Linux would answer 0 and drop it), so a kill of init never looks as if
 * it worked; one init has a handler for goes through (a Linux program run
 * as the first process raising its own, its children signalling it).
 * Caller holds wait_lock. */
static bool sig_to_init_ok(int sig)
{
    if (!sig)
        return true;
    struct sighand *sh = initproc->sig;
    if (!sh)
        return false;
    spin_lock(&sh->lock);
    uintptr_t h = sig_action(sh, sig).handler;
    spin_unlock(&sh->lock);
    return h != SIG_DFL && h != SIG_IGN;
}

/* sig_kill_pid: pid may name any thread (its tid); the signal goes to its
 * process, as Linux's kill does. A thread that has ended is gone
 * (ESRCH); a process that has (a zombie) is found and left as it is. */
static int sig_kill_pid(int pid, int sig, const struct sig_kinfo *info)
{
    int err = -ESRCH;
    spin_lock(&wait_lock);
    struct proc *p = proc_lookup(pid);
    struct proc *leader = 0;
    if (p) {
        spin_lock(&p->lock);     /* an EMBRYO is no one's yet: its tid is not out */
        leader = p->pid == pid && p->state != P_UNUSED && p->state != P_EMBRYO ? p->leader : 0;
        spin_unlock(&p->lock);
    }
    if (leader == initproc && initproc && !sig_to_init_ok(sig))
        err = -EPERM;            /* init's threads are init */
    else if (leader) {
        sig_send_process(leader, sig, info);
        err = 0;
    }
    spin_unlock(&wait_lock);
    return err;
}

int proc_kill(int pid, int sig)
{
    return sig_kill_pid(pid, sig, &sig_from_kernel);
}

/* sig_kill_group: sig to every process of group pgid (pgid -1: all but
 * init and `except`'s process); 0 if any was found, else -ESRCH. The scan
 * holds wait_lock, which fork and clone take to let a child run
 * (fork_publish, thread_publish): a child being made while its group is
 * killed is either found here or cancelled there. Every thread carries
 * its process's group; the leaders stand for the processes. */
static int sig_kill_group(int pgid, int sig, struct proc *except, const struct sig_kinfo *info)
{
    int found = 0;
    spin_lock(&wait_lock);
    struct proc *skip = except ? except->leader : 0;
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (p->leader != p || p == skip || (pgid == -1 && p == initproc))
            continue;
        spin_lock(&p->lock);
        bool match = p->state != P_UNUSED && p->state != P_EMBRYO && (pgid == -1 || p->pgid == pgid);
        spin_unlock(&p->lock);
        if (match) {
            if (p != initproc)   /* found, but never signalled */
                sig_send_process(p, sig, info);
            found++;
        }
    }
    spin_unlock(&wait_lock);
    return found ? 0 : -ESRCH;
}

int proc_kill_group(int pgid, int sig, struct proc *except)
{
    return sig_kill_group(pgid, sig, except, &sig_from_kernel);
}

int proc_kill_all(void)
{
    int alive = 0;
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        if (p == initproc || p->state == P_UNUSED || p->leader != p)
            continue;
        alive++;
        proc_kill(p->pid, SIGKILL);
    }
    return alive;
}

/* A signal number kill and tgkill accept: 0 (a check) to 64, but not a
 * stop signal, which weensy cannot carry out. */
static bool sig_sendable(long sig)
{
    return sig >= 0 && sig <= NSIG && (sig == 0 || sig_default_action((int)sig) != SIG_DFL_STOP);
}

long sys_kill(long pid_arg, long sig_arg)
{
    /* Both are ints on Linux: the registers' upper halves are not looked
     * at (a libc may pass -1 as 0xffffffff). */
    long pid = (int32_t)pid_arg, sig = (int32_t)sig_arg;
    if (!sig_sendable(sig))
        return -EINVAL;
    struct proc *me = myproc();
    struct sig_kinfo info = sig_from_user();
    int err;
    if (pid > 0) {
        err = sig_kill_pid((int)pid, (int)sig, &info);
    } else if (pid == -1) {
        err = sig_kill_group(-1, (int)sig, me, &info);
    } else {
        int pgid;
        spin_lock(&me->lock);
        pgid = pid == 0 ? me->pgid : (int)-pid;
        spin_unlock(&me->lock);
        err = pid == INT32_MIN ? -ESRCH : sig_kill_group(pgid, (int)sig, 0, &info);
    }
    if (!err && sig)
        mm_check_event("kill");
    return err;
}

/* tgkill: sig to thread tid of process tgid (tgid -1: any process: tkill).
 * init's threads are as protected as init. */
long sys_tgkill(long tgid_arg, long tid_arg, long sig_arg)
{
    long tgid = (int32_t)tgid_arg, tid = (int32_t)tid_arg, sig = (int32_t)sig_arg;   /* ints */
    if (!sig_sendable(sig) || tid <= 0 || tgid == 0 || tgid < -1)
        return -EINVAL;
    struct sig_kinfo info = { .code = SI_TKILL, .pid = myproc()->tgid };
    int err = -ESRCH;
    spin_lock(&wait_lock);
    struct proc *t = proc_lookup((int)tid);
    if (t) {
        spin_lock(&t->lock);
        bool found = t->pid == tid && t->state != P_UNUSED && t->state != P_EMBRYO &&
                     t->state != P_ZOMBIE && (tgid == -1 || t->tgid == tgid);
        spin_unlock(&t->lock);
        if (found && t->leader == initproc && !sig_to_init_ok((int)sig))
            err = -EPERM;
        else if (found) {
            sig_send_thread_locked(t, (int)sig, &info);
            err = 0;
        }
    }
    spin_unlock(&wait_lock);
    return err;
}

long sys_tkill(long tid, long sig)
{
    return sys_tgkill(-1, tid, sig);
}
