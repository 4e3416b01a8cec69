/* group.c -- process groups and sessions (Linux's setpgid, getpgid,
 * getpgrp, setsid, getsid). A group is the set of processes with the same
 * p->pgid: a shell puts each job in a group of its own, makes it the
 * console's foreground group (tty), and Ctrl-C or kill(-pgid) then
 * reaches every process of the job. A session is a set of groups
 * (sighand->sid, proc/signal.h): setsid makes the caller the leader of a
 * new session and of a new group in it. A child starts in its parent's
 * group and session; exec keeps both. As on Linux, a group may only be
 * joined from its own session, and a session leader cannot change group.
 * weensy has no controlling terminals: setsid detaches from nothing, and
 * the console's foreground group is whatever a shell last set.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "include/weensy/errno.h"

/* proc_sid: p's session. Caller holds p->lock (p->sig stays). */
static int proc_sid(struct proc *p)
{
    assert(spin_holding(&p->lock) && p->sig);
    spin_lock(&p->sig->lock);
    int sid = p->sig->sid;
    spin_unlock(&p->sig->lock);
    return sid;
}

/* group_session: the session of some live process of group pgid, or -1
 * if the group has none. */
static int group_session(int pgid)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        spin_lock(&p->lock);
        bool in = p->state != P_UNUSED && p->state != P_ZOMBIE && p->pgid == pgid && p->sig;
        int sid = in ? proc_sid(p) : -1;
        spin_unlock(&p->lock);
        if (in)
            return sid;
    }
    return -1;
}

/* proc_group_exists: some live process is in group pgid. */
bool proc_group_exists(int pgid)
{
    return group_session(pgid) >= 0;
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

long sys_setpgid(long pid_arg, long pgid_arg)
{
    long pid = (int32_t)pid_arg, pgid = (int32_t)pgid_arg;     /* pid_t: ints */
    if (pgid < 0)
        return -EINVAL;
    if (pid < 0)
        return -ESRCH;
    struct proc *me = myproc();
    /* Looked for before the locks: proc_group_exists takes each p->lock. */
    bool joins_other = pgid != 0 && pgid != (pid ? pid : me->tgid);
    int group_sid = joins_other ? group_session((int)pgid) : -1;
    spin_lock(&wait_lock);
    struct proc *t = setpgid_target(me, pid);
    long err = t ? 0 : -ESRCH;
    if (t) {
        spin_lock(&t->lock);
        if (t->nthreads == 0 || t->pid != (pid ? pid : me->tgid))
            err = -ESRCH;        /* a zombie process (its leader may be one alone) */
        else if (t != me->leader && t->execed)
            err = -EACCES;       /* a child that has exec'd is its own now */
        else if (joins_other && group_sid < 0)
            err = -EPERM;        /* no such group to join */
        else if (proc_sid(t) == t->pid || (joins_other && group_sid != proc_sid(t)))
            err = -EPERM;        /* a session leader stays; groups are joined in one session */
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

/* query_target: the live process a getpgid or getsid pid names (0: the
 * caller; a pid_t, so the register's upper half is not looked at),
 * locked; NULL if none. */
static struct proc *query_target(long pid_arg)
{
    long pid = (int32_t)pid_arg;
    struct proc *p = pid < 0 ? 0 : pid == 0 ? myproc() : proc_lookup((int)pid);
    if (!p)
        return 0;
    spin_lock(&p->lock);
    if (p->state == P_UNUSED || p->state == P_EMBRYO || !p->sig || (pid && p->pid != pid)) {
        spin_unlock(&p->lock);
        return 0;
    }
    return p;
}

long sys_getpgid(long pid)
{
    struct proc *p = query_target(pid);
    if (!p)
        return -ESRCH;
    long pgid = p->pgid;
    spin_unlock(&p->lock);
    return pgid;
}

long sys_getpgrp(void)
{
    return sys_getpgid(0);
}

/* setsid: the caller's process leads a new session and a new group in it,
 * both named by its pid; EPERM if a group of that id exists already (the
 * caller leads one, or is the leader of its session). */
long sys_setsid(void)
{
    struct proc *me = myproc();
    bool taken = proc_group_exists(me->tgid);
    spin_lock(&wait_lock);
    struct proc *l = me->leader;
    long ret = -EPERM;
    if (!taken) {
        spin_lock(&l->lock);
        l->pgid = l->pid;
        spin_lock(&l->sig->lock);
        l->sig->sid = l->pid;
        spin_unlock(&l->sig->lock);
        ret = l->pid;
        spin_unlock(&l->lock);
        setpgid_threads(l, (int)ret);
    }
    spin_unlock(&wait_lock);
    return ret;
}

long sys_getsid(long pid)
{
    struct proc *p = query_target(pid);
    if (!p)
        return -ESRCH;
    long sid = proc_sid(p);
    spin_unlock(&p->lock);
    return sid;
}
