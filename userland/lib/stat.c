/* stat.c -- stat and friends, modes, mkdir (see stat.h). */
#include "stat.h"
#include "syscall.h"
#include "sysret.h"

int stat(const char *path, struct stat *st)
{
    return (int)sysret(sys_stat((long)path, (long)st));
}

int fstat(int fd, struct stat *st)
{
    return (int)sysret(sys_fstat(fd, (long)st));
}

int lstat(const char *path, struct stat *st)
{
    return (int)sysret(sys_lstat((long)path, (long)st));
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return (int)sysret(sys_newfstatat(dirfd, (long)path, (long)st, flags));
}

int chmod(const char *path, mode_t mode)
{
    return (int)sysret(sys_chmod((long)path, mode));
}

int fchmod(int fd, mode_t mode)
{
    return (int)sysret(sys_fchmod(fd, mode));
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    /* The raw call has no flags argument, so, as in glibc, the library
     * checks them: AT_SYMLINK_NOFOLLOW is the only one, and weensy has no
     * links for it to matter. */
    if (flags & ~AT_SYMLINK_NOFOLLOW) {
        errno = EINVAL;
        return -1;
    }
    return (int)sysret(sys_fchmodat(dirfd, (long)path, mode));
}

mode_t umask(mode_t mask)
{
    return (mode_t)sys_umask(mask);
}

int mkdir(const char *path, mode_t mode)
{
    return (int)sysret(sys_mkdir((long)path, mode));
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    return (int)sysret(sys_mkdirat(dirfd, (long)path, mode));
}
