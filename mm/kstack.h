/* kstack.h -- kernel stacks, each KSTACK_PAGES pages in the KSTACK region
 * with an unmapped guard page below it: an overflow faults on the guard
 * (reported as a kernel stack overflow) instead of corrupting memory. */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H
#include <stdint.h>
#include <stdbool.h>
uintptr_t kstack_alloc(void);        /* the stack's top; 0 when memory is out */
void kstack_free(uintptr_t top);
bool kstack_is_guard(uintptr_t va);  /* is va in some stack's guard page? */
#endif
