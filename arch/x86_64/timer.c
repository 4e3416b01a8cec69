/* timer.c -- the periodic tick at TIMER_HZ, and time. Each CPU's local
 * APIC timer ticks it where there is an APIC (irq.h), else the 8254 PIT's
 * channel 0 on IRQ 0 (pit.c). The boot CPU keeps time: its ticks advance
 * timer_ticks() and run the tick hooks; every CPU's ticks run the per-CPU
 * hooks. The TSC's rate is measured once at boot (tsc_cal.c: CPUID, the
 * HPET, the ACPI PM timer or the PIT), so benchmarks and timer_ns() can
 * turn cycles into nanoseconds, and the APIC timer's rate is measured
 * against the TSC. */
#include "kernel/kernel.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/tsc_cal.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

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

/* One line says where time comes from: what the TSC was measured
 * against, and what ticks. */
void timer_init(void)
{
    tsc_boot = rdtsc();
    tsc_per_us = tsc_cal_end();
    if (irq_apic()) {
        lapic_timer_calibrate();
        irq_set_handler(IRQ_TIMER, timer_irq);
        timer_init_cpu();
        kprintf("timer: TSC %lu MHz from %s; tick %d Hz from the local APIC timer (%lu kHz)\n",
                tsc_per_us, tsc_cal_source(), TIMER_HZ, lapic_timer_khz());
        return;
    }
    if (!pit_present())               /* irq_init keeps the APIC when there is no PIT */
        panic("timer: no local APIC and no PIT: nothing can make the tick");
    pit_tick_start(TIMER_HZ);
    irq_register(IRQ_TIMER, timer_irq);
    kprintf("timer: TSC %lu MHz from %s; tick %d Hz from the PIT\n", tsc_per_us, tsc_cal_source(),
            TIMER_HZ);
}

void timer_init_cpu(void)
{
    if (irq_apic())
        lapic_timer_start(TIMER_HZ, IRQ_BASE + IRQ_TIMER);
}


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
