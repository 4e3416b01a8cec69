/* ktest.h -- in-kernel unit tests. KTEST(name) defines a test; the command
 * line "test=NAME[,NAME...]" (or a prefix ending in '*', or "all") runs the
 * named ones at boot and the verdict leaves through machine_exit().
 * A test returns normally to pass; KT_CHECK records a failure and returns. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H
#include "kernel/kernel.h"

struct ktest {
    const char *name;
    void (*fn)(void);
    const char *file;
};

#define KTEST(name_)                                                           \
    static void ktest_fn_##name_(void);                                        \
    static const struct ktest ktest_rec_##name_                                \
        __attribute__((used, section(".ktests"), aligned(8))) =                \
        { #name_, ktest_fn_##name_, __FILE__ };                                \
    static void ktest_fn_##name_(void)

void ktest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ktest_failures(void);

#define KT_CHECK(cond)                                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            ktest_fail(__FILE__, __LINE__, "check failed: %s", #cond);         \
            return;                                                            \
        }                                                                      \
    } while (0)

#define KT_CHECK_EQ(a, b)                                                      \
    do {                                                                       \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                       \
        if (a_ != b_) {                                                        \
            ktest_fail(__FILE__, __LINE__, "check failed: %s == %s "           \
                       "(0x%lx != 0x%lx)", #a, #b, a_, b_);                    \
            return;                                                            \
        }                                                                      \
    } while (0)

/* ktest_run: run the tests the list names, each on every CPU online in
 * turn; returns the number that failed on some CPU (-1 if the list names
 * none). */
int ktest_run(const char *list);
/* ktest_set_cpus: how many CPUs run, and how to run a test on one (set by
 * proc/cpus.c once they are started; until then tests run on this one). */
void ktest_set_cpus(int (*count)(void), void (*run_on)(int cpu, void (*fn)(void)));
/* ktest_run_on: run fn on CPU cpu (a test that wants a particular one). */
void ktest_run_on(int cpu, void (*fn)(void));
#endif
