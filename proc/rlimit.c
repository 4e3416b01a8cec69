/* rlimit.c -- prlimit64 (Linux's 302), for the one limit weensy keeps per
 * process: RLIMIT_RSS, the pages a process may keep in memory before its
 * own clock sends one out to swap (mm/swap.h; frames=N gives every
 * process its first value). Linux accepts RLIMIT_RSS and ignores it;
 * weensy acts on it. The value is in bytes, soft and hard alike (weensy
 * has one user: the hard limit is the soft one); RLIM_INFINITY or 0
 * mean none. fork copies the limit, exec keeps it.
 *
 * The other resources read as unlimited (RLIMIT_STACK as weensy's 8 MiB
 * stack), and setting one is EINVAL: weensy has nothing that enforces it.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

#define RLIMIT_STACK 3
#define RLIMIT_RSS 5
#define RLIMIT_NLIMITS 16
#define RLIM_INFINITY (~0UL)

struct rlimit64 {
    uint64_t cur, max;
};

/* rlimit_rss: vm's frame limit as a limit in bytes, and *set's (if any)
 * made its new one. Caller holds p->lock, which keeps p->vm. */
static struct rlimit64 rlimit_rss(struct vmspace *vm, const struct rlimit64 *set)
{
    spin_lock(&vm->lock);
    size_t frames = vm->frame_limit;
    if (set)
        vm->frame_limit = set->cur == RLIM_INFINITY ? 0 : MAX(set->cur / PAGE_SIZE, (uint64_t)SWAP_FRAMES_MIN);
    spin_unlock(&vm->lock);
    uint64_t bytes = frames ? frames * PAGE_SIZE : RLIM_INFINITY;
    return (struct rlimit64){ bytes, bytes };
}

long sys_prlimit64(long pid, long resource_arg, uintptr_t unew, uintptr_t uold)
{
    uint32_t resource = (uint32_t)resource_arg;     /* an unsigned int on Linux */
    if (resource >= RLIMIT_NLIMITS)
        return -EINVAL;
    struct rlimit64 new, old = { RLIM_INFINITY, RLIM_INFINITY };
    if (unew && copyin(&new, unew, sizeof(new)) < 0)
        return -EFAULT;
    if (unew && (resource != RLIMIT_RSS || new.cur > new.max))
        return -EINVAL;
    if (resource == RLIMIT_STACK)
        old.cur = old.max = 8UL << 20;
    struct proc *p = proc_target(pid);
    if (p && !p->vm) {           /* on its way out: its memory is gone */
        spin_unlock(&p->lock);
        p = 0;
    }
    if (!p)
        return -ESRCH;
    if (resource == RLIMIT_RSS)
        old = rlimit_rss(p->vm, unew ? &new : 0);
    spin_unlock(&p->lock);
    if (uold && copyout(uold, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}
