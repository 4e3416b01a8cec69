/* failalloc.c -- allocations that fail on purpose (see failalloc.h).
 *
 * No lock: one atomic counter numbers the allocations that may fail, and
 * whether number n fails is a function of n alone (n % N == 0, or a hash of
 * the seed and n below the percentage), so a run is as repeatable as the
 * order of its allocations. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "mm/failalloc.h"
#include "arch/x86_64/cpu.h"

enum failalloc_mode { FA_OFF, FA_EVERY, FA_RANDOM };

static enum failalloc_mode mode;     /* [const after boot] */
static uint64_t every;               /* FA_EVERY: N */
static uint64_t percent;             /* FA_RANDOM: P, 1..100 */
static uint64_t seed;                /* FA_RANDOM */
static const struct proc *spared;    /* [const once armed] */
static volatile bool armed;
static uint64_t counted, failed;     /* [atomic] */
static uint64_t ktest_left;          /* [atomic] failalloc_ktest_arm's countdown */
bool failalloc_live;

/* Digits only, as the whole of s; -1 otherwise. */
static long failalloc_number(const char *s)
{
    long n = 0;
    if (!*s)
        return -1;
    for (; *s >= '0' && *s <= '9'; s++)
        n = n * 10 + (*s - '0');
    return *s ? -1 : n;
}

void failalloc_init(void)
{
    const char *v = cmdline_get("failalloc");
    if (!v)
        return;
    bool random = strncmp(v, "random:", 7) == 0;
    long n = failalloc_number(random ? v + 7 : v);
    if (n < 1 || (random && n > 100)) {
        kprintf("mm: failalloc=%s: want N (>= 1) or random:PERCENT (1-100); ignored\n", v);
        return;
    }
    mode = random ? FA_RANDOM : FA_EVERY;
    every = (uint64_t)n;
    percent = (uint64_t)n;
    seed = (uint64_t)cmdline_get_long("failalloc_seed", 1);
    if (random)
        kprintf("mm: failalloc: %lu%% of the allocations made for processes fail (seed %lu)\n",
                percent, seed);
    else
        kprintf("mm: failalloc: every %luth allocation made for a process fails\n", every);
}

void failalloc_start(const struct proc *p)
{
    spared = p;
    armed = mode != FA_OFF;
    if (armed)
        __atomic_store_n(&failalloc_live, true, __ATOMIC_RELEASE);
}

/* splitmix64's finaliser: n's bits well mixed. */
static uint64_t failalloc_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The in-kernel tests' countdown: true when it reaches its allocation. */
static bool failalloc_ktest_hit(void)
{
    uint64_t left = __atomic_load_n(&ktest_left, __ATOMIC_RELAXED);
    while (left) {
        if (__atomic_compare_exchange_n(&ktest_left, &left, left - 1, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return left == 1;
    }
    return false;
}

bool failalloc_decide(void)
{
    if (failalloc_ktest_hit())
        return true;
    if (!armed)
        return false;
    const struct proc *p = cpu_proc();
    if (!p || p == spared)
        return false;            /* the kernel's own work, or init's */
    uint64_t n = __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED);
    bool fail = mode == FA_EVERY ? n % every == 0
                                 : failalloc_mix(seed * 0x9e3779b97f4a7c15ULL + n) % 100 < percent;
    if (fail)
        __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
    return fail;
}

void failalloc_report(void)
{
    if (mode != FA_OFF)
        kprintf("mm: failalloc: %lu of %lu allocations made for processes failed on purpose\n",
                __atomic_load_n(&failed, __ATOMIC_RELAXED), __atomic_load_n(&counted, __ATOMIC_RELAXED));
}

void failalloc_ktest_arm(uint64_t nth)
{
    __atomic_store_n(&ktest_left, nth, __ATOMIC_RELAXED);
    if (nth)
        __atomic_store_n(&failalloc_live, true, __ATOMIC_RELEASE);
}

bool failalloc_ktest_pending(void)
{
    return __atomic_load_n(&ktest_left, __ATOMIC_RELAXED) != 0;
}
