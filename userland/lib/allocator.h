/* allocator.h -- WeensyOS's allocator workload, shared by the `allocator`
 * and `fork` programs. */
#ifndef USER_ALLOCATOR_H
#define USER_ALLOCATOR_H
/* allocator_run: allocate heap pages one at a time with page_alloc, upward
 * from the first page above the program's data, writing each one, until
 * memory (or the room below the stack) runs out; then keep yielding
 * forever. `speed` (1..100) is the percent chance of allocating on each
 * turn, so copies with different speeds grow visibly differently. */
_Noreturn void allocator_run(int speed);
#endif
