/* sys_todo.c -- the file calls not written yet: -ENOSYS. (Temporary: each
 * moves to its file as it is written.) */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "include/weensy/errno.h"

long sys_pread64(long fd, uintptr_t buf, size_t n, long off)
{
    (void)fd;
    (void)buf;
    (void)n;
    (void)off;
    return -ENOSYS;
}

long sys_pwrite64(long fd, uintptr_t buf, size_t n, long off)
{
    (void)fd;
    (void)buf;
    (void)n;
    (void)off;
    return -ENOSYS;
}

long sys_readv(long fd, uintptr_t iov, long iovcnt)
{
    (void)fd;
    (void)iov;
    (void)iovcnt;
    return -ENOSYS;
}

long sys_writev(long fd, uintptr_t iov, long iovcnt)
{
    (void)fd;
    (void)iov;
    (void)iovcnt;
    return -ENOSYS;
}

long sys_lseek(long fd, long off, long whence)
{
    (void)fd;
    (void)off;
    (void)whence;
    return -ENOSYS;
}

long sys_close(long fd)
{
    (void)fd;
    return -ENOSYS;
}

long sys_dup(long fd)
{
    (void)fd;
    return -ENOSYS;
}

long sys_dup2(long fd, long newfd)
{
    (void)fd;
    (void)newfd;
    return -ENOSYS;
}

long sys_dup3(long fd, long newfd, long flags)
{
    (void)fd;
    (void)newfd;
    (void)flags;
    return -ENOSYS;
}

long sys_fcntl(long fd, long cmd, long arg)
{
    (void)fd;
    (void)cmd;
    (void)arg;
    return -ENOSYS;
}

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

long sys_fsync(long fd)
{
    (void)fd;
    return -ENOSYS;
}

long sys_fdatasync(long fd)
{
    (void)fd;
    return -ENOSYS;
}

long sys_getdents64(long fd, uintptr_t buf, size_t n)
{
    (void)fd;
    (void)buf;
    (void)n;
    return -ENOSYS;
}

long sys_open(uintptr_t path, long flags, long mode)
{
    (void)path;
    (void)flags;
    (void)mode;
    return -ENOSYS;
}

long sys_openat(long dirfd, uintptr_t path, long flags, long mode)
{
    (void)dirfd;
    (void)path;
    (void)flags;
    (void)mode;
    return -ENOSYS;
}

long sys_creat(uintptr_t path, long mode)
{
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_msync(uintptr_t addr, size_t len, long flags)
{
    (void)addr;
    (void)len;
    (void)flags;
    return -ENOSYS;
}
