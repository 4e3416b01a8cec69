/* ktest.c -- find and run in-kernel tests by name (see ktest.h). */
#include "kernel/ktest.h"
#include "mm/mm_check.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static int failures_in_test;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    kprintf("ktest: FAIL at %s:%d: ", file, line);
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    failures_in_test++;
}

int ktest_failures(void) { return failures_in_test; }

/* Does one comma-separated pattern match the name? "x*" is a prefix. */
static bool ktest_pattern_match(const char *pat, size_t len, const char *name)
{
    if (len == 3 && memcmp(pat, "all", 3) == 0)
        return true;
    if (len > 0 && pat[len - 1] == '*')
        return strncmp(pat, name, len - 1) == 0;
    return strlen(name) == len && memcmp(pat, name, len) == 0;
}

static bool ktest_selected(const char *list, const char *name)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (ktest_pattern_match(p, len, name))
            return true;
        p += len + (end ? 1 : 0);
    }
    return false;
}

static int (*cpu_count)(void);
static void (*cpu_run_on)(int cpu, void (*fn)(void));

void ktest_set_cpus(int (*count)(void), void (*run_on)(int cpu, void (*fn)(void)))
{
    cpu_count = count;
    cpu_run_on = run_on;
}

void ktest_run_on(int cpu, void (*fn)(void))
{
    if (cpu_run_on)
        cpu_run_on(cpu, fn);
    else
        fn();
}

/* One test on one CPU; true if it passed. Every test must leave the
 * memory system consistent: the whole recount runs after each one (it
 * panics on any mismatch). */
static bool ktest_run_one(const struct ktest *t, int cpu, int ncpu)
{
    if (ncpu > 1)
        kprintf("ktest: %s on CPU %d ...\n", t->name, cpu);
    else
        kprintf("ktest: %s ...\n", t->name);
    failures_in_test = 0;
    ktest_run_on(cpu, t->fn);
    mm_check(t->name);
    return failures_in_test == 0;
}

int ktest_run(const char *list)
{
    int ran = 0, failed = 0;
    int ncpu = cpu_count ? cpu_count() : 1;
    for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
        if (!ktest_selected(list, t->name))
            continue;
        bool ok = true;
        for (int cpu = 0; cpu < ncpu; cpu++)
            ok &= ktest_run_one(t, cpu, ncpu);
        ran++;
        if (!ok)
            failed++;
        if (ncpu > 1)
            kprintf("ktest: %s %s on %d CPUs\n", t->name, ok ? "ok" : "FAILED", ncpu);
        else
            kprintf("ktest: %s %s\n", t->name, ok ? "ok" : "FAILED");
    }
    if (ran == 0) {
        kprintf("ktest: no test matches '%s'\n", list);
        return -1;
    }
    kprintf("ktest: %d passed, %d failed\n", ran - failed, failed);
    return failed;
}
