/* uio.c -- readv, writev (see uio.h). */
#include "uio.h"
#include "syscall.h"
#include "sysret.h"

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
    return sysret(sys_readv(fd, (long)iov, iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
    return sysret(sys_writev(fd, (long)iov, iovcnt));
}
