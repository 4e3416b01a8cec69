/* tsc_cal.c -- measure the TSC's rate at boot against the best clock of
 * known rate the machine has. Tried in this order:
 *
 *   cpuid    CPUID leaf 0x15: the TSC's ratio to the core crystal and the
 *            crystal's frequency (or, where that is left out, leaf 0x16's
 *            base frequency, which the TSC then runs at): exact, no wait
 *   hpet     the HPET's main counter (the ACPI "HPET" table, hpet.c)
 *   pmtimer  the ACPI PM timer (the FADT), 3.579545 MHz, 24 or 32 bits
 *   pit      the 8254 PIT's channel 2 (pit.c), if there is one at all
 *
 * clocksource=NAME on the command line tries NAME first, so each path can
 * be tested on a machine that offers a better one. timer_calibrate_choose
 * picks the source and notes where its counter and the TSC stood;
 * tsc_cal_end reads both again in timer_init, so the boot in between is
 * the interval, waited out to CAL_MIN_NS when it was shorter. All of it
 * runs on the boot CPU before the others start; the others only read the
 * result (timer_tsc_per_us). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/tsc_cal.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/x86.h"

enum { SRC_CPUID, SRC_HPET, SRC_PMTIMER, SRC_PIT, SRC_COUNT };
static const char *const src_name[SRC_COUNT] = { "cpuid", "hpet", "pmtimer", "pit" };
static const char *const src_text[SRC_COUNT] = { "CPUID", "the HPET", "the ACPI PM timer", "the PIT" };

#define CAL_MIN_NS 2000000UL          /* 2 ms: a read's error stays under 0.1% */
#define PM_TIMER_FS 279365115UL       /* femtoseconds per count at 3.579545 MHz */

/* A source and where a measurement against it started. The boot's is
 * cal; tsc_cal_again measures with one of its own. */
struct cal_clock {
    int src;                          /* SRC_*; -1 until chosen */
    uint64_t cpuid_mhz;
    uint16_t pm_port;
    uint32_t mask;                    /* the counter's width */
    uint64_t period_fs;               /* femtoseconds per count */
    uint32_t count0;
    uint64_t tsc0;
};
static struct cal_clock cal = { .src = -1 };  /* [const after timer_init] */

static const char *cal_try_cpuid(struct cal_clock *k)
{
    uint32_t max, den, num, crystal, d;
    cpuid(0, 0, &max, &num, &crystal, &d);
    if (max < 0x15)
        return "the CPU has no CPUID leaf 0x15";
    cpuid(0x15, 0, &den, &num, &crystal, &d);
    if (den == 0 || num == 0)
        return "CPUID leaf 0x15 gives no TSC ratio";
    uint64_t hz = (uint64_t)crystal * num / den;
    if (!crystal && max >= 0x16) {
        uint32_t base_mhz, b, c;
        cpuid(0x16, 0, &base_mhz, &b, &c, &d);
        hz = (uint64_t)(base_mhz & 0xffff) * 1000000;
    }
    if (hz < 1000000)
        return "CPUID leaf 0x15 gives the TSC's ratio but not its crystal's frequency";
    k->cpuid_mhz = hz / 1000000;
    return NULL;
}

static uint32_t cal_read(const struct cal_clock *k)
{
    return (k->src == SRC_HPET ? hpet_read() : inl(k->pm_port)) & k->mask;
}

/* cal_sample: the counter and the TSC at one instant. An SMI or (under
 * emulation) a stall between the two reads would skew the pair, so take
 * the tightest of a few tries, with the TSC halfway across it. */
static void cal_sample(const struct cal_clock *k, uint32_t *count, uint64_t *tsc)
{
    uint64_t best = ~0UL;
    for (int i = 0; i < 5; i++) {
        uint64_t t1 = rdtsc();
        uint32_t c = cal_read(k);
        uint64_t t2 = rdtsc();
        if (t2 - t1 < best) {
            best = t2 - t1;
            *count = c;
            *tsc = t1 + (t2 - t1) / 2;
        }
    }
}

/* The counter must move within 1000 reads (each count is under 300 ns,
 * each read takes about a microsecond): a block that floats or stands
 * still is no clock. */
static bool cal_counter_moves(const struct cal_clock *k)
{
    uint32_t first = cal_read(k);
    for (int i = 0; i < 1000; i++)
        if (cal_read(k) != first)
            return true;
    return false;
}

static const char *cal_try_pmtimer(struct cal_clock *k)
{
    bool bits32;
    if (!acpi_pm_timer(&k->pm_port, &bits32))
        return "the FADT names no PM timer";
    k->mask = bits32 ? 0xffffffffu : 0xffffffu;
    k->period_fs = PM_TIMER_FS;
    return cal_counter_moves(k) ? NULL : "the PM timer does not move";
}

static const char *cal_try_hpet(struct cal_clock *k)
{
    const char *why = hpet_init();
    if (why)
        return why;
    k->mask = 0xffffffffu;
    k->period_fs = hpet_period_fs();
    return NULL;
}

/* cal_try: make k a clock of source src; NULL, or why there is none. */
static const char *cal_try(struct cal_clock *k, int src)
{
    k->src = src;                     /* cal_read reads by it */
    switch (src) {
    case SRC_CPUID: return cal_try_cpuid(k);
    case SRC_HPET: return cal_try_hpet(k);
    case SRC_PMTIMER: return cal_try_pmtimer(k);
    default: return pit_present() ? NULL : "no PIT answers (its count does not move)";
    }
}

static int cal_lookup(const char *name)
{
    for (int s = 0; s < SRC_COUNT; s++)
        if (strcmp(name, src_name[s]) == 0)
            return s;
    return -1;
}

/* cal_choose: the source to use, trying clocksource='s first. */
static int cal_choose(void)
{
    const char *why[SRC_COUNT] = { 0 };
    const char *want = cmdline_get("clocksource");
    int first = want ? cal_lookup(want) : -1;
    if (want && first < 0)
        kprintf("timer: clocksource=%s is not one of cpuid, hpet, pmtimer, pit; ignored\n", want);
    if (first >= 0) {
        if ((why[first] = cal_try(&cal, first)) == NULL)
            return first;
        kprintf("timer: clocksource=%s unavailable: %s; trying the others\n", want, why[first]);
    }
    for (int s = 0; s < SRC_COUNT; s++)
        if (s != first && (why[s] = cal_try(&cal, s)) == NULL)
            return s;
    panic("timer: nothing to measure the TSC against: %s; %s; %s; %s", why[0], why[1], why[2],
          why[3]);
}

void timer_calibrate_choose(void)
{
    cal.src = cal_choose();          /* and cal describes it: it was tried last */
    if (cal.src == SRC_HPET || cal.src == SRC_PMTIMER)
        cal_sample(&cal, &cal.count0, &cal.tsc0);
}

/* Over 2^32 TSC cycles (4.3 s at 1 GHz) a 24-bit PM timer may have
 * wrapped (it does every 4.69 s): then measure afresh. */
static uint64_t cal_counter_end(struct cal_clock *k, uint64_t min_ns)
{
    for (;;) {
        uint32_t count;
        uint64_t tsc;
        cal_sample(k, &count, &tsc);
        if (tsc - k->tsc0 > 0xffffffffUL) {
            cal_sample(k, &k->count0, &k->tsc0);
            continue;
        }
        /* counts < 2^32, period_fs < 2^29 (the PM timer's): the product fits. */
        uint64_t ns = ((count - k->count0) & k->mask) * k->period_fs / 1000000;
        if (ns >= min_ns) {
            uint64_t per_us = (tsc - k->tsc0) * 1000 / ns;
            return per_us ? per_us : 1;
        }
        cpu_relax();
    }
}

uint64_t tsc_cal_end(void)
{
    assert(cal.src >= 0);
    switch (cal.src) {
    case SRC_CPUID: return cal.cpuid_mhz;
    case SRC_PIT: return pit_calibrate();
    default: return cal_counter_end(&cal, CAL_MIN_NS);
    }
}

uint64_t tsc_cal_again(const char *name, uint64_t ns)
{
    struct cal_clock k = { .src = -1 };
    int src = cal_lookup(name);
    if (src < 0 || src == SRC_PIT || cal_try(&k, src))
        return 0;
    if (src == SRC_CPUID)
        return k.cpuid_mhz;
    cal_sample(&k, &k.count0, &k.tsc0);
    return cal_counter_end(&k, ns);
}

const char *tsc_cal_source(void) { return cal.src >= 0 ? src_text[cal.src] : "nothing yet"; }
