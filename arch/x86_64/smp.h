/* smp.h -- starting the other CPUs (application processors, APs). */
#ifndef ARCH_X86_64_SMP_H
#define ARCH_X86_64_SMP_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"

/* smp_start_cpu: start c (c->apic_id set) on the given kernel stack and
 * IST stacks: it sets up its GDT, IDT, features, system calls, local APIC
 * and tick, marks itself online and calls main(), which must not return.
 * True once it is online; false if it did not answer in time (it may
 * still be running the trampoline; c stays unused). The boot CPU only,
 * one CPU at a time. */
bool smp_start_cpu(struct cpu *c, uintptr_t stack_top, const uintptr_t ist_top[IST_COUNT],
                   void (*main)(void));
#endif
