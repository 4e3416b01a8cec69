/* vm_fault.h -- the one place a missing or forbidden user access is
 * resolved. Both paths that touch user memory end here: the page-fault
 * trap (proc/fault.c) and the kernel's own copies to and from user memory
 * (mm/uaccess.c), so a system call sees exactly what the program would.
 *
 * vm_fault is a short driver over named steps:
 *   1. find the area that holds the address (none: the access is wild);
 *   2. check the access against the area's permissions;
 *   3. if the page is there but read-only in a writable private area,
 *      resolve copy-on-write; if it is missing, make it (zero-filled
 *      anonymous page, or the shared segment's page), or bring it back
 *      from swap (mm/swap.h). A process at its frame limit first sends one
 *      of its pages out.
 */
#ifndef MM_VM_FAULT_H
#define MM_VM_FAULT_H
#include <stdint.h>

struct vmspace;

#define VM_READ  0x1
#define VM_WRITE 0x2
#define VM_EXEC  0x4

/* vm_fault: make va accessible in vm for `access`. 0 when the access can
 * now be retried; -EAGAIN when it must be asked again (the page came from
 * the device); -EFAULT (no area there), -EACCES (the area forbids it),
 * -ENOMEM (no page to give) or -EIO (the swap device failed). Caller holds
 * vm->lock and no other spinlock: vm_fault may let it go and take it
 * again (to wait for the device), so whatever the caller saw under it
 * before must be looked at again. */
int vm_fault(struct vmspace *vm, uintptr_t va, int access);
/* vm_fault_why: words for a refused fault, for the kill message. */
const char *vm_fault_why(struct vmspace *vm, uintptr_t va, int err);
#endif
