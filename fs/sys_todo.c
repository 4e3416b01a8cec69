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

long sys_ftruncate(long fd, long len)
{
    (void)fd;
    (void)len;
    return -ENOSYS;
}

long sys_fstat(long fd, uintptr_t st)
{
    (void)fd;
    (void)st;
    return -ENOSYS;
}

long sys_fstatfs(long fd, uintptr_t st)
{
    (void)fd;
    (void)st;
    return -ENOSYS;
}

long sys_getdents64(long fd, uintptr_t buf, size_t n)
{
    (void)fd;
    (void)buf;
    (void)n;
    return -ENOSYS;
}

long sys_fchdir(long fd)
{
    (void)fd;
    return -ENOSYS;
}

long sys_fchmod(long fd, long mode)
{
    (void)fd;
    (void)mode;
    return -ENOSYS;
}

long sys_fchown(long fd, long uid, long gid)
{
    (void)fd;
    (void)uid;
    (void)gid;
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

long sys_stat(uintptr_t path, uintptr_t st)
{
    (void)path;
    (void)st;
    return -ENOSYS;
}

long sys_lstat(uintptr_t path, uintptr_t st)
{
    (void)path;
    (void)st;
    return -ENOSYS;
}

long sys_newfstatat(long dirfd, uintptr_t path, uintptr_t st, long flags)
{
    (void)dirfd;
    (void)path;
    (void)st;
    (void)flags;
    return -ENOSYS;
}

long sys_access(uintptr_t path, long mode)
{
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_faccessat(long dirfd, uintptr_t path, long mode)
{
    (void)dirfd;
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_faccessat2(long dirfd, uintptr_t path, long mode, long flags)
{
    (void)dirfd;
    (void)path;
    (void)mode;
    (void)flags;
    return -ENOSYS;
}

long sys_statfs(uintptr_t path, uintptr_t st)
{
    (void)path;
    (void)st;
    return -ENOSYS;
}

long sys_readlink(uintptr_t path, uintptr_t buf, size_t n)
{
    (void)path;
    (void)buf;
    (void)n;
    return -ENOSYS;
}

long sys_readlinkat(long dirfd, uintptr_t path, uintptr_t buf, size_t n)
{
    (void)dirfd;
    (void)path;
    (void)buf;
    (void)n;
    return -ENOSYS;
}

long sys_truncate(uintptr_t path, long len)
{
    (void)path;
    (void)len;
    return -ENOSYS;
}

long sys_getcwd(uintptr_t buf, size_t n)
{
    (void)buf;
    (void)n;
    return -ENOSYS;
}

long sys_chdir(uintptr_t path)
{
    (void)path;
    return -ENOSYS;
}

long sys_mkdir(uintptr_t path, long mode)
{
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_mkdirat(long dirfd, uintptr_t path, long mode)
{
    (void)dirfd;
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_rmdir(uintptr_t path)
{
    (void)path;
    return -ENOSYS;
}

long sys_unlink(uintptr_t path)
{
    (void)path;
    return -ENOSYS;
}

long sys_unlinkat(long dirfd, uintptr_t path, long flags)
{
    (void)dirfd;
    (void)path;
    (void)flags;
    return -ENOSYS;
}

long sys_rename(uintptr_t from, uintptr_t to)
{
    (void)from;
    (void)to;
    return -ENOSYS;
}

long sys_renameat(long fromfd, uintptr_t from, long tofd, uintptr_t to)
{
    (void)fromfd;
    (void)from;
    (void)tofd;
    (void)to;
    return -ENOSYS;
}

long sys_renameat2(long fromfd, uintptr_t from, long tofd, uintptr_t to, long flags)
{
    (void)fromfd;
    (void)from;
    (void)tofd;
    (void)to;
    (void)flags;
    return -ENOSYS;
}

long sys_chmod(uintptr_t path, long mode)
{
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_fchmodat(long dirfd, uintptr_t path, long mode)
{
    (void)dirfd;
    (void)path;
    (void)mode;
    return -ENOSYS;
}

long sys_chown(uintptr_t path, long uid, long gid)
{
    (void)path;
    (void)uid;
    (void)gid;
    return -ENOSYS;
}

long sys_lchown(uintptr_t path, long uid, long gid)
{
    (void)path;
    (void)uid;
    (void)gid;
    return -ENOSYS;
}

long sys_umask(long mask)
{
    (void)mask;
    return -ENOSYS;
}

long sys_msync(uintptr_t addr, size_t len, long flags)
{
    (void)addr;
    (void)len;
    (void)flags;
    return -ENOSYS;
}
