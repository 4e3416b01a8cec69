/* sys_todo.c -- the file calls not written yet: -ENOSYS. (Temporary: each
 * moves to its file as it is written.) */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "include/weensy/errno.h"

long sys_pipe(uintptr_t fds)
{
    (void)fds;
    return -ENOSYS;
}

long sys_pipe2(uintptr_t fds, long flags)
{
    (void)fds;
    (void)flags;
    return -ENOSYS;
}

