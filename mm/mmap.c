/* mmap.c -- the system calls that change an address space's areas: mmap,
 * munmap, mprotect, brk, shmat/shmdt, and WeensyOS's page_alloc. Linux's
 * numbers, meanings and error codes (docs/syscalls.md); memory is given
 * lazily: an area costs nothing until its pages are touched. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/vm_area.h"
#include "mm/mmap.h"
#include "mm/page.h"
#include "mm/shm.h"
#include "mm/vm_object.h"
#include "include/weensy/fs.h"
#include "include/weensy/errno.h"

#define PROT_MASK     (VM_READ | VM_WRITE | VM_EXEC)
#define SHM_RDONLY    010000
#define MMAP_BOTTOM   0x10000UL    /* mmap never picks an address below */

static struct vmspace *mmap_vm(void) { return myproc()->vm; }

/* A page-aligned range inside the user half, computed without wrapping. */
static bool mmap_range_ok(uintptr_t addr, size_t len)
{
    return addr >= USER_BASE && addr < USER_TOP && len <= USER_TOP - addr;
}

/* mmap_place: where a new area of len bytes goes: the hint if it is free
 * and below the stack's reach, else the highest gap below vm->mmap_top
 * (the stack's guard gap, or lower by a random offset: proc/aslr.h).
 * 0 if none. The stack grows down into the 8 MiB under its top
 * on faults (and the gap under that keeps others off it), so an area
 * placed there by a hint would become the stack's pages as it grows: as
 * Linux keeps hints out of its stack guard gap, weensy keeps them out of
 * the whole reach (the fuzzer's workers wrote over their own stack
 * frames through such an area). MAP_FIXED may still go anywhere. */
static uintptr_t mmap_place(struct vmspace *vm, uintptr_t hint, size_t len)
{
    hint = PAGE_ALIGN_DOWN(hint);
    if (hint && mmap_range_ok(hint, len) && hint + len <= vmspace_stack_floor(vm) &&
        vm_area_is_free(vm, hint, hint + len))
        return hint;
    return vm_area_gap(vm, len, MMAP_BOTTOM, vm->mmap_top);
}

/* mmap_install: replace [addr, addr+len) with area a, all at once: if it
 * cannot be done (too many areas, no memory for their records), the old
 * mapping stays exactly as it was (Linux's MAP_FIXED does the same). */
static long mmap_install(struct vmspace *vm, struct vm_area *a)
{
    int err = vm_area_map(vm, a);
    return err ? err : (long)a->start;
}

/* mmap_checked: the checks every mmap makes, in Linux's order: flags,
 * then the length. The rounded length, or an error. */
static long mmap_checked(uintptr_t addr, size_t len, long prot, long flags, long off)
{
    int share = flags & (MAP_SHARED | MAP_PRIVATE);
    if (len == 0 || (prot & ~PROT_MASK) || (flags & ~MAP_KNOWN) || share == 0 ||
        share == (MAP_SHARED | MAP_PRIVATE) || !PAGE_ALIGNED(off))
        return -EINVAL;
    if ((flags & MAP_FIXED) && !PAGE_ALIGNED(addr))
        return -EINVAL;
    if (len > USER_TOP)
        return -ENOMEM;
    return (long)PAGE_ALIGN_UP(len);
}

/* mmap_place_install: where area a goes (addr, flags) and its mapping
 * there, under vm->lock. */
static long mmap_place_install(uintptr_t addr, size_t len, long flags, struct vm_area *a)
{
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    long ret = -ENOMEM;
    if (flags & MAP_FIXED)
        a->start = mmap_range_ok(addr, len) ? addr : 0;
    else
        a->start = mmap_place(vm, addr, len);
    a->end = a->start + len;
    if (a->start)
        ret = mmap_install(vm, a);
    spin_unlock(&vm->lock);
    return ret;
}

long mmap_anon(uintptr_t addr, size_t len, long prot, long flags, long off)
{
    long n = mmap_checked(addr, len, prot, flags, off);
    if (n < 0)
        return n;
    len = (size_t)n;
    struct vm_area a = { .prot = (uint8_t)prot, .maxprot = VM_PROT_ALL, .kind = VMA_ANON };
    struct shm_seg *s = 0;
    if ((flags & MAP_SHARED)) {
        if (!(s = shm_anon_create(len / PAGE_SIZE)))
            return -ENOMEM;
        a.kind = VMA_SHARED;
        a.obj = shm_seg_obj(s);
    }
    long ret = mmap_place_install(addr, len, flags, &a);
    if (s)
        shm_seg_unref(s);        /* the area holds its own reference now */
    return ret;
}

long mmap_object(uintptr_t addr, size_t len, long prot, long flags, long off, struct vm_object *obj,
                 int maxprot)
{
    long n = mmap_checked(addr, len, prot, flags, off);
    if (n < 0)
        return n;
    if (prot & ~maxprot)
        return -EACCES;
    if ((uint64_t)off / PAGE_SIZE + (uint64_t)n / PAGE_SIZE > UINT32_MAX)
        return -EOVERFLOW;       /* an area counts its object's pages in 32 bits */
    struct vm_area a = { .prot = (uint8_t)prot, .maxprot = (uint8_t)maxprot,
                         .kind = flags & MAP_SHARED ? VMA_SHARED : VMA_FILE, .obj = obj,
                         .pgoff = (uint32_t)((uint64_t)off / PAGE_SIZE) };
    return mmap_place_install(addr, (size_t)n, flags, &a);
}

long mmap_msync(uintptr_t addr, size_t len, long flags)
{
    if (!PAGE_ALIGNED(addr) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    if (len > USER_TOP || addr + PAGE_ALIGN_UP(len) < addr)
        return -ENOMEM;
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    bool mapped = true;          /* every page must be in some area */
    for (uintptr_t va = addr; mapped && va < addr + PAGE_ALIGN_UP(len);) {
        const struct vm_area *area = va < USER_TOP ? vm_area_find(vm, va) : 0;
        mapped = area != 0;
        va = area ? area->end : va;
    }
    spin_unlock(&vm->lock);
    return mapped ? 0 : -ENOMEM;
}

long sys_munmap(uintptr_t addr, size_t len)
{
    if (!PAGE_ALIGNED(addr) || len == 0 || len > USER_TOP)
        return -EINVAL;
    len = PAGE_ALIGN_UP(len);
    if (!mmap_range_ok(addr, len))
        return -EINVAL;
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    int err = vm_area_unmap(vm, addr, addr + len);
    spin_unlock(&vm->lock);
    return err;
}

long sys_mprotect(uintptr_t addr, size_t len, long prot)
{
    if (!PAGE_ALIGNED(addr) || (prot & ~PROT_MASK))
        return -EINVAL;
    if (len == 0)
        return 0;
    if (len > USER_TOP)
        return -ENOMEM;
    len = PAGE_ALIGN_UP(len);
    if (!mmap_range_ok(addr, len))
        return -ENOMEM;
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    int err = vm_area_protect(vm, addr, addr + len, prot);
    spin_unlock(&vm->lock);
    return err;
}

/* brk: Linux's rules: the new break on success; the current one for 0 or
 * a request that cannot be met. The heap is an anonymous area from the end
 * of the program image to the page-rounded break. */
long sys_brk(uintptr_t want)
{
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    uintptr_t old_top = PAGE_ALIGN_UP(vm->brk), new_top = PAGE_ALIGN_UP(want);
    bool ok = want >= vm->brk_start && want <= vmspace_stack_floor(vm);
    if (ok && new_top > old_top) {
        struct vm_area a = {
            .start = old_top, .end = new_top, .prot = VM_READ | VM_WRITE, .maxprot = VM_PROT_ALL, .kind = VMA_ANON,
        };
        ok = vm_area_is_free(vm, old_top, new_top) && vm_area_add(vm, &a) == 0;
    } else if (ok && new_top < old_top) {
        ok = vm_area_unmap(vm, new_top, old_top) == 0;
    }
    if (ok)
        vm->brk = want;
    long ret = (long)vm->brk;
    spin_unlock(&vm->lock);
    return ret;
}

/* The page table slot page_alloc's page goes in, made before the old area
 * at addr is replaced, so nothing can fail once it is gone. (Replacing a
 * page does not free its table: pt_prune frees only tables wholly inside
 * the range, and a table spans 2 MiB.) */
static int page_alloc_ready(struct vmspace *vm, void *addr)
{
    return pt_walk(vm->pml4, (uintptr_t)addr, 0, vm->id, 0) ? 0 : -ENOMEM;
}

/* page_alloc(addr): WeensyOS's call, as a one-page anonymous area with its
 * page made at once; whatever was at addr is replaced, unless the call
 * fails (-ENOMEM), when it stays as it was. With swap, memory running low
 * sends pages out first, as a fault would (mm/swap.h): the call fails
 * only when nothing more can go. */
long sys_page_alloc(uintptr_t addr)
{
    if (!PAGE_ALIGNED(addr) || addr < USER_BASE || addr >= USER_TOP)
        return -EINVAL;
    struct vmspace *vm = mmap_vm();
    if (swap_pressure())
        swap_reclaim();
    long err = mmap_page_alloc(vm, addr);
    while (err == -ENOMEM && swap_on() && swap_reclaim_more(1) > 0)
        err = mmap_page_alloc(vm, addr);
    return err;
}

long mmap_page_alloc(struct vmspace *vm, uintptr_t addr)
{
    struct vm_area a = {
        .start = addr, .end = addr + PAGE_SIZE, .prot = VM_READ | VM_WRITE, .maxprot = VM_PROT_ALL, .kind = VMA_ANON,
    };
    spin_lock(&vm->lock);
    /* Allocate under the lock that publishes the page: mm_check must never
     * see a user page that is allocated but in no page table. */
    struct page *pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
    int err = pg ? vm_area_map_ready(vm, &a, page_alloc_ready, (void *)addr) : -ENOMEM;
    if (!err) {
        pte_t *slot = pt_walk(vm->pml4, addr, 0, PT_NO_ALLOC, 0);
        assert(slot && !*slot);
        pt_set(vm->pml4, slot, addr, page_to_pa(pg) | vm_area_pte(vm_area_find(vm, addr), pg));
        vm->rss++;
    } else if (pg) {
        page_put(pg);
    }
    spin_unlock(&vm->lock);
    return err;
}

long sys_shmat(long id, uintptr_t addr, long flags)
{
    if (!PAGE_ALIGNED(addr))
        return -EINVAL;
    struct shm_seg *s = shm_attach_get(id);
    if (!s)
        return -EINVAL;
    size_t len = shm_seg_npages(s) * PAGE_SIZE;
    struct vmspace *vm = mmap_vm();
    /* A read-only attachment may never be more than read: its maxprot.
     * (weensy has no SHM_EXEC, the only way to ask shmat for exec.) */
    bool ro = flags & SHM_RDONLY;
    struct vm_area a = { .prot = ro ? VM_READ : VM_READ | VM_WRITE, .maxprot = ro ? VM_READ : VM_PROT_ALL,
                         .kind = VMA_SHARED, .attach = 1, .obj = shm_seg_obj(s) };
    spin_lock(&vm->lock);
    /* As on Linux without SHM_REMAP: an address in use is refused. */
    if (addr)
        a.start = mmap_range_ok(addr, len) && vm_area_is_free(vm, addr, addr + len) ? addr : 0;
    else
        a.start = mmap_place(vm, 0, len);
    a.end = a.start + len;
    long ret = a.start ? mmap_install(vm, &a) : (addr ? -EINVAL : -ENOMEM);
    spin_unlock(&vm->lock);
    shm_seg_unref(s);
    return ret;
}

long sys_shmdt(uintptr_t addr)
{
    struct vmspace *vm = mmap_vm();
    spin_lock(&vm->lock);
    const struct vm_area *a = addr < USER_TOP ? vm_area_find(vm, addr) : 0;
    long err = -EINVAL;
    if (a && a->attach && a->start == addr && a->pgoff == 0) {
        struct vm_object *o = a->obj;
        struct shm_seg *s = shm_seg_of(o);
        uintptr_t end = addr + shm_seg_npages(s) * PAGE_SIZE;
        /* The attachment may have been split (mprotect): take every piece. */
        for (uintptr_t va = addr; va < end;) {
            const struct vm_area *piece = vm_area_find(vm, va);
            if (!piece || piece->obj != o)
                break;
            va = piece->end;
            err = vm_area_unmap(vm, piece->start, va);
            if (err)
                break;
        }
    }
    spin_unlock(&vm->lock);
    return err;
}
