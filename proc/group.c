/* group.c -- process groups (Linux's setpgid/getpgid/getpgrp). A group is
 * the set of processes with the same p->pgid: a shell puts each job in a
 * group of its own, makes it the console's foreground group (tty), and
 * Ctrl-C or kill(-pgid) then reaches every process of the job. A child
 * starts in its parent's group; exec keeps it. weensy has no sessions:
 * everything Linux checks about them is left out.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "include/weensy/errno.h"

/* proc_group_exists: some live process is in group pgid. */
bool proc_group_exists(int pgid)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        spin_lock(&p->lock);
        bool in = p->state != P_UNUSED && p->state != P_ZOMBIE && p->pgid == pgid;
        spin_unlock(&p->lock);
        if (in)
            return true;
    }
    return false;
}

/* setpgid_target: the caller (pid 0 or its own pid) or one of its children,
 * else NULL. Caller holds wait_lock (parent pointers). */
static struct proc *setpgid_target(struct proc *me, long pid)
{
    assert(spin_holding(&wait_lock));
    if (pid == 0 || pid == me->pid)
        return me;
    struct proc *q = proc_lookup((int)pid);
    return q && q->parent == me ? q : 0;
}

long sys_setpgid(long pid, long pgid)
{
    if (pgid < 0 || pgid > INT32_MAX)
        return -EINVAL;
    if (pid < 0 || pid > INT32_MAX)
        return -ESRCH;
    struct proc *me = myproc();
    /* Looked for before the locks: proc_group_exists takes each p->lock. */
    bool joins_other = pgid != 0 && pgid != (pid ? pid : me->pid);
    bool exists = joins_other && proc_group_exists((int)pgid);
    spin_lock(&wait_lock);
    struct proc *t = setpgid_target(me, pid);
    long err = t ? 0 : -ESRCH;
    if (t) {
        spin_lock(&t->lock);
        if (t->state == P_ZOMBIE || t->pid != (pid ? pid : me->pid))
            err = -ESRCH;
        else if (t != me && t->execed)
            err = -EACCES;       /* a child that has exec'd is its own now */
        else if (joins_other && !exists)
            err = -EPERM;        /* no such group to join */
        else
            t->pgid = pgid ? (int)pgid : t->pid;
        spin_unlock(&t->lock);
    }
    spin_unlock(&wait_lock);
    return err;
}

long sys_getpgid(long pid)
{
    if (pid < 0 || pid > INT32_MAX)
        return -ESRCH;
    struct proc *p = pid == 0 ? myproc() : proc_lookup((int)pid);
    if (!p)
        return -ESRCH;
    spin_lock(&p->lock);
    long pgid = p->state != P_UNUSED && (pid == 0 || p->pid == pid) ? p->pgid : -ESRCH;
    spin_unlock(&p->lock);
    return pgid;
}

long sys_getpgrp(void)
{
    return sys_getpgid(0);
}
