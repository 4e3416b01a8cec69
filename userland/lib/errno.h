/* errno.h -- the E* numbers (shared with the kernel) and errno, which the
 * libc-style wrappers in unistd.h set when they return -1: one per thread
 * (thread.h), as in every libc. */
#ifndef USER_ERRNO_H
#define USER_ERRNO_H
#include "include/weensy/errno.h"

int *__errno_location(void);
#define errno (*__errno_location())
#endif
