/* fpu_switch.c -- a thread's floating-point area: made, copied, reset
 * (fpu_switch.h). */
#include "kernel/kernel.h"
#include "proc/fpu_switch.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

size_t proc_fpu_reserve(void) { return (fpu_area_size() + 63) & ~(size_t)63; }

void proc_fpu_init(struct proc *p, bool fresh)
{
    p->fpu = (void *)p->kstack_top;
    if (fresh)
        fpu_area_init(p->fpu);
    push_off();
    p->fpu_gen = fpu_gen_next(mycpu());  /* no CPU holds this state yet */
    pop_off();
}

/* The caller's registers are its own until it leaves its CPU, and the
 * scheduler saves them then: a save into the child's area here, even if
 * preempted before or after, copies the caller's values. */
void proc_fpu_fork(struct proc *child)
{
    fpu_save_fresh(child->fpu);  /* the area was not initialised (proc_alloc_clone) */
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
