/* time.h -- clock_gettime, libc style. All four clocks count from boot
 * (weensy has no wall clock); struct timespec is in
 * include/weensy/syscalls.h. */
#ifndef USER_TIME_H
#define USER_TIME_H
#include "include/weensy/syscalls.h"

#define CLOCK_REALTIME      0
#define CLOCK_MONOTONIC     1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME      7

typedef int clockid_t;

int clock_gettime(clockid_t clock, struct timespec *ts);
/* now_ms: CLOCK_MONOTONIC in milliseconds (weensy's own helper, for
 * programs that time out waits). */
long now_ms(void);
#endif
