/* sys_pipe.c -- pipe and pipe2: a new pipe's two ends on the caller's two
 * lowest free descriptors, read end first (pipe(2)). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/fdtable.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "include/weensy/errno.h"

/* The flags pipe2 takes. Linux's O_DIRECT (packet mode) and
 * O_NOTIFICATION_PIPE are not offered: -EINVAL, as for any other bit. */
#define PIPE2_FLAGS (O_CLOEXEC | O_NONBLOCK)

long sys_pipe(uintptr_t fds)
{
    return sys_pipe2(fds, 0);
}

/* A bad fds is refused before anything is made; should the copy still
 * fail (a page that cannot be made, or a thread unmapping it meanwhile),
 * both descriptors are closed again, so a failed call leaves none open.
 * (Linux reserves the numbers and installs the files only after the copy;
 * fdtable.h has no reservation, so another thread of the process may see
 * the two descriptors for that moment.) */
long sys_pipe2(uintptr_t fds, long flags)
{
    int fd[2];
    if (flags & ~(long)PIPE2_FLAGS)
        return -EINVAL;
    if (uaccess_check(fds, sizeof(fd), VM_WRITE) < 0)
        return -EFAULT;
    struct file *rd, *wr;
    int err = pipe_create((unsigned)flags & O_NONBLOCK, &rd, &wr);
    if (err < 0)
        return err;
    bool cloexec = flags & O_CLOEXEC;
    fd[0] = fd_install(rd, 0, cloexec);
    if (fd[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fd[0];
    }
    fd[1] = fd_install(wr, 0, cloexec);
    if (fd[1] < 0) {
        fd_close(fd[0]);
        file_put(wr);
        return fd[1];
    }
    err = copyout(fds, fd, sizeof(fd));
    if (err < 0) {
        fd_close(fd[0]);
        fd_close(fd[1]);
        return err;
    }
    return 0;
}
