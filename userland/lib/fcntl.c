/* fcntl.c -- open, openat, creat, fcntl (see fcntl.h). */
#include <stdarg.h>
#include "fcntl.h"
#include "syscall.h"
#include "sysret.h"

/* The mode argument is there only with O_CREAT (or O_TMPFILE, which
 * weensy lacks); reading it otherwise would read garbage, harmlessly, but
 * C says not to. */
static mode_t open_mode(int flags, va_list ap)
{
    return (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    return (int)sysret(sys_open((long)path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    return (int)sysret(sys_openat(dirfd, (long)path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
    return (int)sysret(sys_creat((long)path, mode));
}

int fcntl(int fd, int cmd, ...)
{
    /* Every command weensy has takes an int or nothing; passing a long
     * read as int through is what glibc does too. */
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return (int)sysret(sys_fcntl(fd, cmd, arg));
}
