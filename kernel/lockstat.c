/* lockstat.c -- contention counts by lock name (see lockstat.h).
 *
 * One row per name, claimed by the first wait on a lock of that name with
 * a compare-and-swap, so rows need no lock; counts are atomic adds. A name
 * is a pointer to a string constant: rows are matched by the pointer, and
 * by the text when two constants spell the same name. */
#include "kernel/kernel.h"
#include "kernel/lockstat.h"
#include "kernel/cmdline.h"

#define LOCKSTAT_ROWS 64

struct lockstat_row {
    const char *name;            /* [atomic] NULL: free */
    uint64_t waits;              /* [atomic] acquires that found the lock busy */
    uint64_t cycles;             /* [atomic] TSC cycles spent spinning for it */
};

bool lockstat_on;
static struct lockstat_row rows[LOCKSTAT_ROWS];
static uint64_t lost;            /* [atomic] waits on names past the last row */

void lockstat_init(void)
{
    lockstat_on = cmdline_has("lockstat");
}

/* The row for name, claimed if there is none and claim is set. */
static struct lockstat_row *lockstat_row(const char *name, bool claim)
{
    for (int i = 0; i < LOCKSTAT_ROWS; i++) {
        const char *have = __atomic_load_n(&rows[i].name, __ATOMIC_ACQUIRE);
        if (!have && !claim)
            return 0;
        if (!have && __atomic_compare_exchange_n(&rows[i].name, &have, name, false, __ATOMIC_ACQ_REL,
                                                 __ATOMIC_ACQUIRE))
            return &rows[i];
        if (have == name || strcmp(have, name) == 0)
            return &rows[i];
    }
    return 0;
}

void lockstat_wait(const char *name, uint64_t cycles)
{
    struct lockstat_row *r = lockstat_row(name ? name : "?", true);
    if (!r) {
        __atomic_add_fetch(&lost, 1, __ATOMIC_RELAXED);
        return;
    }
    __atomic_add_fetch(&r->waits, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&r->cycles, cycles, __ATOMIC_RELAXED);
}

bool lockstat_row_read(const char *name, uint64_t *waits, uint64_t *cycles)
{
    const struct lockstat_row *r = lockstat_row(name, false);
    if (!r)
        return false;
    *waits = __atomic_load_n(&r->waits, __ATOMIC_RELAXED);
    *cycles = __atomic_load_n(&r->cycles, __ATOMIC_RELAXED);
    return true;
}

/* Most cycles first: a selection sort of the row indexes (64 at most). */
void lockstat_at_exit(void)
{
    if (!lockstat_on)
        return;
    int order[LOCKSTAT_ROWS], n = 0;
    for (int i = 0; i < LOCKSTAT_ROWS; i++)
        if (__atomic_load_n(&rows[i].name, __ATOMIC_ACQUIRE))
            order[n++] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (rows[order[j]].cycles > rows[order[i]].cycles) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    kprintf("lockstat: %d lock names waited for%s\n", n, n ? " (most cycles first):" : "");
    for (int i = 0; i < n; i++) {
        const struct lockstat_row *r = &rows[order[i]];
        kprintf("lockstat: %-16s %8lu waits %12lu cycles %8lu per wait\n", r->name, r->waits, r->cycles,
                r->waits ? r->cycles / r->waits : 0);
    }
    if (lost)
        kprintf("lockstat: %lu waits on names past the table's %d rows\n", lost, LOCKSTAT_ROWS);
}
