/* fpu_switch.c -- a thread's floating-point area: made, copied, reset
 * (fpu_switch.h). */
#include "kernel/kernel.h"
#include "proc/fpu_switch.h"
#include "mm/kmalloc.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

int proc_fpu_alloc(struct proc *p)
{
    assert(!p->fpu);
    p->fpu = kmalloc(fpu_area_size());
    if (!p->fpu)
        return -ENOMEM;
    fpu_area_init(p->fpu);
    push_off();
    p->fpu_gen = fpu_gen_next(mycpu());  /* no CPU holds this state yet */
    pop_off();
    return 0;
}

void proc_fpu_free(struct proc *p)
{
    kfree(p->fpu);               /* a CPU's note of it stays, but no save will match it */
    p->fpu = 0;
}

/* The caller's registers are its own until it leaves its CPU, and the
 * scheduler saves them then: a save into the child's area here, even if
 * preempted before or after, copies the caller's values. */
void proc_fpu_fork(struct proc *child)
{
    fpu_save(child->fpu);
}

/* With interrupts off, so that no switch saves the old registers over the
 * fresh area between the two steps (this CPU's registers, not a lock). */
void proc_fpu_exec(struct proc *p)
{
    assert(p == myproc());
    push_off();
    struct cpu *c = mycpu();
    fpu_restore_init();
    fpu_area_init(p->fpu);
    p->fpu_gen = fpu_gen_next(c);
    c->fpu_loaded = p->fpu;
    c->fpu_loaded_gen = p->fpu_gen;
    pop_off();
}
