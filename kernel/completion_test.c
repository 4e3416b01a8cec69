/* completion_test.c -- completion_wait's two ways of waiting: halting
 * where there is no process, and through the sleeper proc supplies. The
 * in-kernel tests have no process, so a stand-in sleeper plays the
 * scheduler's part here (it halts with the lock let go, as sleep() would
 * switch away); what is checked is the completion's side of the
 * discipline: the waiter sleeps under the lock until done, the signal
 * wakes under the lock. The real sleep is swap's tests' (docs/block.md). */
#include "kernel/ktest.h"
#include "kernel/completion.h"
#include "kernel/wait.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/cpu.h"

static int test_sleeps, test_wakeups, test_vector;
static void *test_chan;
static struct completion *pending;

/* The signal comes from an interrupt handler, as a disk's does. */
static void test_interrupt(struct trapframe *tf)
{
    (void)tf;
    struct completion *c = __atomic_exchange_n(&pending, NULL, __ATOMIC_ACQ_REL);
    if (c)
        completion_signal(c);
}

/* Posted here, with the lock held and so interrupts off, the interrupt
 * lands once the sleeper lets go: while the waiter "sleeps". */
static void test_sleep(void *chan, struct spinlock *lk)
{
    assert(spin_holding(lk));
    test_sleeps++;
    test_chan = chan;
    if (test_sleeps == 1)
        lapic_send(mycpu()->apic_id, (uint8_t)test_vector);
    spin_unlock(lk);
    sti_hlt();                   /* "switched away" until an interrupt (or the tick) */
    spin_lock(lk);
}

static void test_wakeup(void *chan)
{
    if (chan == test_chan)
        __atomic_add_fetch(&test_wakeups, 1, __ATOMIC_RELAXED);
}

static bool test_can_sleep(void) { return true; }
static bool test_killed(void) { return false; }

static const struct wait_ops test_sleeper = {
    .sleep = test_sleep, .sleep_nokill = test_sleep, .wakeup = test_wakeup, .can_sleep = test_can_sleep,
    .killed = test_killed,
};

KTEST(completion_already_done)
{
    struct completion c;
    completion_init(&c);
    completion_signal(&c);
    completion_wait(&c);          /* returns at once */
    KT_CHECK(completion_done(&c));
}

KTEST(completion_sleeps_with_sleeper)
{
    if (mycpu()->id != 0 || !irq_apic())
        return;                   /* the sleeper hook is global: one CPU */
    if (!test_vector)
        test_vector = irq_alloc_vector(test_interrupt);
    KT_CHECK(test_vector > 0);
    struct completion c;
    completion_init(&c);
    test_sleeps = test_wakeups = 0;
    test_chan = NULL;
    __atomic_store_n(&pending, &c, __ATOMIC_RELEASE);
    wait_set_ops(&test_sleeper);
    completion_wait(&c);
    wait_set_ops(NULL);
    KT_CHECK(completion_done(&c));
    KT_CHECK_EQ(test_sleeps, 1);
    KT_CHECK(test_chan == &c);
    KT_CHECK_EQ(test_wakeups, 1);
}
