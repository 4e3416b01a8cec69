/* vm_fault.h -- the one place a missing or forbidden user access is
 * resolved. Both paths that touch user memory end here: the page-fault
 * trap (proc/fault.c) and the kernel's own copies to and from user memory
 * (mm/uaccess.c), so a system call sees exactly what the program would.
 *
 * Today every user page is mapped eagerly (exec, fork, page_alloc), so a
 * fault never has anything to resolve: the access is refused and the
 * caller kills the process or returns -EFAULT. Areas, demand-zero pages,
 * copy-on-write and swap-in plug in here.
 */
#ifndef MM_VM_FAULT_H
#define MM_VM_FAULT_H
#include <stdint.h>

struct vmspace;

#define VM_READ  0x1
#define VM_WRITE 0x2
#define VM_EXEC  0x4

/* vm_fault: make va accessible in vm for `access`. 0 when the access can
 * now be retried, -EFAULT when it is not allowed. Caller holds vm->lock. */
int vm_fault(struct vmspace *vm, uintptr_t va, int access);
#endif
