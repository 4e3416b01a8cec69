/* sys_cred.c -- user and group ids, prctl's names, robust futex lists:
 * the calls real programs make at start-up (issue 17, docs/linux-abi.md).
 *
 * weensy has one user, root: every id is 0, and setting an id to 0 is
 * accepted (any other is EPERM, as for a process without CAP_SETUID
 * asking for an id it does not have... a simplification: root could). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

long sys_getuid(void) { return 0; }
long sys_geteuid(void) { return 0; }
long sys_getgid(void) { return 0; }
long sys_getegid(void) { return 0; }

/* An id is a uid_t (32 bits): -1 means "unchanged" where Linux allows it,
 * which setuid and setgid do not. */
static long cred_set(long id) { return (uint32_t)id == 0 ? 0 : (uint32_t)id == UINT32_MAX ? -EINVAL : -EPERM; }

long sys_setuid(long uid) { return cred_set(uid); }
long sys_setgid(long gid) { return cred_set(gid); }

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_NAME_LEN 16               /* Linux's TASK_COMM_LEN */

/* prctl: the thread's name (what ps and /proc show), and the parent-death
 * signal, accepted and reported as none (weensy sends none). Other
 * options are EINVAL, as Linux says of an option it does not know. */
long sys_prctl(long option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a3, (void)a4, (void)a5;
    struct proc *p = myproc();
    char name[PR_NAME_LEN];
    switch (option) {
    case PR_SET_NAME:
        if (copyin(name, a2, sizeof name) < 0)
            return -EFAULT;
        name[PR_NAME_LEN - 1] = 0;
        spin_lock(&p->lock);
        strlcpy(p->name, name, sizeof p->name);
        spin_unlock(&p->lock);
        return 0;
    case PR_GET_NAME:
        memset(name, 0, sizeof name);
        spin_lock(&p->lock);
        strlcpy(name, p->name, sizeof name);
        spin_unlock(&p->lock);
        return copyout(a2, name, sizeof name) < 0 ? -EFAULT : 0;
    case PR_SET_PDEATHSIG:
        return a2 < 65 ? 0 : -EINVAL;
    case PR_GET_PDEATHSIG: {
        int none = 0;
        return copyout(a2, &none, sizeof none) < 0 ? -EFAULT : 0;
    }
    default:
        return -EINVAL;
    }
}

#define ROBUST_LIST_HEAD_SIZE 24     /* Linux's struct robust_list_head */

/* set_robust_list: accepted with Linux's size check. weensy does not walk
 * the list when a thread dies (docs/linux-abi.md): a mutex a dead thread
 * held stays locked, as it would without robust mutexes. */
long sys_set_robust_list(uintptr_t head, size_t len)
{
    (void)head;
    return len == ROBUST_LIST_HEAD_SIZE ? 0 : -EINVAL;
}

/* rseq: Linux without restartable sequences says ENOSYS, and glibc and
 * musl take that answer quietly; so does weensy, without a report. */
long sys_rseq(uintptr_t rseq, long len, long flags, long sig)
{
    (void)rseq, (void)len, (void)flags, (void)sig;
    return -ENOSYS;
}
