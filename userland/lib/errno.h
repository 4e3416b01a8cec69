/* errno.h -- the E* numbers (shared with the kernel) and the global errno
 * that the libc-style wrappers in unistd.h set when they return -1. */
#ifndef USER_ERRNO_H
#define USER_ERRNO_H
#include "include/weensy/errno.h"

extern int errno;
#endif
