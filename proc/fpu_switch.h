/* fpu_switch.h -- each user thread's floating-point and vector registers
 * (arch/x86_64/fpu.h), switched with the thread (docs/linux-abi.md).
 *
 * Eager switching: the scheduler saves a thread's registers into its area
 * (p->fpu) whenever the thread leaves its CPU, so the area is the truth
 * whenever the thread is not running, on whichever CPU it runs next. The
 * restore before it runs again is skipped when this CPU's registers still
 * hold exactly that save: each save gets a number unique on the machine
 * (p->fpu_gen: a per-CPU count with the CPU's id), which the CPU notes;
 * a thread that ran elsewhere meanwhile was saved again under a new
 * number. A thread that only goes to the scheduler and back (a sleep on
 * an idle CPU) then costs one save and no restore.
 */
#ifndef PROC_FPU_SWITCH_H
#define PROC_FPU_SWITCH_H
#include "proc/proc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"

/* fpu_gen_next: a save number no other save on the machine has. */
static inline uint64_t fpu_gen_next(struct cpu *c) { return (++c->fpu_seq << 8) | (uint64_t)c->id; }

/* proc_fpu_load: before p runs on c (the scheduler, interrupts off). */
static inline void proc_fpu_load(struct cpu *c, struct proc *p)
{
    if (!p->fpu || (c->fpu_loaded == p->fpu && c->fpu_loaded_gen == p->fpu_gen))
        return;
    fpu_restore(p->fpu);
    c->fpu_loaded = p->fpu;
    c->fpu_loaded_gen = p->fpu_gen;
}

/* proc_fpu_save: p has just left c (the scheduler, interrupts off). */
static inline void proc_fpu_save(struct cpu *c, struct proc *p)
{
    if (!p->fpu)
        return;
    fpu_save(p->fpu);
    p->fpu_gen = fpu_gen_next(c);
    c->fpu_loaded = p->fpu;
    c->fpu_loaded_gen = p->fpu_gen;
}

/* Where a thread's area is: the top proc_fpu_reserve() bytes of its kernel
 * stack, above the trapframe (proc_alloc_common puts p->kstack_top below
 * them): no allocation of its own, and no page (a machine of mem=2M has
 * about 70). The stack itself has that much less room (16 KiB - 832 bytes
 * with AVX). */
size_t proc_fpu_reserve(void);
/* proc_fpu_init: p's area at p->kstack_top, in the starting state if
 * `fresh` (else left for proc_fpu_fork to fill: proc_alloc_common). */
void proc_fpu_init(struct proc *p, bool fresh);
/* proc_fpu_fork: child starts with the caller's registers as they are now
 * (fork and clone copy them, as Linux does). */
void proc_fpu_fork(struct proc *child);
/* proc_fpu_exec: the caller's registers and area go to the starting state
 * (exec). */
void proc_fpu_exec(struct proc *p);
#endif
