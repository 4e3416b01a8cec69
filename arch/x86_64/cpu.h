/* cpu.h -- per-CPU state, reached through the GS base in kernel mode.
 *
 * struct cpu is touched only by its own CPU (with interrupts off where it
 * matters), so it needs no lock. The first fields are read by assembly
 * (syscall entry): keep the offsets in step with the asserts in cpu.c. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/gdt.h"

struct proc;
struct context;
struct vmspace;

struct cpu {
    struct cpu *self;           /* 0: gs:0 gives the struct's own address */
    uint64_t kstack_top;        /* 8: rsp0 for syscall entry */
    uint64_t user_rsp;          /* 16: user rsp saved by syscall entry */
    int id;                     /* index in cpus[] */
    uint32_t apic_id;
    int ncli;                   /* depth of push_off() nesting */
    bool intena;                /* were interrupts on before the first push_off? */
    struct proc *proc;          /* 40: the process running here, or NULL (myproc) */
    struct vmspace *vm;         /* the address space in CR3 (vmspace_activate) */
    struct context *scheduler;  /* swtch() here to enter the scheduler */
    uint64_t ticks;             /* timer interrupts taken on this CPU */
    uint64_t nmis, nmis_reported;   /* NMIs taken here, and reported (trap.c) */
    struct gdt gdt;             /* this CPU's GDT and TSS */
};

#define CPU_OFF_PROC 40          /* offsetof(struct cpu, proc), for myproc() */

#define MAX_CPUS 8
extern struct cpu cpus[MAX_CPUS];
extern int ncpus;

static inline struct cpu *mycpu(void)
{
    struct cpu *c;
    __asm__ volatile("movq %%gs:0, %0" : "=r"(c));
    return c;
}

void cpu_init_bsp(void);
void cpu_enable_features(void);
bool cpu_has_smep(void);
bool cpu_has_smap(void);
bool cpu_has_nx(void);
#endif
