/* pause.c -- stop the other CPUs in an IPI handler (see pause.h).
 *
 * One CPU pauses the others at a time: pause_lock. A second would-be
 * pauser waits for it with interrupts on (spin_trylock in a loop), so it
 * takes the first one's IPI meanwhile instead of deadlocking. The pauser
 * holds pause_lock, interrupts off, until cpus_resume. */
#include "kernel/kernel.h"
#include "kernel/pause.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"

static struct spinlock pause_lock = SPINLOCK_INIT("pause");
static int paused;               /* [atomic] CPUs waiting in the handler */
static bool hold;                /* [atomic] set while they must wait */

static void pause_ipi(struct trapframe *tf)
{
    (void)tf;
    __atomic_add_fetch(&paused, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&hold, __ATOMIC_ACQUIRE))
        cpu_relax();
    __atomic_sub_fetch(&paused, 1, __ATOMIC_ACQ_REL);
}

void cpus_pause_init(void)
{
    irq_set_local(T_IPI_PAUSE, pause_ipi);
}

/* Send the IPI and wait for every other CPU; pause_lock held. */
static void pause_others(int n)
{
    __atomic_store_n(&hold, true, __ATOMIC_RELEASE);
    int self = mycpu()->id;
    for (int i = 0; i < n; i++)
        if (i != self)
            irq_send_ipi(i, T_IPI_PAUSE);
    while (__atomic_load_n(&paused, __ATOMIC_ACQUIRE) != n - 1)
        cpu_relax();
}

/* With one CPU online (at boot, before the others start, and with nosmp)
 * there is nobody to pause, and the calls do nothing: the boot-time check
 * runs with interrupts still off. ncpus changes only while the boot CPU
 * starts the others, before anything pauses. */
void cpus_pause(void)
{
    int n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE);
    if (n == 1)
        return;
    if (mycpu()->ncli != 0 || !irqs_enabled())
        panic("cpus_pause: called holding a spinlock or with interrupts off");
    while (!spin_trylock(&pause_lock))
        cpu_relax();                 /* interrupts on between the tries */
    pause_others(n);
}

bool cpus_try_pause(void)
{
    int n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE);
    if (n == 1)
        return true;
    if (mycpu()->ncli != 0)
        panic("cpus_try_pause: called holding a spinlock");
    if (!spin_trylock(&pause_lock))
        return false;
    pause_others(n);
    return true;
}

bool cpus_paused(void)
{
    return __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE) == 1 || spin_holding(&pause_lock);
}

void cpus_resume(void)
{
    if (__atomic_load_n(&ncpus, __ATOMIC_ACQUIRE) == 1)
        return;
    assert(spin_holding(&pause_lock));
    __atomic_store_n(&hold, false, __ATOMIC_RELEASE);
    /* The next pause must not count a CPU still leaving this one. */
    while (__atomic_load_n(&paused, __ATOMIC_ACQUIRE) != 0)
        cpu_relax();
    spin_unlock(&pause_lock);
}
