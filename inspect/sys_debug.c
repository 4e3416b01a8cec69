/* sys_debug.c -- weensy's debugging calls: page_count (1002), mm_check
 * (1003), virt_to_phys (1004), page_refs (1005) and mem_dump (1006). They
 * show physical addresses and other processes' sharing, and the last two
 * run long with interrupts off, so they are for teaching and tests only:
 * they answer only where the command line enables them (debugcalls_on),
 * and -EPERM everywhere else.
 *
 * The long ones are also throttled: one may start only once the machine
 * has had as long since the previous one ended as that one took, so a
 * loop of them leaves the other processes at least half of the CPU. A
 * caller that comes early sleeps (and may be killed meanwhile: -EINTR).
 */
#include "kernel/kernel.h"
#include "kernel/pause.h"
#include "kernel/syscall.h"
#include "kernel/cmdline.h"
#include "kernel/spinlock.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/mm_check.h"
#include "inspect/memdump.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

/* debugcalls_on: "debugcalls" on the command line, or a boot made for
 * teaching or testing (demo=, harness, test=). */
static bool debugcalls_on(void)
{
    return cmdline_has("debugcalls") || cmdline_has("demo") || cmdline_has("harness") ||
           cmdline_has("test");
}

/* Times are the TSC clock's (timer_ns), not tick counts: ticks can come in
 * bursts (a virtual machine catching up on lost ones), which made "a tick
 * later" much less than 10 ms now and then. Ticks only wake a waiter to
 * look at the clock again. */
#define NS_PER_TICK (1000000000UL / TIMER_HZ)

struct throttle {
    uint64_t next_ns;            /* [throttle_lock] when the next may start */
    bool busy;                   /* [throttle_lock] one is running */
};

static struct spinlock throttle_lock = SPINLOCK_INIT("debug throttle");
static struct throttle check_throttle, dump_throttle;

static int throttle_enter(struct throttle *t)
{
    struct proc *p = myproc();
    spin_lock(&throttle_lock);
    while (t->busy || timer_ns() < t->next_ns) {
        if (p->killed) {
            spin_unlock(&throttle_lock);
            return -EINTR;
        }
        sleep_until(t, &throttle_lock, timer_ticks() + 1);
    }
    t->busy = true;
    spin_unlock(&throttle_lock);
    return 0;
}

/* The next may start as long after now as this one took (at least a
 * tick's 10 ms: the clock's grain). */
static void throttle_leave(struct throttle *t, uint64_t start_ns)
{
    uint64_t now = timer_ns(), took = now - start_ns;
    spin_lock(&throttle_lock);
    t->next_ns = now + (took > NS_PER_TICK ? took : NS_PER_TICK);
    t->busy = false;
    spin_unlock(&throttle_lock);
}

long sys_page_count(void)
{
    return debugcalls_on() ? (long)page_navailable() : -EPERM;
}

long sys_mm_check(void)
{
    if (!debugcalls_on())
        return -EPERM;
    int err = throttle_enter(&check_throttle);
    if (err)
        return err;
    uint64_t t0 = timer_ns();
    mm_check("mm_check system call");
    throttle_leave(&check_throttle, t0);
    return 0;
}

long sys_mem_dump(void)
{
    if (!debugcalls_on())
        return -EPERM;
    int err = throttle_enter(&dump_throttle);
    if (err)
        return err;
    uint64_t t0 = timer_ns();
    cpus_pause();
    memdump("syscall");
    cpus_resume();
    throttle_leave(&dump_throttle, t0);
    return 0;
}

/* The PTE behind va in the caller's space, or 0. */
static pte_t debug_lookup(uintptr_t va)
{
    if (va >= USER_TOP)
        return 0;
    struct vmspace *vm = myproc()->vm;
    spin_lock(&vm->lock);
    pte_t e = pt_lookup(vm->pml4, va);
    spin_unlock(&vm->lock);
    return (e & (PTE_P | PTE_U)) == (PTE_P | PTE_U) ? e : 0;
}

long sys_virt_to_phys(uintptr_t va)
{
    if (!debugcalls_on())
        return -EPERM;
    pte_t e = debug_lookup(va);
    return e ? (long)(PTE_ADDR(e) | (va & (PAGE_SIZE - 1))) : -EFAULT;
}

long sys_page_refs(uintptr_t va)
{
    if (!debugcalls_on())
        return -EPERM;
    pte_t e = debug_lookup(va);
    return e ? (long)page_refcount(pa_to_page(PTE_ADDR(e))) : -EFAULT;
}
