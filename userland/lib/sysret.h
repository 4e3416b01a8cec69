/* sysret.h -- (library-internal) a raw system call's result, libc style:
 * -E... becomes errno and -1. Like Linux, only -4095..-1 are errors, so
 * large results (addresses, offsets) survive. */
#ifndef USER_SYSRET_H
#define USER_SYSRET_H
#include "errno.h"

static inline long sysret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
#endif
