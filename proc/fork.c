/* fork.c -- a copy of the calling thread: same registers (but rax = 0 in
 * the child), every page shared (private writable ones copy-on-write), the
 * same name, process group, CPU mask and FS base. clone makes threads here
 * too: the same, but in the caller's address space and process.
 * Anything that fails undoes everything: the free-page count afterwards is
 * exactly what it was before. */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/fpu_switch.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/mm_check.h"
#include "mm/uaccess.h"
#include "proc/thread.h"
#include "include/weensy/thread.h"
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

/* The name and arguments are copied whole, not as strings: both arrays
 * always end in a NUL (exec and prctl store them with strlcpy), and
 * strlcpy's byte-wise length was 2 % of fork+exit+wait. */
_Static_assert(sizeof(((struct fork_inherited *)0)->name) == sizeof(((struct proc *)0)->name), "name");
_Static_assert(sizeof(((struct fork_inherited *)0)->args) == sizeof(((struct proc *)0)->args), "args");

static void fork_snapshot(struct proc *parent, struct fork_inherited *in)
{
    spin_lock(&parent->lock);
    memcpy(in->name, parent->name, sizeof(in->name));
    memcpy(in->args, parent->args, sizeof(in->args));
    in->pgid = parent->pgid;
    in->cpu_mask = parent->cpu_mask;
    spin_unlock(&parent->lock);
}

static void fork_inherit(struct proc *child, const struct fork_inherited *in)
{
    assert(spin_holding(&child->lock));
    memcpy(child->name, in->name, sizeof(child->name));
    memcpy(child->args, in->args, sizeof(child->args));
    child->pgid = in->pgid;
    child->cpu_mask = in->cpu_mask;
}

/* fork_publish: give the child its parent (the calling thread's process:
 * its leader) and let it run, unless a kill of the parent's group came
 * first. Group kills scan the table under wait_lock (proc_kill_group), and
 * this happens under it too, so a group kill either comes after (and finds
 * the child, in the group, runnable) or before (and the child is cancelled
 * here, as Linux cancels a fork that a fatal signal overtook): a job cannot
 * leave a child behind by forking while it is killed. */
static bool fork_publish(struct proc *parent, struct proc *child)
{
    spin_lock(&wait_lock);
    bool killed = __atomic_load_n(&parent->killed, __ATOMIC_RELAXED) != 0;
    if (!killed) {
        child->parent = parent->leader;
        spin_lock(&child->lock);
        sched_make_runnable(child);
        spin_unlock(&child->lock);
    }
    spin_unlock(&wait_lock);
    return !killed;
}

/* fork_hot_page: the page both sides of a fork write first: the one the
 * caller's stack pointer is in, where the child returns too (unless it is
 * given a stack of its own) and where each side's next call pushes. The
 * copy-on-write faults it would take on both sides at once cost more
 * than copying it during the fork (docs/vm.md). */
static uintptr_t fork_hot_page(const struct proc *parent, uintptr_t stack)
{
    uintptr_t sp = parent->tf->rsp;
    return stack || sp < PAGE_SIZE || sp >= USER_TOP ? 0 : PAGE_ALIGN_DOWN(sp);
}

/* fork_make: the child's slot and memory: a copy of the parent's address
 * space (copy-on-write) for a process, the same space for a thread.
 * Returns it locked, or NULL with *err. */
static struct proc *fork_make(struct proc *parent, bool thread, uintptr_t stack, int *err)
{
    struct proc *child = proc_alloc_clone(thread ? parent->vm : 0, err);
    if (!child)
        return 0;
    uint64_t t1 = btrace_start();
    *err = thread ? 0 : vmspace_copy(child->vm, parent->vm, fork_hot_page(parent, stack));
    btrace_end(BT_FORK_COPY, t1);
    if (!*err)
        *err = sig_attach(child, parent, thread);   /* handlers: shared, or a copy */
    if (!*err && thread) {
        *err = files_get(&parent->files);    /* threads share their descriptors */
        child->files = *err ? 0 : parent->files;
    } else if (!*err && !(child->files = files_fork(parent->files))) {
        *err = -ENOMEM;                      /* shared copy-on-write, or a copy */
    }
    if (*err) {
        proc_free(child);
        spin_unlock(&child->lock);
        return 0;
    }
    return child;
}

/* fork_cancel: undo a child that was never published. */
static void fork_cancel(struct proc *child)
{
    proc_release_files(child);
    spin_lock(&child->lock);
    proc_free(child);
    spin_unlock(&child->lock);
}

/* proc_clone: fork (req->flags without CLONE_THREAD: a new process with a
 * copy of the calling thread only) or a new thread of the caller's process
 * (CLONE_THREAD; sys_thread.c checked the flags). The child starts where
 * the caller returns, with rax = 0, on req->stack if one is given. */
/* What a fork that found memory short asks swap to free before it tries
 * again: its kernel stack and page tables, with room to spare. */
#define FORK_RECLAIM_PAGES 32

long proc_clone(const struct clone_req *req)
{
    uint64_t t0 = btrace_start();
    swap_reclaim_if_low();       /* the child's tables and stack come from free pages */
    struct proc *parent = myproc();
    bool thread = req->flags & CLONE_THREAD;
    struct fork_inherited in;
    fork_snapshot(parent, &in);
    int err;
    struct proc *child = fork_make(parent, thread, req->stack, &err);
    if (!child && err == -ENOMEM && swap_reclaim_more(FORK_RECLAIM_PAGES) > 0)
        child = fork_make(parent, thread, req->stack, &err);  /* once more, with pages sent to swap */
    btrace_end(BT_FORK_ALLOC, t0);
    if (!child)
        return err;
    *child->tf = *parent->tf;
    child->tf->rax = 0;
    if (req->stack)
        child->tf->rsp = req->stack;
    child->fs_base = req->flags & CLONE_SETTLS ? req->tls : thread_fs_current();
    proc_fpu_fork(child);
    child->exe = parent->exe;    /* changed only by the parent's own exec */
    if (child->exe)
        vnode_ref(child->exe);
    child->clear_child_tid = req->flags & CLONE_CHILD_CLEARTID ? req->child_tid : 0;
    fork_inherit(child, &in);
    if (thread)
        child->tgid = parent->tgid;
    int tid = child->pid;
    spin_unlock(&child->lock);

    /* The tids are written before the child can run, as Linux does, and a
     * bad address is ignored, as there: the child exists either way. */
    if (req->flags & CLONE_CHILD_SETTID)
        (void)copyout_vm(child->vm, req->child_tid, &tid, sizeof(tid));
    if (req->flags & CLONE_PARENT_SETTID)
        (void)copyout(req->parent_tid, &tid, sizeof(tid));
    if (!(thread ? thread_publish(parent, child) : fork_publish(parent, child))) {
        fork_cancel(child);
        return -EINTR;           /* never seen: the parent dies on its way out */
    }
    mm_check_event("fork");
    btrace_end(BT_FORK, t0);
    return tid;
}

long sys_fork(void)
{
    struct clone_req req = { 0 };
    return proc_clone(&req);
}
