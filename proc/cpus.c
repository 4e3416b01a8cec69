/* cpus.c -- bring every CPU the MADT lists into the scheduler, as many as
 * the command line allows (`nosmp`: only the boot CPU; `maxcpus=N`: at
 * most N, as on Linux). Each gets a kernel stack for its scheduler and
 * three IST stacks from the page allocator, made before the first process
 * so the free-page baselines count them as the kernel's. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "arch/x86_64/madt.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"

uint64_t proc_cpus_possible(void)
{
    return ncpus >= 64 ? ~0UL : (1UL << ncpus) - 1;
}

/* Every CPU started runs processes; none goes offline. */
uint64_t proc_cpus_online(void)
{
    return proc_cpus_possible();
}

/* cpus_run_on: run fn on CPU cpu, in its scheduler (no process, no lock,
 * interrupts on), and return when it has. The boot CPU's in-kernel tests
 * use it to run each test on every CPU. The caller waits with interrupts
 * on, so it can itself be paused or flushed meanwhile. */
void cpus_run_on(int cpu, void (*fn)(void))
{
    assert(cpu >= 0 && cpu < ncpus);
    if (cpu == mycpu()->id) {
        fn();
        return;
    }
    assert(irqs_enabled());
    __atomic_store_n(&cpus[cpu].call, fn, __ATOMIC_RELEASE);
    irq_send_ipi(cpu, T_IPI_RESCHED);
    while (__atomic_load_n(&cpus[cpu].call, __ATOMIC_ACQUIRE))
        cpu_relax();
}

/* cpus_take_call: the scheduler's side, at the top of its loop. */
void cpus_take_call(struct cpu *c)
{
    void (*fn)(void) = __atomic_load_n(&c->call, __ATOMIC_ACQUIRE);
    if (!fn)
        return;
    fn();
    __atomic_store_n(&c->call, NULL, __ATOMIC_RELEASE);
}

#ifdef WEENSY_KTESTS
static int cpus_count(void) { return ncpus; }
#endif

static int cpus_wanted(void)
{
    if (cmdline_has("nosmp") || !irq_apic())
        return 1;
    long max = cmdline_get_long("maxcpus", MAX_CPUS);
    if (max < 1)
        max = 1;
    return (int)MIN(max, (long)madt.ncpus);
}

static bool cpus_start_one(struct cpu *c)
{
    uintptr_t stack = kstack_alloc();
    uintptr_t ist[IST_COUNT];
    for (int i = 0; i < IST_COUNT; i++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!pg || !stack)
            panic("cpus: out of memory starting CPU %d", c->id);
        ist[i] = (uintptr_t)page_kva(pg) + PAGE_SIZE;
    }
    return smp_start_cpu(c, stack, ist, scheduler);
}

/* cpus_start: start the others, then say how many run. A CPU that does
 * not answer ends the starting: it may yet run the trampoline, which the
 * next one would share. */
void cpus_start(void)
{
    int want = cpus_wanted();
    for (int i = 0; i < madt.ncpus && ncpus < want; i++) {
        if (madt.apic_ids[i] == cpus[0].apic_id)
            continue;
        struct cpu *c = &cpus[ncpus];
        c->id = ncpus;
        c->apic_id = madt.apic_ids[i];
        if (!cpus_start_one(c)) {
            kprintf("smp: CPU with APIC ID %u did not start\n", c->apic_id);
            break;
        }
        __atomic_store_n(&ncpus, ncpus + 1, __ATOMIC_RELEASE);
    }
    kprintf("smp: %d CPU%s online\n", ncpus, ncpus == 1 ? "" : "s");
#ifdef WEENSY_KTESTS
    ktest_set_cpus(cpus_count, cpus_run_on);   /* each in-kernel test on every CPU */
#endif
}
