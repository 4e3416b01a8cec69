/* mmap.h -- the cores of the system calls in mm/mmap.c that in-kernel
 * tests call on an address space of their own (kernel/syscall.h has the
 * calls themselves, which work on the caller's). */
#ifndef MM_MMAP_H
#define MM_MMAP_H
#include <stdint.h>

struct vmspace;

/* mmap_page_alloc: page_alloc(addr) in vm (addr checked by the caller):
 * a one-page anonymous area at addr with a fresh zeroed page mapped, in
 * place of whatever was there. 0, or -ENOMEM with vm as it was. */
long mmap_page_alloc(struct vmspace *vm, uintptr_t addr);
#endif
