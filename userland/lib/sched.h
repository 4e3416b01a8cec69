/* sched.h -- CPU affinity, as glibc spells it: a cpu_set_t of 1024 bits
 * and the CPU_* macros. The kernel reads and writes the first 8 bytes
 * (weensy runs on at most 64 CPUs). */
#ifndef USER_SCHED_H
#define USER_SCHED_H
#include <stddef.h>
#include "unistd.h"

#define CPU_SETSIZE 1024
typedef struct { unsigned long bits[CPU_SETSIZE / 64]; } cpu_set_t;

#define CPU_ZERO(s)     memset((s), 0, sizeof(cpu_set_t))
#define CPU_SET(c, s)   ((s)->bits[(c) / 64] |= 1UL << ((c) % 64))
#define CPU_CLR(c, s)   ((s)->bits[(c) / 64] &= ~(1UL << ((c) % 64)))
#define CPU_ISSET(c, s) (((s)->bits[(c) / 64] >> ((c) % 64)) & 1)

/* pid 0 is the caller. set: EINVAL if the mask names no online CPU. */
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
#endif
