/* unistd_fs.c -- the file calls of unistd.h over the raw sys_* calls. */
#include "unistd.h"
#include "sysret.h"

int close(int fd) { return (int)sysret(sys_close(fd)); }

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return sysret(sys_pread64(fd, (long)buf, (long)n, off));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return sysret(sys_pwrite64(fd, (long)buf, (long)n, off));
}

off_t lseek(int fd, off_t off, int whence)
{
    return sysret(sys_lseek(fd, off, whence));
}

int access(const char *path, int mode)
{
    return (int)sysret(sys_access((long)path, mode));
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    /* faccessat(2) has no flags argument; faccessat2 does. Like glibc,
     * use the old call when there are no flags. */
    if (flags == 0)
        return (int)sysret(sys_faccessat(dirfd, (long)path, mode));
    return (int)sysret(sys_faccessat2(dirfd, (long)path, mode, flags));
}

int dup(int fd) { return (int)sysret(sys_dup(fd)); }
int dup2(int fd, int newfd) { return (int)sysret(sys_dup2(fd, newfd)); }

int dup3(int fd, int newfd, int flags)
{
    return (int)sysret(sys_dup3(fd, newfd, flags));
}

int pipe(int fds[2]) { return (int)sysret(sys_pipe((long)fds)); }

int pipe2(int fds[2], int flags)
{
    return (int)sysret(sys_pipe2((long)fds, flags));
}

int unlink(const char *path) { return (int)sysret(sys_unlink((long)path)); }

int unlinkat(int dirfd, const char *path, int flags)
{
    return (int)sysret(sys_unlinkat(dirfd, (long)path, flags));
}

int rmdir(const char *path) { return (int)sysret(sys_rmdir((long)path)); }

int rename(const char *from, const char *to)
{
    return (int)sysret(sys_rename((long)from, (long)to));
}

int renameat(int fromdirfd, const char *from, int todirfd, const char *to)
{
    return (int)sysret(sys_renameat(fromdirfd, (long)from, todirfd, (long)to));
}

char *getcwd(char *buf, size_t size)
{
    /* The raw call returns the path's length with its NUL; libc's returns
     * buf. */
    if (sysret(sys_getcwd((long)buf, (long)size)) < 0)
        return NULL;
    return buf;
}

int chdir(const char *path) { return (int)sysret(sys_chdir((long)path)); }
int fchdir(int fd) { return (int)sysret(sys_fchdir(fd)); }

int truncate(const char *path, off_t len)
{
    return (int)sysret(sys_truncate((long)path, len));
}

int ftruncate(int fd, off_t len) { return (int)sysret(sys_ftruncate(fd, len)); }
int fsync(int fd) { return (int)sysret(sys_fsync(fd)); }
int fdatasync(int fd) { return (int)sysret(sys_fdatasync(fd)); }

int chown(const char *path, uid_t uid, gid_t gid)
{
    return (int)sysret(sys_chown((long)path, uid, gid));
}

int fchown(int fd, uid_t uid, gid_t gid)
{
    return (int)sysret(sys_fchown(fd, uid, gid));
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
    return (int)sysret(sys_lchown((long)path, uid, gid));
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
    return sysret(sys_readlink((long)path, (long)buf, (long)size));
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
    return sysret(sys_readlinkat(dirfd, (long)path, (long)buf, (long)size));
}
