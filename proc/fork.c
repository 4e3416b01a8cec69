/* fork.c -- a copy of the calling process: same registers (but rax = 0 in
 * the child), a copy of every writable page, the read-only pages shared.
 * Anything that fails undoes everything: the free-page count afterwards is
 * exactly what it was before. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/vmspace.h"
#include "mm/mm_check.h"

long sys_fork(void)
{
    struct proc *parent = myproc();
    int err;
    struct proc *child = proc_alloc(&err);
    if (!child)
        return err;
    err = vmspace_copy(child->vm, parent->vm);
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
    return pid;
}
