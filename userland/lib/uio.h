/* uio.h -- scatter/gather reads and writes (<sys/uio.h>); struct iovec
 * and IOV_MAX are Linux's, from include/weensy/fs.h. Each returns the bytes
 * moved, or -1 and errno. */
#ifndef USER_UIO_H
#define USER_UIO_H
#include "include/weensy/fs.h"
#include "types.h"

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
#endif
