/* tlb.h -- keeping every CPU's TLB in step with the page tables.
 *
 * The one place a mapping's removal reaches other CPUs. Today that is the
 * kernel half's only changing mappings, kernel stacks: a freed stack's
 * address is reused with other pages, so every CPU must forget the old
 * translation before the pages are freed. (User mappings need no remote
 * flush while an address space runs on one CPU at a time: the scheduler
 * leaves a process's space when it switches out, and that CR3 write drops
 * the CPU's entries for it, proc/sched.c.)
 */
#ifndef MM_TLB_H
#define MM_TLB_H
#include <stdint.h>
void tlb_init(void);
/* tlb_flush_kernel: invalidate [va, va + npages pages) on every CPU, this
 * one included; returns when all have. Any context: the others are
 * reached by NMI, which they take even while spinning on a lock with
 * interrupts off, so the wait cannot deadlock. */
void tlb_flush_kernel(uintptr_t va, int npages);
#endif
