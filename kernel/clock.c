/* clock.c -- clock_gettime, and the boot-to-user figure.
 *
 * weensy has one clock: the TSC, turned into nanoseconds with the rate
 * measured at boot (arch/x86_64/tsc_cal.c, docs/time.md). CLOCK_REALTIME
 * has no wall-clock source, so every clock counts from boot.
 */
#include "kernel/kernel.h"
#include "kernel/clock.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"


uint64_t clock_tsc_entry;        /* written once by entry64.asm */

bool clock_id_valid(long clock)
{
    return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC || clock == CLOCK_MONOTONIC_RAW ||
           clock == CLOCK_BOOTTIME;
}

long sys_clock_gettime(long clock, uintptr_t ts)
{
    if (!clock_id_valid(clock))
        return -EINVAL;
    uint64_t ns = timer_ns();
    struct timespec t = { (long)(ns / 1000000000), (long)(ns % 1000000000) };
    return copyout(ts, &t, sizeof(t)) < 0 ? -EFAULT : 0;
}

/* time and gettimeofday: CLOCK_REALTIME's reading (time since boot:
 * weensy reads no real-time clock), in seconds, or seconds and
 * microseconds; gettimeofday's time zone, if asked for, is UTC. */
long sys_time(uintptr_t tloc)
{
    long secs = (long)(timer_ns() / 1000000000);
    if (tloc && copyout(tloc, &secs, sizeof secs) < 0)
        return -EFAULT;
    return secs;
}

long sys_gettimeofday(uintptr_t tv, uintptr_t tz)
{
    uint64_t ns = timer_ns();
    struct { long sec, usec; } t = { (long)(ns / 1000000000), (long)(ns % 1000000000 / 1000) };
    struct { int minuteswest, dsttime; } zone = { 0, 0 };
    if (tv && copyout(tv, &t, sizeof t) < 0)
        return -EFAULT;
    if (tz && copyout(tz, &zone, sizeof zone) < 0)
        return -EFAULT;
    return 0;
}

void clock_first_user(void)
{
    static bool reported;
    uint64_t now = rdtsc();
    if (__atomic_exchange_n(&reported, true, __ATOMIC_RELAXED))
        return;
    uint64_t cycles = now - clock_tsc_entry;
    uint64_t tenths = cycles * 10000 / timer_tsc_per_us();
    kprintf("bench: boot_to_user %lu cycles\n", cycles);
    kprintf("bench: boot_to_user %lu.%lu ns\n", tenths / 10, tenths % 10);
}
