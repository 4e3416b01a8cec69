/* signal.c -- kill(): weensy has no signal handlers yet, so a signal does
 * what Linux does by default for a process that set none: most end the
 * target, whose wait status then names the signal (WIFSIGNALED, WTERMSIG);
 * SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored. The stop signals
 * (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) would stop it, which weensy cannot
 * do yet: kill refuses them with EINVAL rather than pretend.
 *
 * kill only marks the target: it dies on its own CPU the next time it is
 * about to return to user mode (proc_return_to_user), and a sleeper is
 * woken so that it gets there promptly (its sleep returns -EINTR). A
 * signal that ends a process ends every thread of it, with the signal as
 * the process's status (Linux's group exit).
 *
 * Who: pid > 0 one process; 0 the caller's process group; -1 every process
 * but init and the caller; < -1 the process group -pid. Init (pid 1) is
 * never signalled: it cannot die by kill, as on Linux.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/mm_check.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

enum sig_default { SIG_DFL_TERM, SIG_DFL_IGNORE, SIG_DFL_STOP };

static enum sig_default sig_default_action(int sig)
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

/* Mark thread p (locked, alive) with sig. */
static void sig_deliver(struct proc *p, int sig)
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
        sig_deliver(q, sig);
        spin_unlock(&q->lock);
    }
}

/* sig_process: sig to the whole process whose leader is given, as Linux
 * delivers a fatal signal: the process ends with it as its status (unless
 * it is already ending) and every thread dies. 0 only checks. Caller holds
 * wait_lock. */
static void sig_process(struct proc *leader, int sig)
{
    assert(spin_holding(&wait_lock));
    if (!sig || sig_default_action(sig) != SIG_DFL_TERM || leader->nthreads == 0)
        return;
    if (!leader->group_exit) {
        leader->group_exit = true;
        leader->group_xstatus = sig;
    }
    proc_signal_threads(leader, sig, 0);
}

/* proc_kill: pid may name any thread (its tid); the signal goes to its
 * process, as Linux's kill does. A thread that has ended is gone
 * (ESRCH); a process that has (a zombie) is found and left as it is. */
int proc_kill(int pid, int sig)
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
    if (leader == initproc && initproc)
        err = sig ? -EPERM : 0;  /* init's threads are init */
    else if (leader) {
        sig_process(leader, sig);
        err = 0;
    }
    spin_unlock(&wait_lock);
    return err;
}

/* proc_kill_group: sig to every process of group pgid (pgid -1: all but
 * init and `except`'s process); 0 if any was found, else -ESRCH. The scan
 * holds wait_lock, which fork and clone take to let a child run
 * (fork_publish, thread_publish): a child being made while its group is
 * killed is either found here or cancelled there. Every thread carries
 * its process's group; the leaders stand for the processes. */
int proc_kill_group(int pgid, int sig, struct proc *except)
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
                sig_process(p, sig);
            found++;
        }
    }
    spin_unlock(&wait_lock);
    return found ? 0 : -ESRCH;
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

long sys_kill(long pid, long sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (sig_default_action((int)sig) == SIG_DFL_STOP)
        return -EINVAL;          /* weensy cannot stop a process (yet) */
    if (pid > INT32_MAX || pid < INT32_MIN)
        return -ESRCH;
    struct proc *me = myproc();
    int err;
    if (pid > 0) {
        if (pid == 1 && sig != 0)
            return -EPERM;       /* init cannot be killed, as on Linux */
        err = proc_kill((int)pid, (int)sig);
    } else if (pid == -1) {
        err = proc_kill_group(-1, (int)sig, me);
    } else {
        int pgid;
        spin_lock(&me->lock);
        pgid = pid == 0 ? me->pgid : (int)-pid;
        spin_unlock(&me->lock);
        err = pid == INT32_MIN ? -ESRCH : proc_kill_group(pgid, (int)sig, 0);
    }
    if (!err && sig)
        mm_check_event("kill");
    return err;
}
