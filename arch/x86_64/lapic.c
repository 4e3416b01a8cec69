/* lapic.c -- the local APIC (Intel SDM vol. 3, chapter 11).
 *
 * In xAPIC mode the registers are 32-bit words in a 4 KiB MMIO page
 * (reached through the direct map; the firmware's MTRRs make that range
 * uncached), in x2APIC mode MSRs 0x800 + offset/16, where the interrupt
 * command register is one 64-bit MSR and the APIC ID is 32 bits wide.
 * Every CPU runs its APIC in the mode the boot CPU chose. */
#include "kernel/kernel.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/madt.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/x86.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_X2APIC (1UL << 10)
#define MSR_X2APIC_FIRST 0x800

/* Register offsets (xAPIC). */
#define LAPIC_ID       0x020
#define LAPIC_TPR      0x080
#define LAPIC_EOI      0x0b0
#define LAPIC_SVR      0x0f0
#define LAPIC_ESR      0x280
#define LAPIC_ICR_LO   0x300
#define LAPIC_ICR_HI   0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define LVT_NMI (4u << 8)                /* delivery mode NMI */
#define LVT_ACTIVE_LOW (1u << 13)
#define TIMER_DIV_16 0x3

/* Interrupt command register fields. */
#define ICR_FIXED   (0u << 8)
#define ICR_NMI     (4u << 8)
#define ICR_INIT    (5u << 8)
#define ICR_STARTUP (6u << 8)
#define ICR_PENDING (1u << 12)          /* xAPIC only: not yet accepted */
#define ICR_ASSERT  (1u << 14)

static volatile uint32_t *mmio;
static bool x2apic;
static bool ready;
static uint64_t timer_per_us_q16;      /* timer counts a microsecond, times 2^16 */

static uint32_t lapic_read(uint32_t reg)
{
    if (x2apic)
        return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return mmio[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t val)
{
    if (x2apic)
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
    else
        mmio[reg / 4] = val;
}

static bool cpu_offers_x2apic(void)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    return (c >> 21) & 1;
}

/* Enable this CPU's APIC in the chosen mode: software-enabled with the
 * spurious vector, every priority accepted, LINT0 (the PIC's pin, which
 * the I/O APIC replaces) masked, the NMI pin the MADT names delivering
 * NMIs (a watchdog's, or QEMU's monitor `nmi`), errors cleared. */
static void lapic_setup(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;
    wrmsr(MSR_APIC_BASE, base);
    if (x2apic)
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
    lapic_write(LAPIC_SVR, SVR_ENABLE | T_SPURIOUS);
    lapic_write(LAPIC_TPR, 0);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    uint32_t nmi = LVT_NMI | (madt.nmi_active_low ? LVT_ACTIVE_LOW : 0);
    lapic_write(LAPIC_LVT_LINT0, madt.nmi_lint == 0 ? nmi : LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT1, madt.nmi_lint == 1 ? nmi : LVT_MASKED);
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
    lapic_write(LAPIC_ESR, 0);
    lapic_write(LAPIC_ESR, 0);
    lapic_write(LAPIC_EOI, 0);
}

void lapic_init_bsp(paddr_t mmio_pa)
{
    x2apic = cpu_offers_x2apic();
    mmio = pa_to_kva(mmio_pa);
    lapic_setup();
    ready = true;
}

void lapic_init_ap(void)
{
    assert(ready);
    lapic_setup();
}

bool lapic_ready(void) { return ready; }
bool lapic_x2apic(void) { return x2apic; }

uint32_t lapic_id(void)
{
    uint32_t id = lapic_read(LAPIC_ID);
    return x2apic ? id : id >> 24;
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

/* lapic_icr: send one message. In xAPIC mode the high word (destination)
 * goes first, since the low word's write sends; and the previous message
 * must have been accepted. Interrupts are off around it so an interrupt
 * handler's IPI cannot land between the two writes. */
static void lapic_icr(uint32_t apic_id, uint32_t low)
{
    uint64_t flags = read_rflags();
    cli();
    if (x2apic) {
        wrmsr(MSR_X2APIC_FIRST + (LAPIC_ICR_LO >> 4), (uint64_t)apic_id << 32 | low);
    } else {
        while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
            cpu_relax();
        lapic_write(LAPIC_ICR_HI, apic_id << 24);
        lapic_write(LAPIC_ICR_LO, low);
        while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
            cpu_relax();
    }
    if (flags & RFLAGS_IF)
        sti();
}

void lapic_send(uint32_t apic_id, uint8_t vector) { lapic_icr(apic_id, ICR_FIXED | ICR_ASSERT | vector); }
void lapic_send_nmi(uint32_t apic_id) { lapic_icr(apic_id, ICR_NMI | ICR_ASSERT); }
void lapic_send_init(uint32_t apic_id) { lapic_icr(apic_id, ICR_INIT | ICR_ASSERT); }
void lapic_send_startup(uint32_t apic_id, uint8_t page) { lapic_icr(apic_id, ICR_STARTUP | ICR_ASSERT | page); }

/* The timer counts down at the bus (or core crystal) rate divided by 16;
 * its rate is measured against the TSC over the boot itself, as the TSC's
 * is against its own source (tsc_cal.c): lapic_timer_calibrate_begin starts it counting at
 * the top of kmain, lapic_timer_calibrate reads it once the TSC's rate is
 * known, so nothing waits unless the boot in between took less than
 * CAL_MIN_US (a 10 ms wait here was most of boot_to_user). At 25 MHz / 16,
 * the slowest rate in use, 2 ms is 3125 counts: a tick's length is then
 * right to 0.05%. All CPUs' timers share that rate. */
#define CAL_MIN_US 2000
static uint64_t cal_tsc0;                /* 0: the early start did not happen */

static bool cpu_has_apic(void)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    return (d >> 9) & 1;
}

static void lapic_timer_count_from_top(void)
{
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
    lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
    cal_tsc0 = rdtsc();
}

/* Enable the APIC just enough for its timer to count, masked, in the mode
 * lapic_init_bsp will choose. The boot page table maps the low 4 GiB at
 * the direct map too, so the MMIO page is reachable this early. */
void lapic_timer_calibrate_begin(void)
{
    if (!cpu_has_apic())
        return;
    x2apic = cpu_offers_x2apic();
    uint64_t base = rdmsr(MSR_APIC_BASE);
    mmio = pa_to_kva(base & ~0xfffUL);
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    if (x2apic)
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
    lapic_write(LAPIC_SVR, SVR_ENABLE | T_SPURIOUS);
    lapic_timer_count_from_top();
}

void lapic_timer_calibrate(void)
{
    if (!cal_tsc0)
        lapic_timer_count_from_top();
    uint64_t per_us = timer_tsc_per_us();
    uint64_t elapsed_us = (rdtsc() - cal_tsc0) / per_us;
    if (elapsed_us < CAL_MIN_US)
        timer_delay_us(CAL_MIN_US - elapsed_us);
    uint32_t left = lapic_read(LAPIC_TIMER_CUR);
    elapsed_us = (rdtsc() - cal_tsc0) / per_us;
    lapic_write(LAPIC_TIMER_INIT, 0);
    if (left == 0) {                     /* ran out (a very slow boot): measure afresh */
        lapic_timer_count_from_top();
        timer_delay_us(CAL_MIN_US);
        left = lapic_read(LAPIC_TIMER_CUR);
        elapsed_us = (rdtsc() - cal_tsc0) / per_us;
        lapic_write(LAPIC_TIMER_INIT, 0);
    }
    timer_per_us_q16 = ((uint64_t)(0xffffffffu - left) << 16) / (elapsed_us ? elapsed_us : 1);
    if (!timer_per_us_q16)
        timer_per_us_q16 = 1;
}

uint64_t lapic_timer_khz(void)
{
    return (timer_per_us_q16 * 1000) >> 16;
}

void lapic_timer_start(uint32_t hz, uint8_t vector)
{
    uint64_t count = (timer_per_us_q16 * (1000000 / hz)) >> 16;
    lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | vector);
    lapic_write(LAPIC_TIMER_INIT, count ? (uint32_t)MIN(count, 0xffffffffUL) : 1);
}
