/* tlb.c -- TLB shootdown (see tlb.h).
 *
 * A request is one range in `req`, posted under tlb_lock, and a mask of
 * the CPUs that have not yet flushed it. Each target gets an NMI; its NMI
 * hook flushes the range and clears its bit; the sender waits for the
 * mask to empty. NMIs and not a fixed-vector IPI: the sender may hold
 * spinlocks (kstack_free runs under p->lock and wait_lock when a process
 * is reaped), and a target could be spinning on one of them with
 * interrupts off, never taking an ordinary interrupt. An NMI it takes
 * anyway, and the hook takes no lock. Senders queue on tlb_lock; one that
 * spins there still takes the current sender's NMI, so two flushing at
 * once cannot wait for each other.
 */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/tlb.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"

static struct spinlock tlb_lock = SPINLOCK_INIT("tlb");
static struct {
    uintptr_t va;                /* [tlb_lock] */
    int npages;                  /* [tlb_lock] */
    uint64_t waiting;            /* [atomic] CPUs yet to flush */
} req;

static void tlb_flush_local(uintptr_t va, int npages)
{
    for (int i = 0; i < npages; i++)
        invlpg(va + (uintptr_t)i * PAGE_SIZE);
}

/* The NMI hook: flush if this CPU is asked to. The request's fields were
 * written before its bit was set (release), and stay until every bit is
 * clear. */
static bool tlb_nmi(const struct trapframe *tf)
{
    (void)tf;
    uint64_t me = 1UL << mycpu()->id;
    if (!(__atomic_load_n(&req.waiting, __ATOMIC_ACQUIRE) & me))
        return false;
    tlb_flush_local(req.va, req.npages);
    __atomic_and_fetch(&req.waiting, ~me, __ATOMIC_RELEASE);
    return true;
}

void tlb_init(void)
{
    trap_add_nmi_hook(tlb_nmi);
}

void tlb_flush_kernel(uintptr_t va, int npages)
{
    tlb_flush_local(va, npages);
    int n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE);
    if (n == 1)
        return;
    spin_lock(&tlb_lock);
    int self = mycpu()->id;
    uint64_t others = ((n >= 64 ? ~0UL : (1UL << n) - 1)) & ~(1UL << self);
    req.va = va;
    req.npages = npages;
    __atomic_store_n(&req.waiting, others, __ATOMIC_RELEASE);
    for (int i = 0; i < n; i++)
        if (i != self)
            irq_send_nmi(i);
    while (__atomic_load_n(&req.waiting, __ATOMIC_ACQUIRE))
        cpu_relax();
    spin_unlock(&tlb_lock);
}
