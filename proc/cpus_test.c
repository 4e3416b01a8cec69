/* cpus_test.c -- in-kernel tests of the CPUs' start-up and what they
 * share: each CPU knows itself, a freed kernel stack is forgotten by every
 * TLB, a pause holds every other CPU, a panic stops them all. They run
 * on every CPU in turn (ktest.c); with one CPU they check what one can.
 * Only the boot CPU, which runs the tests, may send work to another with
 * ktest_run_on: it is the one waiting for the others, and a test on
 * another CPU that waited for it would wait forever. */
#include "kernel/ktest.h"
#include "kernel/pause.h"
#include "proc/proc.h"
#include "mm/kstack.h"
#include "mm/tlb.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/timer.h"

static int seen_id[MAX_CPUS];

static void smp_note_self(void)
{
    struct cpu *c = mycpu();
    seen_id[c->id] = irq_apic() ? (int)lapic_id() : 0;
}

/* Each CPU runs with its own struct cpu (GS base), its own APIC ID, its
 * interrupts on and its tick running. */
KTEST(smp_cpus_know_themselves)
{
    KT_CHECK(ncpus >= 1 && ncpus <= MAX_CPUS);
    KT_CHECK(irqs_enabled());
    if (irq_apic())
        KT_CHECK_EQ(lapic_id(), mycpu()->apic_id);
    if (mycpu()->id != 0)
        return;
    for (int i = 0; i < ncpus; i++) {
        KT_CHECK(__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE));
        KT_CHECK_EQ(cpus[i].id, i);
        seen_id[i] = -1;
        ktest_run_on(i, smp_note_self);
        if (irq_apic())
            KT_CHECK_EQ(seen_id[i], cpus[i].apic_id);
        for (int j = 0; j < i; j++)
            KT_CHECK(cpus[j].apic_id != cpus[i].apic_id);
        uint64_t t0 = __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED);
        uint64_t end = timer_ticks() + 5;
        while (timer_ticks() < end)
            cpu_relax();
        KT_CHECK(__atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED) > t0);
    }
}

/* The shootdown: another CPU reads a kernel stack (so its TLB holds the
 * translation), the stack is released (not kept for reuse) and its address
 * taken again with new pages; that CPU must read the new pages. Without the flush it would
 * read the old, freed page through its stale entry. */
static volatile uint64_t *probe_addr;
static volatile uint64_t probe_val;

static void smp_read_probe(void)
{
    probe_val = *probe_addr;
}

KTEST(smp_freed_kernel_stack_forgotten_everywhere)
{
    if (mycpu()->id != 0)
        return;
    int other = ncpus > 1 ? (mycpu()->id + 1) % ncpus : mycpu()->id;
    for (int round = 0; round < 20; round++) {
        uintptr_t top = kstack_alloc();
        KT_CHECK(top);
        probe_addr = (volatile uint64_t *)(top - 64);
        *probe_addr = 0x1111000000000000UL | (uint64_t)round;
        ktest_run_on(other, smp_read_probe);
        KT_CHECK_EQ(probe_val, 0x1111000000000000UL | (uint64_t)round);
        kstack_free(top);
        while (kstack_reclaim())
            ;                            /* a freed stack is kept mapped: release it */
        uintptr_t again = kstack_alloc();
        KT_CHECK(again);
        if (again != top) {
            kstack_free(again);
            continue;                    /* another slot: nothing to show */
        }
        *probe_addr = 0x2222000000000000UL | (uint64_t)round;
        ktest_run_on(other, smp_read_probe);
        uint64_t got = probe_val;
        kstack_free(again);
        KT_CHECK_EQ(got, 0x2222000000000000UL | (uint64_t)round);
    }
}

/* A pause holds every other CPU in its handler until the resume: their
 * tick counts stand still meanwhile. */
KTEST(smp_pause_holds_the_others)
{
    uint64_t before[MAX_CPUS];
    cpus_pause();
    KT_CHECK(cpus_paused());
    for (int i = 0; i < ncpus; i++)
        before[i] = __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED);
    timer_delay_us(50000);               /* five ticks' time */
    bool still = true;
    for (int i = 0; i < ncpus; i++)
        if (i != mycpu()->id)
            still &= __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED) == before[i];
    cpus_resume();
    KT_CHECK(still);
}

/* Not a test: a deliberate panic on the last CPU, for the qemu test that
 * checks every other CPU is stopped and says where it was (tests/smp.cmake). */
static void smp_panic_here(void)
{
    panic("deliberate panic on CPU %d", mycpu()->id);
}

KTEST(smp_panic_demo)
{
    if (mycpu()->id == 0)
        ktest_run_on(ncpus - 1, smp_panic_here);
}
