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

/* setpgid_target: the caller's process (pid 0 or its own pid) or one of
 * its children, as their leaders, else NULL. Caller holds wait_lock
 * (parent pointers, leaders). */
static struct proc *setpgid_target(struct proc *me, long pid)
{
    assert(spin_holding(&wait_lock));
    if (pid == 0 || pid == me->tgid)
        return me->leader;
    struct proc *q = proc_lookup((int)pid);
    return q && q->parent == me->leader ? q : 0;
}

/* Every thread carries its process's group (kill and the terminal read
 * it from any of them). Caller holds wait_lock. */
static void setpgid_threads(struct proc *leader, int pgid)
{
    assert(spin_holding(&wait_lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q == leader || q->leader != leader)
            continue;
        spin_lock(&q->lock);
        q->pgid = pgid;
        spin_unlock(&q->lock);
    }
}

long sys_setpgid(long pid, long pgid)
{
    if (pgid < 0 || pgid > INT32_MAX)
        return -EINVAL;
    if (pid < 0 || pid > INT32_MAX)
        return -ESRCH;
    struct proc *me = myproc();
    /* Looked for before the locks: proc_group_exists takes each p->lock. */
    bool joins_other = pgid != 0 && pgid != (pid ? pid : me->tgid);
    bool exists = joins_other && proc_group_exists((int)pgid);
    spin_lock(&wait_lock);
    struct proc *t = setpgid_target(me, pid);
    long err = t ? 0 : -ESRCH;
    if (t) {
        spin_lock(&t->lock);
        if (t->nthreads == 0 || t->pid != (pid ? pid : me->tgid))
            err = -ESRCH;        /* a zombie process (its leader may be one alone) */
        else if (t != me->leader && t->execed)
            err = -EACCES;       /* a child that has exec'd is its own now */
        else if (joins_other && !exists)
            err = -EPERM;        /* no such group to join */
        else
            t->pgid = pgid ? (int)pgid : t->pid;
        int now = t->pgid;
        spin_unlock(&t->lock);
        if (!err)
            setpgid_threads(t, now);
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
