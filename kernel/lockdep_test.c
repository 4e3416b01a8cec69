/* lockdep_test.c -- the lock-order checker catches what it should and
 * nothing else. Each test uses classes of its own (the graph lives for
 * the whole boot), and runs in the checker's catch mode, so a violation
 * is recorded for the test instead of panicking; the locks are not
 * contended, so the "deadlocks" provoked here cannot hang.
 * lockdep_reversal_demo lets the checker panic (tests/locks.cmake). */
#include "kernel/ktest.h"
#include "kernel/spinlock.h"
#include "kernel/lockdep.h"

#ifdef WEENSY_LOCKDEP

/* Not inlined, so a report shows both levels of "taken at": lock_pair
 * and the test that called it. */
static __attribute__((noinline)) void lock_pair(struct spinlock *outer, struct spinlock *inner)
{
    spin_lock(outer);
    spin_lock(inner);
    spin_unlock(inner);
    spin_unlock(outer);
}

static struct spinlock lock_a = SPINLOCK_INIT("lockdep test A");
static struct spinlock lock_b = SPINLOCK_INIT("lockdep test B");

KTEST(lockdep_reversal_caught)
{
    struct lockdep_catch caught;
    lockdep_catch_begin(&caught);
    lock_pair(&lock_a, &lock_b);
    lock_pair(&lock_a, &lock_b);          /* the same order again: fine */
    int reports_before = caught.reports;
    lock_pair(&lock_b, &lock_a);
    lockdep_catch_end();
    KT_CHECK_EQ(reports_before, 0);
    KT_CHECK_EQ(caught.reports, 1);
    KT_CHECK(strcmp(caught.held, "lockdep test B") == 0);
    KT_CHECK(strcmp(caught.taking, "lockdep test A") == 0);
    KT_CHECK(!caught.same_class);
    KT_CHECK(lockdep_ordered(&lock_a, &lock_b));
    KT_CHECK(!lockdep_ordered(&lock_b, &lock_a));     /* not recorded */
}

static struct spinlock lock_c = SPINLOCK_INIT("lockdep test C");
static struct spinlock lock_d = SPINLOCK_INIT("lockdep test D");
static struct spinlock lock_e = SPINLOCK_INIT("lockdep test E");

/* C -> D and D -> E, never held all at once: E -> C still closes a
 * cycle (three CPUs, each holding one and waiting for the next). */
KTEST(lockdep_transitive_caught)
{
    struct lockdep_catch caught;
    lockdep_catch_begin(&caught);
    lock_pair(&lock_c, &lock_d);
    lock_pair(&lock_d, &lock_e);
    int reports_before = caught.reports;
    lock_pair(&lock_e, &lock_c);
    lockdep_catch_end();
    KT_CHECK_EQ(reports_before, 0);
    KT_CHECK_EQ(caught.reports, 1);
    KT_CHECK(strcmp(caught.held, "lockdep test E") == 0);
    KT_CHECK(strcmp(caught.taking, "lockdep test C") == 0);
    KT_CHECK(lockdep_ordered(&lock_c, &lock_e));
}

static struct spinlock lock_f = SPINLOCK_INIT("lockdep test F");
static struct spinlock lock_g = SPINLOCK_INIT("lockdep test G");
static struct spinlock lock_h = SPINLOCK_INIT("lockdep test H");

/* A trylock against the order cannot deadlock: no report, no order
 * recorded into it. But the lock it took orders what is taken inside. */
KTEST(lockdep_trylock_not_reported)
{
    struct lockdep_catch caught;
    lockdep_catch_begin(&caught);
    lock_pair(&lock_f, &lock_g);
    spin_lock(&lock_g);
    bool tried = spin_trylock(&lock_f);   /* G then F: against F -> G */
    spin_lock(&lock_h);
    spin_unlock(&lock_h);
    if (tried)
        spin_unlock(&lock_f);
    spin_unlock(&lock_g);
    lockdep_catch_end();
    KT_CHECK(tried);
    KT_CHECK_EQ(caught.reports, 0);
    KT_CHECK(!lockdep_ordered(&lock_g, &lock_f));
    KT_CHECK(lockdep_ordered(&lock_f, &lock_h));      /* F was held by trylock */
    KT_CHECK(lockdep_ordered(&lock_g, &lock_h));
}

/* Two locks of one class at once is a report, unless declared: fork
 * takes the parent's and the child's vm->lock that way. */
KTEST(lockdep_same_class)
{
    struct spinlock one, two;
    spinlock_init(&one, "lockdep test nest");
    spinlock_init(&two, "lockdep test nest");
    struct lockdep_catch caught;
    lockdep_catch_begin(&caught);
    spin_lock(&one);
    spin_lock_nested(&two, 1);
    spin_unlock(&two);
    spin_unlock(&one);
    int declared = caught.reports;
    lock_pair(&one, &two);
    lockdep_catch_end();
    KT_CHECK_EQ(declared, 0);
    KT_CHECK_EQ(caught.reports, 1);
    KT_CHECK(caught.same_class);
    KT_CHECK(strcmp(caught.held, "lockdep test nest") == 0);
    KT_CHECK(strcmp(caught.taking, "lockdep test nest") == 0);
}

/* Not in the catch mode: the report, then the panic. */
static struct spinlock demo_x = SPINLOCK_INIT("lockdep demo X");
static struct spinlock demo_y = SPINLOCK_INIT("lockdep demo Y");

KTEST(lockdep_reversal_demo)
{
    lock_pair(&demo_x, &demo_y);
    lock_pair(&demo_y, &demo_x);
    ktest_fail(__FILE__, __LINE__, "the checker let Y -> X pass after X -> Y");
}

#endif
