/* sys_mem.c -- weensy's own memory calls: WeensyOS's page_alloc, and the
 * windows tests use to look at the memory system (free pages, the
 * self-check, where a virtual page lives, how many hold a page). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/mm_check.h"
#include "arch/x86_64/machine.h"
#include "include/weensy/errno.h"

/* test_exit(pass): end the run now with a verdict (after the self-check),
 * for tests that cannot wait for init to exit. Only the test harness's
 * first process may: anywhere else a program cannot end the machine. */
long sys_test_exit(long pass)
{
    if (myproc() != initproc || !(cmdline_has("harness") || cmdline_has("test")))
        return -EPERM;
    mm_check("test_exit");
    kprintf("proc: pid %d (%s) ended the test run: %s\n", myproc()->pid, myproc()->name,
            pass ? "pass" : "fail");
    machine_exit(pass ? MACHINE_EXIT_PASS : MACHINE_EXIT_FAIL);
}

long sys_page_count(void)
{
    return (long)page_nfree();
}

long sys_mm_check(void)
{
    mm_check("mm_check system call");
    return 0;
}

/* The PTE behind va in the caller's space, or 0. */
static pte_t sys_mem_lookup(uintptr_t va)
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
    pte_t e = sys_mem_lookup(va);
    return e ? (long)(PTE_ADDR(e) | (va & (PAGE_SIZE - 1))) : -EFAULT;
}

long sys_page_refs(uintptr_t va)
{
    pte_t e = sys_mem_lookup(va);
    return e ? (long)page_refcount(pa_to_page(PTE_ADDR(e))) : -EFAULT;
}
