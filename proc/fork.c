/* fork.c -- a copy of the calling process: same registers (but rax = 0 in
 * the child), every page shared (private writable ones copy-on-write), the
 * same name, process group and CPU mask.
 * Anything that fails undoes everything: the free-page count afterwards is
 * exactly what it was before. */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/vmspace.h"
#include "mm/mm_check.h"
#include "include/weensy/errno.h"

/* What the child inherits besides memory and registers. The parent's
 * fields are read under its own lock first: holding two p->locks at once
 * would need an order between them. */
struct fork_inherited {
    char name[PROC_NAME_MAX];
    char args[PROC_ARGS_MAX];
    int pgid;
    uint64_t cpu_mask;
};

static void fork_snapshot(struct proc *parent, struct fork_inherited *in)
{
    spin_lock(&parent->lock);
    strlcpy(in->name, parent->name, sizeof(in->name));
    strlcpy(in->args, parent->args, sizeof(in->args));
    in->pgid = parent->pgid;
    in->cpu_mask = parent->cpu_mask;
    spin_unlock(&parent->lock);
}

static void fork_inherit(struct proc *child, const struct fork_inherited *in)
{
    assert(spin_holding(&child->lock));
    strlcpy(child->name, in->name, sizeof(child->name));
    strlcpy(child->args, in->args, sizeof(child->args));
    child->pgid = in->pgid;
    child->cpu_mask = in->cpu_mask;
}

/* fork_publish: give the child its parent and let it run, unless a kill
 * of the parent's group came first. Group kills scan the table under
 * wait_lock (proc_kill_group), and this happens under it too, so a group
 * kill either comes after (and finds the child, in the group, runnable) or
 * before (and the child is cancelled here, as Linux cancels a fork that a
 * fatal signal overtook): a job cannot leave a child behind by forking
 * while it is killed. */
static bool fork_publish(struct proc *parent, struct proc *child)
{
    spin_lock(&wait_lock);
    bool killed = __atomic_load_n(&parent->killed, __ATOMIC_RELAXED) != 0;
    if (!killed) {
        child->parent = parent;
        spin_lock(&child->lock);
        sched_make_runnable(child);
        spin_unlock(&child->lock);
    }
    spin_unlock(&wait_lock);
    return !killed;
}

long sys_fork(void)
{
    uint64_t t0 = btrace_start();
    struct proc *parent = myproc();
    struct fork_inherited in;
    fork_snapshot(parent, &in);
    int err;
    struct proc *child = proc_alloc(&err);
    if (!child)
        return err;
    uint64_t t1 = btrace_start();
    btrace_end(BT_FORK_ALLOC, t0);
    err = vmspace_copy(child->vm, parent->vm);
    btrace_end(BT_FORK_COPY, t1);
    if (err) {
        proc_free(child);
        spin_unlock(&child->lock);
        return err;
    }
    *child->tf = *parent->tf;
    child->tf->rax = 0;
    fork_inherit(child, &in);
    int pid = child->pid;
    spin_unlock(&child->lock);

    if (!fork_publish(parent, child)) {
        spin_lock(&child->lock);
        proc_free(child);
        spin_unlock(&child->lock);
        return -EINTR;           /* never seen: the parent dies on its way out */
    }
    mm_check_event("fork");
    btrace_end(BT_FORK, t0);
    return pid;
}
