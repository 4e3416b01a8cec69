/* thread.h -- the constants of the thread calls, Linux's values: clone's
 * flags, futex's operations, arch_prctl's codes. Shared by the kernel and
 * userland (docs/syscalls.md, docs/processes.md "Threads"). */
#ifndef WEENSY_THREAD_H
#define WEENSY_THREAD_H

/* clone(flags, stack, parent_tid, child_tid, tls). The low byte is the
 * signal the parent gets when a child process ends (weensy sends none: it
 * is accepted and ignored). Only the low 32 bits count, as on Linux. */
#define CLONE_CSIGNAL        0x000000ffUL
#define CLONE_VM             0x00000100UL   /* share the address space */
#define CLONE_FS             0x00000200UL   /* share cwd/umask: nothing to share yet */
#define CLONE_FILES          0x00000400UL   /* share fds: nothing to share yet */
#define CLONE_SIGHAND        0x00000800UL   /* share signal actions (all default) */
#define CLONE_PIDFD          0x00001000UL
#define CLONE_PTRACE         0x00002000UL
#define CLONE_VFORK          0x00004000UL
#define CLONE_PARENT         0x00008000UL
#define CLONE_THREAD         0x00010000UL   /* same thread group (process) */
#define CLONE_NEWNS          0x00020000UL
#define CLONE_SYSVSEM        0x00040000UL   /* share semaphore undo: none exist */
#define CLONE_SETTLS         0x00080000UL   /* the new thread's FS base = tls */
#define CLONE_PARENT_SETTID  0x00100000UL   /* write the tid at parent_tid */
#define CLONE_CHILD_CLEARTID 0x00200000UL   /* at its exit: 0 at child_tid, futex wake */
#define CLONE_DETACHED       0x00400000UL   /* ignored, as on Linux */
#define CLONE_UNTRACED       0x00800000UL
#define CLONE_CHILD_SETTID   0x01000000UL   /* write the tid at child_tid, in the child */

/* What pthread_create passes (musl adds CLONE_DETACHED). */
#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
                            CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |             \
                            CLONE_CHILD_CLEARTID)

/* futex(uaddr, op, val, timeout, uaddr2, val3) */
#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK       (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_WAIT_PRIVATE   (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE   (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

/* arch_prctl(code, addr) */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#endif
