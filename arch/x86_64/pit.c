/* pit.c -- the periodic tick at TIMER_HZ, and time. Each CPU's local APIC
 * timer ticks it where there is an APIC (irq.h), else the 8254 PIT's
 * channel 0 (mode 2) on IRQ 0. The boot CPU keeps time: its ticks advance
 * timer_ticks() and run the tick hooks; every CPU's ticks run the per-CPU
 * hooks. The TSC is calibrated against the PIT once at boot, so
 * benchmarks and timer_ns() can turn cycles into nanoseconds. */
#include "kernel/kernel.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61

static volatile uint64_t ticks;
static uint64_t tsc_per_us = 1000;
static uint64_t tsc_boot;

/* Functions run on every tick, in interrupt context, in the order added:
 * the timekeeper's (once a tick for the machine) and every CPU's own.
 * Added at boot; a tick may run while one is being added, so the entry is
 * written before the count that makes it visible. */
#define TICK_HOOKS_MAX 4
struct tick_hooks {
    timer_tick_fn fn[TICK_HOOKS_MAX];
    int n;
};
static struct tick_hooks machine_hooks, cpu_hooks;

static void tick_hooks_run(struct tick_hooks *h, const struct trapframe *tf)
{
    int n = __atomic_load_n(&h->n, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        h->fn[i](tf);
}

static void tick_hooks_add(struct tick_hooks *h, timer_tick_fn fn)
{
    assert(h->n < TICK_HOOKS_MAX);
    h->fn[h->n] = fn;
    __atomic_store_n(&h->n, h->n + 1, __ATOMIC_RELEASE);
}

static void timer_irq(struct trapframe *tf)
{
    struct cpu *c = mycpu();
    c->ticks++;
    if (c->id == 0) {
        __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
        tick_hooks_run(&machine_hooks, tf);
    }
    tick_hooks_run(&cpu_hooks, tf);
}

/* TSC calibration against PIT channel 2, counting down in mode 0 (one
 * shot; its OUT bit in port 0x61 goes high at zero). Started early in
 * boot with the longest count, 65535 ticks (54.9 ms), and read back in
 * timer_init: the boot in between is the interval, so calibrating costs
 * no waiting unless the boot took less than CAL_MIN_TICKS (or more than
 * 54.9 ms: then a fresh CAL_MIN_TICKS). */
#define CAL_MIN_TICKS (PIT_HZ / 500)      /* 2 ms: reading error < 0.1% */
static uint64_t cal_tsc_start;

static void pit_ch2_start(uint16_t count)
{
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(PIT_CMD, 0xb0);                                /* ch2, lo/hi, mode 0 */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    cal_tsc_start = rdtsc();
}

static uint16_t pit_ch2_count(void)
{
    outb(PIT_CMD, 0x80);                                /* latch channel 2 */
    uint8_t lo = inb(PIT_CH2);
    return lo | (uint16_t)inb(PIT_CH2) << 8;
}

void timer_calibrate_begin(void)
{
    pit_ch2_start(0xffff);
}

static void timer_calibrate_end(void)
{
    for (;;) {
        uint64_t tsc = rdtsc();
        uint32_t elapsed = 0xffff - pit_ch2_count();
        if (inb(PIT_GATE) & 0x20) {
            /* Past zero: the boot took longer than 54.9 ms and the count
             * wrapped, so the interval is unknown. Start again and wait
             * the minimum. */
            pit_ch2_start(0xffff);
            continue;
        }
        if (elapsed < CAL_MIN_TICKS)
            continue;
        /* cycles / (elapsed / PIT_HZ s) / 10^6; fits: < 2^28 * 2^21. */
        uint64_t per_us = (tsc - cal_tsc_start) * PIT_HZ / ((uint64_t)elapsed * 1000000);
        tsc_per_us = per_us ? per_us : 1;
        return;
    }
}

void timer_init(void)
{
    tsc_boot = rdtsc();
    timer_calibrate_end();
    if (irq_apic()) {
        lapic_timer_calibrate();
        irq_set_handler(IRQ_TIMER, timer_irq);
        timer_init_cpu();
        return;
    }
    uint16_t div = PIT_HZ / TIMER_HZ;
    outb(PIT_CMD, 0x34);              /* ch0, lo/hi, mode 2 (rate) */
    outb(PIT_CH0, div & 0xff);
    outb(PIT_CH0, div >> 8);
    irq_register(IRQ_TIMER, timer_irq);
}

void timer_init_cpu(void)
{
    if (irq_apic())
        lapic_timer_start(TIMER_HZ, IRQ_BASE + IRQ_TIMER);
}

const char *timer_source(void) { return irq_apic() ? "local APIC" : "PIT"; }

void timer_delay_us(uint64_t us)
{
    uint64_t end = rdtsc() + us * tsc_per_us;
    while ((int64_t)(rdtsc() - end) < 0)
        cpu_relax();
}

uint64_t timer_ticks(void) { return ticks; }
uint64_t timer_tsc_per_us(void) { return tsc_per_us; }
uint64_t timer_ns(void) { return (rdtsc() - tsc_boot) * 1000 / tsc_per_us; }
void timer_add_tick_hook(timer_tick_fn fn) { tick_hooks_add(&machine_hooks, fn); }
void timer_add_cpu_tick_hook(timer_tick_fn fn) { tick_hooks_add(&cpu_hooks, fn); }
