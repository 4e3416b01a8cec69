/* signal.c -- kill(): weensy has no signal handlers, so every signal it
 * accepts ends the target, whose wait status then says which signal did it
 * (WIFSIGNALED, WTERMSIG), as on Linux for an unhandled signal.
 *
 * kill only marks the target: it dies on its own CPU the next time it is
 * about to return to user mode (proc_return_to_user), and a sleeper is
 * woken so that it gets there promptly (its sleep returns -EINTR).
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/mm_check.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define SIG_MAX 64

int proc_kill(int pid, int sig)
{
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        spin_lock(&p->lock);
        if (p->pid != pid || p->state == P_UNUSED) {
            spin_unlock(&p->lock);
            continue;
        }
        if (sig && p->state != P_ZOMBIE && !p->killed) {
            p->killed = sig;
            if (p->state == P_SLEEPING)
                p->state = P_RUNNABLE;
        }
        spin_unlock(&p->lock);
        return 0;
    }
    return -ESRCH;
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
    if (sig < 0 || sig > SIG_MAX)
        return -EINVAL;
    if (sig != 0 && sig != SIGKILL && sig != SIGTERM)
        return -EINVAL;          /* no handlers, so no other signal means anything */
    if (pid <= 0 || pid > INT32_MAX)
        return -EINVAL;          /* no process groups */
    if (pid == 1 && sig != 0)
        return -EPERM;           /* init cannot be killed, as on Linux */
    int err = proc_kill((int)pid, (int)sig);
    if (!err && sig)
        mm_check_event("kill");
    return err;
}
