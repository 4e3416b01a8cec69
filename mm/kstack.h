/* kstack.h -- kernel stacks, each KSTACK_PAGES pages in the KSTACK region
 * with an unmapped guard page below it: an overflow faults on the guard
 * (reported as a kernel stack overflow) instead of corrupting memory.
 * A freed stack is kept mapped for the next allocation (a few of them):
 * its pages count as free and are taken back when memory runs out. */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
uintptr_t kstack_alloc(void);        /* the stack's top; 0 when memory is out */
void kstack_free(uintptr_t top);
bool kstack_is_guard(uintptr_t va);  /* is va in some stack's guard page? */
size_t kstack_nkept(void);           /* pages of freed stacks kept mapped */
/* kstack_reclaim: unmap one kept stack and free its pages (flushed on
 * every CPU first); false if none is kept. The page allocator's reclaimer. */
bool kstack_reclaim(void);
#endif
