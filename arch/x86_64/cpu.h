/* cpu.h -- per-CPU state, reached through the GS base in kernel mode.
 *
 * struct cpu is written only by its own CPU (with interrupts off where it
 * matters), so it needs no lock; the fields marked [atomic] are read by
 * other CPUs too, with atomic loads. The first fields are read by
 * assembly (syscall entry): keep the offsets in step with the asserts in
 * cpu.c. */
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
    uint64_t fs_base;           /* what MSR_FS_BASE holds (proc/thread.h) */
    const void *fpu_loaded;     /* whose saved FPU state the registers hold ... */
    uint64_t fpu_loaded_gen;    /* ... and which save of it (proc/fpu_switch.h) */
    uint64_t fpu_seq;           /* this CPU's count of FPU saves */
    uint64_t sched_t0;          /* when the last process switched back to the scheduler */
    bool online;                /* [atomic] started and running the scheduler */
    bool idle;                  /* [atomic] halted in the scheduler, waiting for work */
    void (*call)(void);         /* [atomic] run this in the scheduler, then clear it (cpus_run_on) */
    uint64_t cr3;               /* [atomic] the page table it loads, published first
                                 * (tlb_note_cr3): a user shootdown's targets. Here,
                                 * not in an array of its own, so that no two CPUs'
                                 * share a cache line: each writes it at every switch */
    struct gdt gdt;             /* this CPU's GDT and TSS */
} __attribute__((aligned(64)));  /* no cache line shared with another CPU's: each writes
                                  * its own (ncli) at every lock, its TSS at every switch */

#define CPU_OFF_PROC 40          /* offsetof(struct cpu, proc), for myproc() */
#define CPU_OFF_NCLI 32          /* offsetof(struct cpu, ncli), for push_off/pop_off */
#define CPU_OFF_INTENA 36        /* offsetof(struct cpu, intena) */
#define CPU_OFF_VM 48            /* offsetof(struct cpu, vm), for vmspace_current() */

#define MAX_CPUS 8
extern struct cpu cpus[MAX_CPUS];
extern int ncpus;               /* CPUs online: cpus[0..ncpus) (proc/cpus.c) */

static inline struct cpu *mycpu(void)
{
    struct cpu *c;
    __asm__ volatile("movq %%gs:0, %0" : "=r"(c));
    return c;
}

/* cpu_proc: the process this thread runs, or NULL in a CPU's scheduler
 * (myproc() in proc/proc.h; this form is for mm/, below proc/). One load
 * through GS, so no push_off is needed: an interrupt falls before or
 * after it, and whichever CPU the thread runs on after being moved, that
 * CPU's cpu->proc is this same process. (Reading mycpu() first and then
 * ->proc would be two loads, with a window between them.) */
static inline struct proc *cpu_proc(void)
{
    struct proc *p;
    __asm__ volatile("movq %%gs:%c1, %0" : "=r"(p) : "i"(CPU_OFF_PROC));
    return p;
}

/* cpu_vm: the address space this CPU has loaded, or NULL: one load
 * through GS, as cpu_proc (a user thread finds its own on any CPU). */
static inline struct vmspace *cpu_vm(void)
{
    struct vmspace *vm;
    __asm__ volatile("movq %%gs:%c1, %0" : "=r"(vm) : "i"(CPU_OFF_VM));
    return vm;
}

void cpu_init_bsp(void);
void cpu_enable_features(void);
/* cpu_report_missing: one boot line for each of NX, SMEP, SMAP, PCID,
 * XSAVE and x2APIC the boot CPU lacks, saying what weensy does instead. */
void cpu_report_missing(void);
bool cpu_has_smep(void);
bool cpu_has_smap(void);
bool cpu_has_nx(void);
#endif
