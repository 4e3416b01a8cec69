/* affinity.c -- which CPUs a process may run on (Linux's
 * sched_setaffinity and sched_getaffinity). The mask is a bit per CPU,
 * weensy's cpumask being one 64-bit word; fork and exec keep it, and the
 * scheduler runs a process only on a CPU its mask names (sched.c). A mask
 * that names no online CPU is refused (EINVAL), as on Linux.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define CPUMASK_BYTES sizeof(uint64_t)

/* affinity_wait_moved: return once p no longer runs on a CPU outside
 * mask: sched_move_off sent its CPU the resched IPI, which makes it yield
 * at the next moment it has interrupts on (microseconds). The slot may be
 * reused meanwhile; then there is nothing to wait for. */
static void affinity_wait_moved(struct proc *p, int pid, uint64_t mask)
{
    for (;;) {
        spin_lock(&p->lock);
        bool there = p->pid == pid && p->state == P_RUNNING && !(mask & (1UL << p->cpu));
        spin_unlock(&p->lock);
        if (!there)
            return;
        cpu_relax();
    }
}

/* A shorter mask than ours is zero-extended, a longer one cut, as Linux
 * does: the CPUs past 64 do not exist here. */
long sys_sched_setaffinity(long pid, size_t len, uintptr_t umask)
{
    uint64_t mask = 0;
    if (copyin(&mask, umask, MIN(len, CPUMASK_BYTES)) < 0)
        return -EFAULT;
    mask &= proc_cpus_possible();
    struct proc *p = proc_target(pid);
    if (!p)
        return -ESRCH;
    long err = 0;
    if (mask & proc_cpus_online()) {
        p->cpu_mask = mask;
        sched_move_off(p);
    } else {
        err = -EINVAL;
    }
    bool self = p == myproc();
    int target = p->pid;
    spin_unlock(&p->lock);
    if (!err && self && !(mask & (1UL << mycpu()->id)))
        yield();                 /* off this CPU before returning */
    else if (!err)
        affinity_wait_moved(p, target, mask);
    return err;
}

/* Returns the size of the mask written, as the raw Linux call does. */
long sys_sched_getaffinity(long pid, size_t len, uintptr_t umask)
{
    if (len * 8 < (size_t)ncpus || (len & (sizeof(long) - 1)))
        return -EINVAL;
    struct proc *p = proc_target(pid);
    if (!p)
        return -ESRCH;
    uint64_t mask = p->cpu_mask & proc_cpus_online();
    spin_unlock(&p->lock);
    if (copyout(umask, &mask, CPUMASK_BYTES) < 0)
        return -EFAULT;
    return CPUMASK_BYTES;
}
