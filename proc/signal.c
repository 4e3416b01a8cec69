/* signal.c -- kill(): weensy has no signal handlers yet, so a signal does
 * what Linux does by default for a process that set none: most end the
 * target, whose wait status then names the signal (WIFSIGNALED, WTERMSIG);
 * SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored. The stop signals
 * (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) would stop it, which weensy cannot
 * do yet: kill refuses them with EINVAL rather than pretend.
 *
 * kill only marks the target: it dies on its own CPU the next time it is
 * about to return to user mode (proc_return_to_user), and a sleeper is
 * woken so that it gets there promptly (its sleep returns -EINTR).
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

/* Mark p (locked, alive) with sig; 0 only checks that it exists. */
static void sig_deliver(struct proc *p, int sig)
{
    assert(spin_holding(&p->lock));
    if (!sig || sig_default_action(sig) != SIG_DFL_TERM)
        return;
    if (p->state != P_ZOMBIE && !p->killed) {
        p->killed = sig;
        if (p->state == P_SLEEPING)
            sched_make_runnable(p);
    }
}

int proc_kill(int pid, int sig)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        spin_lock(&p->lock);
        bool match = p->pid == pid && p->state != P_UNUSED;
        if (match)
            sig_deliver(p, sig);
        spin_unlock(&p->lock);
        if (match)
            return 0;
    }
    return -ESRCH;
}

/* proc_kill_group: sig to every process of group pgid (pgid -1: all but
 * init and `except`); 0 if any was found, else -ESRCH. The scan holds
 * wait_lock, which fork takes to let a child run (fork_publish): a child
 * being made while its group is killed is either found here or cancelled
 * there. */
int proc_kill_group(int pgid, int sig, struct proc *except)
{
    int found = 0;
    spin_lock(&wait_lock);
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        if (p == except || (pgid == -1 && p == initproc))
            continue;
        spin_lock(&p->lock);
        if (p->state != P_UNUSED && p->state != P_EMBRYO && (pgid == -1 || p->pgid == pgid)) {
            if (p != initproc)   /* found, but never signalled */
                sig_deliver(p, sig);
            found++;
        }
        spin_unlock(&p->lock);
    }
    spin_unlock(&wait_lock);
    return found ? 0 : -ESRCH;
}

int proc_kill_all(void)
{
    int alive = 0;
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        if (p == initproc || p->state == P_UNUSED)
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
