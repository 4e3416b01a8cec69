/* madvise.c -- madvise (Linux's 28): advice about a range's use. weensy
 * acts on MADV_PAGEOUT (Linux 5.4): the range's private pages go to swap
 * now (mm/swap.h), as memory pressure would send them; the benchmark uses
 * it to time page-ins on weensy and Linux alike. MADV_NORMAL, RANDOM,
 * SEQUENTIAL and WILLNEED are accepted and change nothing (weensy reads
 * no page ahead). Anything else is EINVAL.
 *
 * As on Linux: addr must be page-aligned (EINVAL), the range is rounded
 * up to whole pages, and every page of it must lie in an area (ENOMEM
 * otherwise, after the advice was applied to what is). MADV_PAGEOUT with
 * no swap device, or a full one, leaves pages where they are (not an
 * error, as on Linux). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/swap.h"
#include "include/weensy/errno.h"

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_PAGEOUT 21

long sys_madvise(uintptr_t addr, size_t len, long advice)
{
    if (!PAGE_ALIGNED(addr) || len > USER_TOP)
        return -EINVAL;
    uintptr_t end = addr + PAGE_ALIGN_UP(len);
    if (addr < USER_BASE || end > USER_TOP || end < addr)
        return -ENOMEM;
    if (advice != MADV_PAGEOUT)
        return advice >= MADV_NORMAL && advice <= MADV_WILLNEED ? 0 : -EINVAL;
    struct vmspace *vm = vmspace_current();
    spin_lock(&vm->lock);
    bool whole = vm_area_allows(vm, addr, end, 0);
    if (swap_on())
        swap_out_range(vm, addr, end);
    spin_unlock(&vm->lock);
    return whole ? 0 : -ENOMEM;
}
