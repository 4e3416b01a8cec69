/* exit.c -- the end of a process: exit releases its memory at once and
 * leaves a zombie (the slot, the kernel stack and the status) that wait4
 * reaps. Children of an exiting process go to init (pid 1).
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
#include "proc/shutdown.h"
#include "mm/vmspace.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "mm/mm_check.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define RUSAGE_SIZE 144          /* Linux's struct rusage on x86-64 */

struct proc *initproc;
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

/* proc_release_memory: drop the whole address space now, not at reaping,
 * so a zombie holds no user memory. Runs on the kernel's page table.
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
    vmspace_destroy(vm);
    pop_off();
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
    if (p == initproc)
        shutdown_begin(wstatus);
    proc_release_memory(p);
    btrace_end(BT_EXIT_RELEASE, t0);
    mm_check_event("exit");

    spin_lock(&wait_lock);
    proc_reparent(p);
    if (p->parent)
        wakeup(p->parent);
    else
        orphans_pending = true;
    spin_lock(&p->lock);
    p->xstatus = wstatus;
    p->state = P_ZOMBIE;
    spin_unlock(&wait_lock);
    btrace_end(BT_EXIT, t0);
    sched();
    panic("zombie %d ran again", p->pid);
}

long sys_exit(long code)
{
    proc_exit(W_EXITCODE(code));
}

/* proc_reap: free zombie q, a child of the caller; its pid and status.
 * Caller holds wait_lock and q->lock. */
static int proc_reap(struct proc *q, int *wstatus)
{
    assert(spin_holding(&wait_lock) && spin_holding(&q->lock));
    int pid = q->pid;
    *wstatus = q->xstatus;
    uint64_t t0 = btrace_start();
    proc_free(q);
    btrace_end(BT_REAP, t0);
    return pid;
}

/* wait_find: reap a zombie child matching pid (-1: any). Returns its pid,
 * 0 if matching children exist but none has exited, or -ECHILD. Caller
 * holds wait_lock. */
static int wait_find(struct proc *p, int pid, int *wstatus)
{
    assert(spin_holding(&wait_lock));
    bool have = false;
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++) {
        if (q->parent != p || (pid != -1 && q->pid != pid))
            continue;
        have = true;
        spin_lock(&q->lock);
        if (q->state == P_ZOMBIE) {
            int got = proc_reap(q, wstatus);
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
    if (pid == 0 || pid < -1 || pid > INT32_MAX)
        return -EINVAL;
    if (options & ~(long)WNOHANG)
        return -EINVAL;
    if (status && uaccess_check(status, sizeof(int), VM_WRITE) < 0)
        return -EFAULT;
    if (rusage) {
        uint8_t zeros[RUSAGE_SIZE] = { 0 };
        if (copyout(rusage, zeros, sizeof(zeros)) < 0)
            return -EFAULT;
    }
    return 0;
}

long sys_wait4(long pid, uintptr_t status, long options, uintptr_t rusage)
{
    int err = wait4_check_args(pid, status, options, rusage);
    if (err)
        return err;
    struct proc *p = myproc();
    int wstatus = 0, got;
    spin_lock(&wait_lock);
    for (;;) {
        got = wait_find(p, (int)pid, &wstatus);
        if (got != 0 || (options & WNOHANG))
            break;
        if (p->killed) {
            got = -EINTR;
            break;
        }
        sleep(p, &wait_lock);
    }
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
        spin_lock(&q->lock);
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
