/* fork.c -- a copy of the calling process: same registers (but rax = 0 in
 * the child), a copy of every writable page, the read-only pages shared.
 * Anything that fails undoes everything: the free-page count afterwards is
 * exactly what it was before. */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/vmspace.h"
#include "mm/mm_check.h"

long sys_fork(void)
{
    uint64_t t0 = btrace_start();
    struct proc *parent = myproc();
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
    strlcpy(child->name, parent->name, sizeof(child->name));
    int pid = child->pid;
    spin_unlock(&child->lock);

    /* wait_lock comes before any p->lock: set the parent, then let the
     * child run. */
    spin_lock(&wait_lock);
    child->parent = parent;
    spin_unlock(&wait_lock);
    spin_lock(&child->lock);
    child->state = P_RUNNABLE;
    spin_unlock(&child->lock);
    mm_check_event("fork");
    btrace_end(BT_FORK, t0);
    return pid;
}
