/* thread.c -- threads of one process (see thread.h): joining a new one to
 * its process, exec's reduction to one thread, the word a thread's end
 * clears for its joiner, and the FS base each thread keeps.
 *
 * Group membership (every p->leader, the leader's nthreads) changes only
 * under wait_lock, as parent pointers do: a thread joins in
 * thread_publish, leaves in proc_exit, and the scans that must reach every
 * thread of a process (kill, exit_group, exec) hold it too.
 */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/thread.h"
#include "proc/futex.h"
#include "mm/vmspace.h"
#include "mm/uaccess.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

/* Like fork_publish: under wait_lock, so a kill of the process (which
 * scans under it) either comes after and finds the new thread, or came
 * before and the thread is cancelled. */
bool thread_publish(struct proc *parent, struct proc *child)
{
    spin_lock(&wait_lock);
    bool killed = __atomic_load_n(&parent->killed, __ATOMIC_RELAXED) != 0;
    if (!killed) {
        struct proc *leader = parent->leader;
        child->leader = leader;
        child->parent = 0;       /* only the process has a parent */
        leader->nthreads++;
        spin_lock(&child->lock);
        sched_make_runnable(child);
        spin_unlock(&child->lock);
    }
    spin_unlock(&wait_lock);
    return !killed;
}

/* Kill every thread of leader's process but p, without ending the
 * process: exec goes on in p. Caller holds wait_lock. */
static void thread_kill_others(struct proc *leader, struct proc *p)
{
    assert(spin_holding(&wait_lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q == p || q->leader != leader)
            continue;
        spin_lock(&q->lock);
        if (q->state != P_ZOMBIE && !q->killed) {
            q->killed = SIGKILL;
            if (q->state == P_SLEEPING)
                sched_make_runnable(q);
        }
        spin_unlock(&q->lock);
    }
}

/* p, the last thread, becomes the process: the leader's pid, parent and
 * children pass to it and the leader's slot (a zombie by now, off every
 * CPU since its lock is ours) is freed. Both p->locks are held at once,
 * the lower slot first, so no one sees two slots with the process's pid
 * or none. Caller holds wait_lock. */
static void thread_take_over(struct proc *p, struct proc *leader)
{
    assert(spin_holding(&wait_lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++)
        if (q->parent == leader)
            q->parent = p;
    struct proc *first = p < leader ? p : leader, *second = p < leader ? leader : p;
    spin_lock(&first->lock);
    spin_lock_nested(&second->lock, 1);   /* two p->locks: lower slot first */
    assert(leader->state == P_ZOMBIE && leader->nthreads == 1);
    p->parent = leader->parent;
    p->pid = leader->pid;
    p->pgid = leader->pgid;
    p->execed = leader->execed;
    p->leader = p;
    p->nthreads = 1;
    p->group_exit = false;
    if (leader == initproc)      /* init's exec in a thread: p is init now */
        __atomic_store_n(&initproc, p, __ATOMIC_RELEASE);
    proc_free(leader);
    spin_unlock(&second->lock);
    spin_unlock(&first->lock);
}

int thread_exec_solo(struct proc *p)
{
    spin_lock(&wait_lock);
    struct proc *leader = p->leader;
    int err = 0;
    if (leader == p && leader->nthreads == 1)
        goto out;                /* the common case: nothing to do */
    if (__atomic_load_n(&p->killed, __ATOMIC_RELAXED)) {
        err = -EINTR;            /* another thread's exec or a kill came first */
        goto out;
    }
    thread_kill_others(leader, p);
    /* Each thread's end wakes &leader->nthreads (proc_exit); the leader's
     * slot stays, a zombie, while p lives. */
    while (leader->nthreads > 1) {
        if (__atomic_load_n(&p->killed, __ATOMIC_RELAXED)) {
            err = -EINTR;
            goto out;
        }
        sleep(&leader->nthreads, &wait_lock);
    }
    if (leader != p)
        thread_take_over(p, leader);
out:
    spin_unlock(&wait_lock);
    return err;
}

void thread_clear_child_tid(struct proc *p)
{
    uintptr_t addr = p->clear_child_tid;
    p->clear_child_tid = 0;
    if (!addr || !p->vm || !vmspace_shared(p->vm))
        return;                  /* no one else could be waiting, as on Linux */
    uint32_t zero = 0;
    if (copyout(addr, &zero, sizeof(zero)) == 0)
        futex_wake(p->vm, addr, 1);
}

/* FS base. User mode may also change it by loading a segment selector
 * into %fs, so the MSR, not fs_base, is the truth while a thread runs:
 * it is saved whenever the thread leaves a CPU (thread.h). */
uintptr_t thread_fs_current(void)
{
    return rdmsr(MSR_FS_BASE);
}

/* Called with preemption possible: interrupts off so that a switch cannot
 * save the old base between the two writes. */
void thread_fs_set(uintptr_t base)
{
    push_off();
    myproc()->fs_base = base;
    mycpu()->fs_base = base;
    wrmsr(MSR_FS_BASE, base);
    pop_off();
}
