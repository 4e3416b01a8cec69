/* sched.c -- CPU affinity wrappers (see sched.h). */
#include "sched.h"
#include "string.h"

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
    long r = sys_sched_setaffinity(pid, (long)size, (long)set);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return 0;
}

/* The raw call returns the bytes it wrote; glibc's wrapper clears the rest
 * of the set and returns 0. */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    long r = sys_sched_getaffinity(pid, (long)size, (long)set);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    if ((size_t)r < size)
        memset((char *)set + r, 0, size - (size_t)r);
    return 0;
}
