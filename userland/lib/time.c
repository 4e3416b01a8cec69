/* time.c -- clock_gettime (see time.h). */
#include "time.h"
#include "errno.h"
#include "syscall.h"

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    long r = sys_clock_gettime(clock, (long)ts);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return 0;
}

long now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return 0;
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
