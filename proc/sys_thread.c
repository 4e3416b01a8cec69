/* sys_thread.c -- the thread system calls, argument checking only: clone,
 * exit_group, gettid, set_tid_address, arch_prctl (futex is futex.c). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/thread.h"
#include "mm/uaccess.h"
#include "arch/x86_64/memlayout.h"
#include "include/weensy/thread.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

/* Flags weensy carries out, or may ignore because there is nothing for
 * them to share (no files, no cwd, no semaphores) or Linux ignores them
 * too (CLONE_DETACHED). */
#define CLONE_KNOWN (CLONE_CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                     CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

/* clone_check: Linux's own refusals first (copy_process), then what
 * weensy does not do: namespaces, vfork, ptrace, pidfds, CLONE_PARENT,
 * and an address space shared by two processes (CLONE_VM without
 * CLONE_THREAD): all EINVAL. A TLS base outside the user half is EPERM,
 * as Linux's arch_prctl answers. */
static long clone_check(unsigned long flags, uintptr_t tls)
{
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if (flags & ~CLONE_KNOWN)
        return -EINVAL;
    if ((flags & CLONE_VM) && !(flags & CLONE_THREAD))
        return -EINVAL;
    if ((flags & CLONE_SETTLS) && tls >= USER_TOP)
        return -EPERM;
    return 0;
}

/* x86-64's argument order: flags, stack, parent_tid, child_tid, tls. Only
 * the low 32 bits of flags count, as on Linux; the low byte (the signal a
 * parent hears of its child's end) is accepted and, with no signal
 * handlers in weensy, has no effect. */
long sys_clone(unsigned long flags, uintptr_t stack, uintptr_t parent_tid, uintptr_t child_tid,
               uintptr_t tls)
{
    flags &= 0xffffffffUL;
    long err = clone_check(flags, tls);
    if (err)
        return err;
    struct clone_req req = {
        .flags = flags & ~CLONE_CSIGNAL, .stack = stack, .parent_tid = parent_tid,
        .child_tid = child_tid, .tls = tls,
    };
    return proc_clone(&req);
}

long sys_exit_group(long code)
{
    proc_exit_group(W_EXITCODE(code));
}

long sys_gettid(void)
{
    return myproc()->pid;
}

/* set_tid_address: the word to clear (and wake) when this thread ends;
 * returns the tid. Never fails: the address is used only then. */
long sys_set_tid_address(uintptr_t tidptr)
{
    struct proc *p = myproc();
    p->clear_child_tid = tidptr;
    return p->pid;
}

/* arch_prctl: the FS base only (musl and glibc set it at start-up for
 * thread-local storage). The GS base is the kernel's (swapgs): ARCH_SET_GS
 * and ARCH_GET_GS are EINVAL, as any unknown code. */
long sys_arch_prctl(long code, uintptr_t addr)
{
    switch (code) {
    case ARCH_SET_FS:
        if (addr >= USER_TOP)
            return -EPERM;       /* Linux's answer: a non-canonical base would #GP */
        thread_fs_set(addr);
        return 0;
    case ARCH_GET_FS: {
        uint64_t base = thread_fs_current();
        return copyout(addr, &base, sizeof(base)) < 0 ? -EFAULT : 0;
    }
    default:
        return -EINVAL;
    }
}
