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

