/* pit.c -- the periodic timer: 8254 PIT channel 0, mode 2, at TIMER_HZ.
 * Also calibrates the TSC against the PIT once at boot, so benchmarks and
 * timer_ns() can turn cycles into nanoseconds. */
#include "kernel/kernel.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trap.h"
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

/* Functions run on every tick, in interrupt context, in the order added.
 * Added at boot; a tick may run while one is being added, so the entry is
 * written before the count that makes it visible. */
#define TICK_HOOKS_MAX 4
static timer_tick_fn tick_hooks[TICK_HOOKS_MAX];
static int ntick_hooks;

static void timer_irq(struct trapframe *tf)
{
    __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
    mycpu()->ticks++;
    int n = __atomic_load_n(&ntick_hooks, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        tick_hooks[i](tf);
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
    uint16_t div = PIT_HZ / TIMER_HZ;
    outb(PIT_CMD, 0x34);              /* ch0, lo/hi, mode 2 (rate) */
    outb(PIT_CH0, div & 0xff);
    outb(PIT_CH0, div >> 8);
    irq_register(IRQ_TIMER, timer_irq);
}

uint64_t timer_ticks(void) { return ticks; }
uint64_t timer_tsc_per_us(void) { return tsc_per_us; }
uint64_t timer_ns(void) { return (rdtsc() - tsc_boot) * 1000 / tsc_per_us; }
void timer_add_tick_hook(timer_tick_fn fn)
{
    assert(ntick_hooks < TICK_HOOKS_MAX);
    tick_hooks[ntick_hooks] = fn;
    __atomic_store_n(&ntick_hooks, ntick_hooks + 1, __ATOMIC_RELEASE);
}
