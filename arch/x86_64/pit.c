/* pit.c -- the 8254 PIT (Intel 82C54 data sheet): channel 2 as a ruler
 * for the TSC, channel 0 as the tick when there is no local APIC. Many
 * current PCs have no PIT (clock-gated or absent), so nothing here may
 * wait for it without a bound: pit_present asks first. */
#include "kernel/kernel.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/x86.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61                 /* bit 0: channel 2's gate, bit 5: its OUT */

/* Channel 2 counts down in mode 0 (one shot; OUT goes high at zero, and
 * the count goes on past it). timer_calibrate_begin starts it early in
 * boot with the longest count, 65535 ticks (54.9 ms), and pit_calibrate
 * reads it back: the boot in between is the interval, so calibrating
 * costs no waiting unless the boot took less than CAL_MIN_TICKS (or more
 * than 54.9 ms: then a fresh CAL_MIN_TICKS). Written on the boot CPU
 * only, before the others start. */
#define CAL_MIN_TICKS (PIT_HZ / 500)      /* 2 ms: reading error < 0.1% */
static uint16_t cal_count0;
static uint64_t cal_tsc0;

static uint16_t pit_ch2_count(void)
{
    outb(PIT_CMD, 0x80);                                /* latch channel 2 */
    uint8_t lo = inb(PIT_CH2);
    return lo | (uint16_t)inb(PIT_CH2) << 8;
}

/* pit_sample: channel 2's count and the TSC at one instant. A stall
 * between the two reads (an SMI; under emulation, a busy host: a run of
 * the suite on a loaded machine once measured 1234 MHz for 2793) would
 * skew the pair, so take the tightest of five tries, with the TSC
 * halfway across it. */
static void pit_sample(uint16_t *count, uint64_t *tsc)
{
    uint64_t best = ~0UL;
    for (int i = 0; i < 5; i++) {
        uint64_t t1 = rdtsc();
        uint16_t c = pit_ch2_count();
        uint64_t t2 = rdtsc();
        if (t2 - t1 < best) {
            best = t2 - t1;
            *count = c;
            *tsc = t1 + (t2 - t1) / 2;
        }
    }
}

static void pit_ch2_start(void)
{
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(PIT_CMD, 0xb0);                                /* ch2, lo/hi, mode 0 */
    outb(PIT_CH2, 0xff);
    outb(PIT_CH2, 0xff);
    pit_sample(&cal_count0, &cal_tsc0);
}

void timer_calibrate_begin(void)
{
    pit_ch2_start();
}

/* A PIT counts every 0.84 us, and channel 2 has counted since
 * timer_calibrate_begin; with no PIT the reads float (all ones). So: a
 * count that does not change over PROBE_READS reads and PROBE_CYCLES of
 * the TSC means there is none. Each read is three I/O cycles (about
 * 3 us on a real chipset), and 2^24 cycles is 3 ms even at 5 GHz, so a
 * PIT gets thousands of chances to move. Asked once, then remembered. */
#define PROBE_READS 1000
#define PROBE_CYCLES (1UL << 24)

bool pit_present(void)
{
    static int known = -1;               /* written once, on the boot CPU */
    if (known >= 0)
        return known;
    uint16_t first = pit_ch2_count();
    uint64_t t0 = rdtsc();
    for (int reads = 0;; reads++) {
        if (pit_ch2_count() != first)
            return known = 1;
        if (reads >= PROBE_READS && rdtsc() - t0 >= PROBE_CYCLES)
            return known = 0;
    }
}

uint64_t pit_calibrate(void)
{
    for (;;) {
        uint16_t count;
        uint64_t tsc;
        pit_sample(&count, &tsc);
        if (inb(PIT_GATE) & 0x20) {
            /* Past zero: the boot took longer than 54.9 ms and the count
             * wrapped, so the interval is unknown. Start again and wait
             * the minimum. */
            pit_ch2_start();
            continue;
        }
        uint32_t elapsed = (uint32_t)(cal_count0 - count);
        if (count > cal_count0 || elapsed < CAL_MIN_TICKS)
            continue;
        /* cycles / (elapsed / PIT_HZ s) / 10^6; fits: < 2^28 * 2^21. */
        uint64_t per_us = (tsc - cal_tsc0) * PIT_HZ / ((uint64_t)elapsed * 1000000);
        return per_us ? per_us : 1;
    }
}

void pit_tick_start(uint32_t hz)
{
    uint16_t div = (uint16_t)(PIT_HZ / hz);
    outb(PIT_CMD, 0x34);              /* ch0, lo/hi, mode 2 (rate) */
    outb(PIT_CH0, div & 0xff);
    outb(PIT_CH0, div >> 8);
}
