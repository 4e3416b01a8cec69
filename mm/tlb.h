/* tlb.h -- keeping every CPU's TLB in step with the page tables: the one
 * place a change that narrows a mapping (unmap, fewer permissions, a page
 * replaced) reaches every CPU that may cache the old translation, before
 * the caller frees or reuses anything the old one led to.
 *
 * User half: the CPUs that may cache an address space's entries are those
 * running one of its threads now. Every other CPU dropped them when it
 * last left the space (the scheduler loads the kernel's table when a
 * thread switches out on a machine with several CPUs, proc/sched.c).
 * Kernel half: kernel stacks are its only mappings that change, and any
 * CPU may hold one, so those go to every CPU.
 */
#ifndef MM_TLB_H
#define MM_TLB_H
#include <stdint.h>
#include "mm/pagetable.h"
void tlb_init(void);
/* tlb_flush_kernel: invalidate [va, va + npages pages) on every CPU, this
 * one included; returns when all have. */
void tlb_flush_kernel(uintptr_t va, int npages);
/* tlb_flush_user: invalidate va[0..n) of the user half whose table is
 * pml4 (n > PT_FLUSH_MAX: all of it) here, if it is loaded here, and on
 * every other CPU that has it loaded; returns when all have. The caller
 * changed the entries first. */
void tlb_flush_user(pagetable_t pml4, const uintptr_t *va, int n);
/* tlb_note_cr3: this CPU is about to load the table at pa (vmspace_activate):
 * published first, so a flush that misses it finds the new entries. */
void tlb_note_cr3(paddr_t pa);
#endif
