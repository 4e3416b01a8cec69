/* trap.h -- interrupt dispatch and the kernel's fault catcher. */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "arch/x86_64/trapframe.h"

typedef void (*irq_handler_t)(struct trapframe *tf);
/* trap_add_nmi_hook: hook(tf) runs first on every NMI, on the NMI's own
 * stack, wherever it landed (so it may take no lock); true means the NMI
 * was its business, not one to count. Added at boot. */
typedef bool (*nmi_hook_fn)(const struct trapframe *tf);
void trap_add_nmi_hook(nmi_hook_fn hook);

/* A fault catcher lets kernel self-tests provoke an exception on purpose:
 * trap_catch() returns 0 when armed; if an exception then happens on this
 * CPU in kernel mode, the full exception report is printed as usual and
 * trap_catch() returns a second time, with vector + 1. Disarm with
 * trap_catch_end(). (A setjmp for exceptions; callee-saved state only.) */
struct trap_catch {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
    uint64_t vector, error, addr;     /* what was caught */
    bool armed;
};
int trap_catch(struct trap_catch *c) __attribute__((returns_twice));
void trap_catch_end(void);

/* trap_dump: print the exception report (vector name, decoded error code,
 * CR2 for page faults, all registers, a symbolized backtrace). */
void trap_dump(const struct trapframe *tf);
/* trap_dump_registers: only rip (named) and the registers. */
void trap_dump_registers(const struct trapframe *tf);
const char *trap_name(uint64_t vector);
const char *trap_long_name(uint64_t vector);
/* trap_describe_pf: a page-fault error code in words, into buf. */
void trap_describe_pf(uint64_t err, char *buf, size_t size);
#endif
