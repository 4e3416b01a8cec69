/* lockstat.h -- how often each lock was busy and how long its waiters
 * spun, by lock name (its class: every p->lock is "proc"). On with
 * "lockstat" on the command line; the table is printed as the machine
 * ends. It costs nothing on a lock found free: only spin_wait, the busy
 * path, counts. docs/locking.md ("Contention") shows how to read it. */
#ifndef KERNEL_LOCKSTAT_H
#define KERNEL_LOCKSTAT_H
#include <stdbool.h>
#include <stdint.h>

extern bool lockstat_on;
void lockstat_init(void);
/* lockstat_wait: a CPU waited `cycles` (TSC) for the lock named name. */
void lockstat_wait(const char *name, uint64_t cycles);
/* lockstat_at_exit: the table, if lockstat is on (as the machine ends). */
void lockstat_at_exit(void);
/* lockstat_row_read: the counts for name so far; false if it has no row. */
bool lockstat_row_read(const char *name, uint64_t *waits, uint64_t *cycles);
#endif
