/* mm_test.h -- what the memory core's in-kernel tests share: mapping and
 * unmapping a page with the address space's lock taken, as the real
 * callers (the fault path, exec) hold it. */
#ifndef MM_MM_TEST_H
#define MM_MM_TEST_H
#include "mm/vmspace.h"

static inline int kt_map_page(struct vmspace *vm, uintptr_t va, struct page *pg, uint64_t perm)
{
    spin_lock(&vm->lock);
    int err = vmspace_map_page(vm, va, pg, perm);
    spin_unlock(&vm->lock);
    return err;
}

static inline bool kt_unmap_page(struct vmspace *vm, uintptr_t va)
{
    spin_lock(&vm->lock);
    bool was = vmspace_unmap_page(vm, va);
    spin_unlock(&vm->lock);
    return was;
}
#endif
