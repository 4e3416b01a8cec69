/* lockstat_test.c -- the contention table: a wait is counted on its
 * lock's name, two spellings of one name share a row, and the busy path
 * of spin_lock counts only while lockstat is on. One CPU cannot make
 * spin_lock wait, so the waits are reported by hand (smp.stress.4 boots
 * with lockstat and checks the table a real run prints). */
#include "kernel/ktest.h"
#include "kernel/lockstat.h"
#include "kernel/spinlock.h"

/* The row for name, read back through lockstat_wait's own lookup: add a
 * wait of 0 cycles and see the count move. */
KTEST(lockstat_counts_by_name)
{
    static const char name[] = "ktest lockstat";
    char copy[sizeof name];
    memcpy(copy, name, sizeof name);
    lockstat_wait(name, 100);
    lockstat_wait(copy, 50);             /* another pointer, the same name */
    uint64_t waits = 0, cycles = 0;
    KT_CHECK(lockstat_row_read(name, &waits, &cycles));
    KT_CHECK(waits >= 2);
    KT_CHECK(cycles >= 150);
    uint64_t w2 = 0, c2 = 0;
    KT_CHECK(lockstat_row_read(copy, &w2, &c2));
    KT_CHECK_EQ(w2, waits);
    KT_CHECK(!lockstat_row_read("ktest lockstat, never waited for", &w2, &c2));
}

/* A lock taken while free is never counted, lockstat on or off. */
KTEST(lockstat_free_lock_not_counted)
{
    struct spinlock lk;
    spinlock_init(&lk, "ktest lockstat free");
    bool was = lockstat_on;
    lockstat_on = true;
    spin_lock(&lk);
    spin_unlock(&lk);
    lockstat_on = was;
    uint64_t w = 0, c = 0;
    KT_CHECK(!lockstat_row_read("ktest lockstat free", &w, &c));
}
