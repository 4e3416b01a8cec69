/* exit.c -- the end of a thread and of a process: exit releases the
 * thread's hold on its memory at once (the last thread's frees it) and
 * leaves a zombie (the slot, the kernel stack and the status). The leader's
 * zombie stands for the process, which wait4 reaps once no thread of it is
 * left; another thread's is freed by the scheduler. Children of a process
 * that ends go to init (pid 1).
 *
 * Locks: wait_lock guards every parent pointer and is taken before any
 * p->lock. A parent sleeps on its own struct proc in wait4; an exiting
 * child wakes it.
 */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "arch/x86_64/x86.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/shutdown.h"
#include "proc/thread.h"
#include "mm/vmspace.h"
#include "mm/kstack.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "mm/mm_check.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define RUSAGE_SIZE 144          /* Linux's struct rusage on x86-64 */

struct proc *initproc;           /* [wait_lock to change] init's leader (thread.c's take-over moves it) */
/* init's threads that are ending: past exit_init_last and not yet out of
 * the group [wait_lock]. Never more than init's nthreads. */
static int init_ending;
/* Parentless zombies wait for proc_reap_orphans [wait_lock]; the flag
 * spares the scheduler a scan of the table on every switch. */
static bool orphans_pending;

/* Give p's children to init (or, while shutting down, to nobody: the
 * scheduler reaps parentless zombies). Caller holds wait_lock. */
static void proc_reparent(struct proc *p)
{
    assert(spin_holding(&wait_lock));
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q->parent != p)
            continue;
        q->parent = p == initproc ? 0 : initproc;
        if (q->parent)
            wakeup(initproc);
        else
            orphans_pending = true;
    }
}

/* proc_release_memory: let go of the address space now, not at reaping,
 * so a zombie holds no user memory: the last thread to let go of it
 * destroys it. Runs on the kernel's page table.
 * Interrupts stay off from the moment p has no space until the space is
 * gone: a tick in between could take a memory dump showing p "exiting"
 * while its space still held tables and pages (docs/memdump.md; the
 * space's lock, taken at once by vmspace_destroy, keeps them off anyway
 * for nearly all of it). */
static void proc_release_memory(struct proc *p)
{
    struct vmspace *vm = p->vm;
    push_off();
    vmspace_activate(&kernel_vmspace);
    spin_lock(&p->lock);
    p->vm = 0;
    spin_unlock(&p->lock);
    vmspace_put(vm);
    pop_off();
}

/* exit_status: the status the process ends with when its last thread
 * ends: a group exit's, else the leader's own (Linux's rule). p is the
 * thread ending now with wstatus. Caller holds wait_lock. */
static int exit_status(struct proc *leader, struct proc *p, int wstatus)
{
    assert(spin_holding(&wait_lock));
    if (leader->group_exit)
        return leader->group_xstatus;
    return p == leader ? wstatus : leader->xstatus;
}

/* exit_init_last: p is the last of init's threads to begin ending: the
 * machine's end begins (every other process killed) before p lets go of
 * anything, as init's exit always did. "Last" counts the threads that
 * are ending (init_ending) as gone: when two end at once, each still
 * finds the other in the group, and counting only threads out of it left
 * the machine's end to neither (it idled forever). No new thread of init
 * can appear meanwhile: only a thread that is not ending could make one.
 * A thread's own leader pointer changes only when it ends itself, so it
 * is read without wait_lock first: every other exit skips one round of
 * the lock that fork, exit and wait4 share. */
static void exit_init_last(struct proc *p, int wstatus)
{
    if (p->leader != initproc)
        return;
    spin_lock(&wait_lock);
    struct proc *leader = p->leader;
    bool last = false;
    if (leader == initproc) {
        last = ++init_ending == leader->nthreads;
        assert(init_ending <= leader->nthreads);
        if (p == leader) {
            /* The process's status if no group exit comes (exit_status):
             * a thread that begins ending after it may be the last. */
            spin_lock(&p->lock);
            p->xstatus = wstatus;
            spin_unlock(&p->lock);
        }
    }
    int status = last ? exit_status(leader, p, wstatus) : 0;
    spin_unlock(&wait_lock);
    if (last)
        shutdown_begin(status);
}

/* exit_leave_group: p's thread is gone from its process. If it was the
 * last, the process is over: its children go to init, its status is
 * final and its parent hears of it. A thread other than the leader also
 * stops being part of the process at once (its slot is freed by the
 * scheduler); the leader's slot stays, as the process's, until its
 * parent reaps it. Returns the status p's slot keeps if p is the leader
 * (its own until the process is over, then the process's). Caller holds
 * wait_lock. */
static int exit_leave_group(struct proc *p, int wstatus)
{
    assert(spin_holding(&wait_lock));
    struct proc *leader = p->leader;
    if (leader == initproc) {
        assert(init_ending > 0);     /* exit_init_last counted p */
        init_ending--;
    }
    bool last = --leader->nthreads == 0;
    int status = wstatus;
    if (last) {
        status = exit_status(leader, p, wstatus);
        proc_reparent(leader);
        if (leader != p) {
            spin_lock(&leader->lock);
            leader->xstatus = status;
            spin_unlock(&leader->lock);
        }
        struct proc *parent = leader->parent;
        if (parent) {
            sig_child_ended(parent, leader, status);
            if (sig_child_autoreap(parent)) {
                leader->parent = 0;      /* no zombie: the scheduler frees it */
                orphans_pending = true;
            }
            wakeup(parent);              /* its wait4 may now have nothing to wait for */
        } else
            orphans_pending = true;
    } else {
        wakeup(&leader->nthreads);   /* an exec waiting for the others (thread.c) */
    }
    if (leader != p) {
        p->leader = 0;
        orphans_pending = true;  /* no one waits for a thread: the scheduler frees it */
    }
    return status;
}

noreturn void proc_exit(int wstatus)
{
    struct proc *p = myproc();
    assert(p);
    /* From a fault or a kill on the way out of a trap, interrupts may be
     * off; no lock is held here, and the memory check pauses the other
     * CPUs, which needs them on. */
    assert(mycpu()->ncli == 0);
    sti();
    uint64_t t0 = btrace_start();
    exit_init_last(p, wstatus);
    thread_clear_child_tid(p);
    proc_release_files(p);
    proc_release_memory(p);
    btrace_end(BT_EXIT_RELEASE, t0);
    mm_check_event("exit");

    spin_lock(&wait_lock);
    int status = exit_leave_group(p, wstatus);
    spin_lock(&p->lock);
    p->xstatus = status;
    p->state = P_ZOMBIE;
    spin_unlock(&wait_lock);
    btrace_end(BT_EXIT, t0);
    sched();
    panic("zombie %d ran again", p->pid);
}

/* proc_exit_group: the process ends with wstatus, unless it is already
 * ending some other way (the first group exit wins, as on Linux): every
 * other thread is killed, and dies on its way back to user mode. */
noreturn void proc_exit_group(int wstatus)
{
    struct proc *p = myproc();
    spin_lock(&wait_lock);
    struct proc *leader = p->leader;
    if (!leader->group_exit) {
        leader->group_exit = true;
        leader->group_xstatus = wstatus;
    }
    proc_signal_threads(leader, SIGKILL, p);
    spin_unlock(&wait_lock);
    proc_exit(wstatus);
}

long sys_exit(long code)
{
    proc_exit(W_EXITCODE(code));
}

/* proc_reap: free zombie q's slot, a child of the caller; its pid and
 * status, and in *kstack_top its kernel stack, which the caller frees
 * after letting go of the locks. Caller holds wait_lock and q->lock. */
static int proc_reap(struct proc *q, int *wstatus, uintptr_t *kstack_top)
{
    assert(spin_holding(&wait_lock) && spin_holding(&q->lock));
    int pid = q->pid;
    *wstatus = q->xstatus;
    uint64_t t0 = btrace_start();
    *kstack_top = proc_free_slot(q);
    btrace_end(BT_REAP, t0);
    return pid;
}

/* wait_matches: child q is one that wait4's pid asks for: that pid (> 0),
 * any (-1), or any in process group -pid (< -1; 0 was made the caller's
 * group by sys_wait4). Caller holds q->lock (the group). */
static bool wait_matches(const struct proc *q, long pid)
{
    return pid == -1 || (pid > 0 && q->pid == pid) || (pid < -1 && q->pgid == -pid);
}

/* wait_find: reap a zombie child matching pid (wait_matches). Returns its
 * pid, 0 if matching children exist but none has exited, or -ECHILD. p is
 * the process (a leader): a thread waits for its process's children. A
 * child is over when its leader is a zombie and no thread of it is left.
 * Caller holds wait_lock, and frees the reaped child's kernel stack,
 * *kstack_top, before it lets go. */
static int wait_find(struct proc *p, long pid, int *wstatus, uintptr_t *kstack_top)
{
    assert(spin_holding(&wait_lock));
    bool have = false;
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q->parent != p)
            continue;
        spin_lock(&q->lock);
        if (!wait_matches(q, pid)) {
            spin_unlock(&q->lock);
            continue;
        }
        have = true;
        if (q->state == P_ZOMBIE && q->nthreads == 0) {
            int got = proc_reap(q, wstatus, kstack_top);
            spin_unlock(&q->lock);
            return got;
        }
        spin_unlock(&q->lock);
    }
    return have ? 0 : -ECHILD;
}

/* wait4_check_args: everything that can be refused before reaping, so a
 * bad pointer never costs the caller its child's status. */
static int wait4_check_args(long pid, uintptr_t status, long options, uintptr_t rusage)
{
    if (pid == INT32_MIN)
        return -ESRCH;           /* Linux: no group -INT_MIN */
    /* Linux's options; stopped and continued children do not exist here,
     * so WUNTRACED and WCONTINUED never report one, and weensy's threads
     * are never waited for, so __WALL, __WCLONE and __WNOTHREAD change
     * nothing. */
    if ((uint32_t)options & ~(uint32_t)(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;          /* an int on Linux: the upper half is not looked at */
    if (status && uaccess_check(status, sizeof(int), VM_WRITE) < 0)
        return -EFAULT;
    if (rusage) {
        uint8_t zeros[RUSAGE_SIZE] = { 0 };
        if (copyout(rusage, zeros, sizeof(zeros)) < 0)
            return -EFAULT;
    }
    return 0;
}

long sys_wait4(long pid_arg, uintptr_t status, long options, uintptr_t rusage)
{
    /* pid is an int on Linux: the register's upper half is not looked at
     * (glibc's busybox passes -1 as 0xffffffff). */
    long pid = (int32_t)pid_arg;
    int err = wait4_check_args(pid, status, options, rusage);
    if (err)
        return err;
    struct proc *me = myproc();
    int wstatus = 0, got;
    uintptr_t kstack_top = 0;
    if (pid == 0) {              /* the caller's group, as it is now */
        spin_lock(&me->leader->lock);
        pid = -(long)me->leader->pgid;
        spin_unlock(&me->leader->lock);
    }
    spin_lock(&wait_lock);
    struct proc *p = me->leader; /* children are the process's; exits wake it */
    for (;;) {
        got = wait_find(p, pid, &wstatus, &kstack_top);
        if (got != 0 || (options & WNOHANG))
            break;
        if (proc_interrupted(me)) {
            got = -ERESTARTSYS;  /* a handler with SA_RESTART waits again */
            break;
        }
        sleep_intr(p, &wait_lock, 0);
    }
    /* The stack goes before wait_lock does, as an orphan's does: between
     * the two a child would be neither listed nor its pages free, and a
     * memory dump taken there (memdump.timer's, at a tick) saw a lone
     * process four pages short. A freed stack is mostly kept mapped for
     * the next fork (mm/kstack.c), so this rarely costs a shootdown
     * under the lock, which is why it once went after it. */
    if (kstack_top)
        kstack_free(kstack_top);
    spin_unlock(&wait_lock);
    if (got > 0) {
        mm_check_event("reap");
        if (status && copyout(status, &wstatus, sizeof(wstatus)) < 0)
            return -EFAULT;
    }
    return got;
}

void proc_reap_orphans(void)
{
    if (!__atomic_load_n(&orphans_pending, __ATOMIC_RELAXED))
        return;
    int reaped = 0;
    spin_lock(&wait_lock);
    orphans_pending = false;
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q->state != P_ZOMBIE || q->parent || q == initproc)
            continue;
        if (q->leader && q->nthreads > 0)
            continue;            /* a leader whose threads still run */
        spin_lock(&q->lock);
        /* The stack goes with the slot, under wait_lock, unlike wait4's:
         * no live process stands for these orphans, so once their slots
         * are free the end's page check may run at once, and must not
         * find a stack on its way back (soak, demo=fork at -smp 2). */
        if (q->state == P_ZOMBIE) {
            proc_free(q);
            reaped++;
        }
        spin_unlock(&q->lock);
    }
    spin_unlock(&wait_lock);
    if (reaped)
        mm_check_event("reap");      /* with no lock held: it pauses the other CPUs */
}
