/* vm_fault.c -- resolving user page faults (see vm_fault.h). */
#include "kernel/kernel.h"
#include "mm/vm_fault.h"
#include "mm/vmspace.h"
#include "include/weensy/errno.h"

int vm_fault(struct vmspace *vm, uintptr_t va, int access)
{
    assert(spin_holding(&vm->lock));
    (void)va;
    (void)access;
    /* No areas yet: whatever is not mapped, or mapped without the right
     * permission, is out of bounds for the program. */
    return -EFAULT;
}
