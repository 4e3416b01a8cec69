/* tlb.c -- TLB shootdown (see tlb.h).
 *
 * A request (a kernel range, or a list of user pages, or all of a user
 * table) is posted in `req` under tlb_lock, with a mask of
 * the CPUs that have not yet flushed it. Each target gets an NMI; its NMI
 * hook flushes the range and clears its bit; the sender waits for the
 * mask to empty. NMIs and not a fixed-vector IPI: the sender may hold
 * spinlocks (a kernel stack is released by the page allocator when
 * memory runs out, under whatever lock its caller holds), and a target could be spinning on one of them with
 * interrupts off, never taking an ordinary interrupt (or, for a user
 * flush, on the vm->lock the sender holds). An NMI it takes anyway, and
 * the hook takes no lock. Senders queue on tlb_lock; one that
 * spins there still takes the current sender's NMI, so two flushing at
 * once cannot wait for each other.
 */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/tlb.h"
#include "mm/vmspace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"

static struct spinlock tlb_lock = SPINLOCK_INIT("tlb");
static struct {
    uintptr_t va;                /* [tlb_lock] a kernel range ... */
    int npages;                  /* [tlb_lock] ... or 0: the user list */
    uintptr_t user[PT_FLUSH_MAX]; /* [tlb_lock] user pages */
    int nuser;                   /* [tlb_lock] > PT_FLUSH_MAX: all of them */
    uint64_t waiting;            /* [atomic] CPUs yet to flush */
} req;


static void tlb_flush_local(uintptr_t va, int npages)
{
    for (int i = 0; i < npages; i++)
        invlpg(va + (uintptr_t)i * PAGE_SIZE);
}

/* User pages: one INVLPG each, or, for many, a CR3 reload (which keeps the
 * kernel's global entries). */
static void tlb_flush_local_user(const uintptr_t *va, int n)
{
    if (n > PT_FLUSH_MAX)
        write_cr3(read_cr3());
    else
        for (int i = 0; i < n; i++)
            invlpg(va[i]);
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
    if (req.npages)
        tlb_flush_local(req.va, req.npages);
    else
        tlb_flush_local_user(req.user, req.nuser);
    __atomic_and_fetch(&req.waiting, ~me, __ATOMIC_RELEASE);
    return true;
}

void tlb_init(void)
{
    trap_add_nmi_hook(tlb_nmi);
}

/* Post the request filled in by fill(arg) to the CPUs in `to` and wait.
 * Caller holds tlb_lock. */
static void tlb_send(uint64_t to)
{
    assert(spin_holding(&tlb_lock));
    __atomic_store_n(&req.waiting, to, __ATOMIC_RELEASE);
    for (int i = 0; i < MAX_CPUS; i++)
        if (to & (1UL << i))
            irq_send_nmi(i);
    while (__atomic_load_n(&req.waiting, __ATOMIC_ACQUIRE))
        cpu_relax();
}

void tlb_flush_kernel(uintptr_t va, int npages)
{
    tlb_flush_local(va, npages);
    int n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE);
    if (n == 1)
        return;
    spin_lock(&tlb_lock);
    uint64_t others = ((n >= 64 ? ~0UL : (1UL << n) - 1)) & ~(1UL << mycpu()->id);
    req.va = va;
    req.npages = npages;
    tlb_send(others);
    spin_unlock(&tlb_lock);
}

void tlb_note_cr3(paddr_t pa)
{
    __atomic_store_n(&mycpu()->cr3, pa, __ATOMIC_SEQ_CST);
}

void tlb_flush_user(pagetable_t pml4, const uintptr_t *va, int n)
{
    paddr_t pa = kva_to_pa(pml4);
    if (__atomic_load_n(&ncpus, __ATOMIC_RELAXED) == 1) {
        if (PTE_ADDR(read_cr3()) == pa)      /* one CPU: the cheap path */
            tlb_flush_local_user(va, n);
        return;
    }
    push_off();                      /* stay on this CPU while choosing the others */
    if (PTE_ADDR(read_cr3()) == pa)
        tlb_flush_local_user(va, n);
    int cpus_n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE), self = mycpu()->id;
    uint64_t to = 0;
    if (cpus_n > 1) {
        /* The entries were changed before this fence; a CPU that loads
         * the table after its own published CR3 (tlb_note_cr3) walks the
         * new ones, and one that published earlier is seen here. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        for (int i = 0; i < cpus_n; i++)
            if (i != self && __atomic_load_n(&cpus[i].cr3, __ATOMIC_SEQ_CST) == pa)
                to |= 1UL << i;
    }
    if (to) {
        spin_lock(&tlb_lock);
        req.npages = 0;
        req.nuser = n;
        for (int i = 0; i < n && i < PT_FLUSH_MAX; i++)
            req.user[i] = va[i];
        tlb_send(to);
        spin_unlock(&tlb_lock);
    }
    pop_off();
}
