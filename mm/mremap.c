/* mremap.c -- Linux's mremap (25): make a mapping shorter, longer, or move
 * it, keeping its pages (musl's and glibc's realloc of a large block call
 * it, to grow without copying).
 *
 *   mremap(old, old_size, new_size, flags, new_addr)
 *
 * The old range must lie inside one area (else EFAULT). Shorter: its tail
 * is unmapped. Longer: the area grows in place when the addresses after it
 * are free; else, with MREMAP_MAYMOVE, it moves: a new area like the old
 * one (same kind, permissions, object and offset) is made where mmap
 * would put new_size bytes (or at new_addr with MREMAP_FIXED, unmapping
 * what was there), the page-table entries are moved across one by one
 * (present pages and swapped-out ones alike: no page is copied, no
 * reference count changes) and the old range is unmapped, now empty.
 *
 * All or nothing, as every change of areas: the new area is made with
 * vm_area_map_ready, whose `ready` step reserves, before anything changes,
 * the page tables the moved entries need and the area records the old
 * range's removal may need; the moves themselves cannot fail.
 *
 * Not supported (EINVAL, written down in docs/syscalls.md): MREMAP_DONTUNMAP,
 * old_size 0 (Linux's duplicate of a shared mapping), the stack's area and
 * shmat attachments (whose address shmdt knows them by).
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/vm_pool.h"
#include "mm/pagetable.h"
#include "mm/mm_check.h"
#include "include/weensy/errno.h"

#define MREMAP_MAYMOVE   1
#define MREMAP_FIXED     2
#define MREMAP_DONTUNMAP 4
#define MREMAP_BOTTOM    0x10000UL   /* as mmap: never below */
/* Records the old range's removal may take: the two pieces of an area cut
 * at both ends (vm_area_change.c counts one per cut). */
#define MREMAP_UNMAP_RECORDS 2

struct mremap_move {
    uintptr_t from, to;          /* the old range's start, the new one's */
    size_t len;                  /* bytes moved: the old size */
};

static bool mremap_range_ok(uintptr_t addr, size_t len)
{
    return addr >= USER_BASE && addr < USER_TOP && len <= USER_TOP - addr;
}

/* mremap_like: area a's twin covering [start, start + len), where `at` in
 * a (a's address that start stands for) sets the object's offset. */
static struct vm_area mremap_like(const struct vm_area *a, uintptr_t at, uintptr_t start, size_t len)
{
    struct vm_area b = *a;
    b.start = start;
    b.end = start + len;
    if (b.obj)
        b.pgoff = a->pgoff + (uint32_t)((at - a->start) / PAGE_SIZE);
    return b;
}

/* mremap_ready: before the new area goes in, the tables each moved entry
 * lands in, and the records for the old range's removal. */
static int mremap_ready(struct vmspace *vm, void *arg)
{
    const struct mremap_move *m = arg;
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, m->from, m->from + m->len); pt_iter_next(&it);)
        if (!pt_walk(vm->pml4, m->to + (it.va - m->from), 0, vm->id, 0))
            return -ENOMEM;
    return vm_pool_reserve(&vm->area_pool, MREMAP_UNMAP_RECORDS);
}

/* mremap_entries: every entry of the old range to the same place in the
 * new one, whose tables mremap_ready made; the old translations are
 * flushed before the call returns. */
static void mremap_entries(struct vmspace *vm, const struct mremap_move *m)
{
    struct pt_flush f = { .pml4 = vm->pml4 };
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, m->from, m->from + m->len); pt_iter_next(&it);) {
        pte_t *to = pt_walk(vm->pml4, m->to + (it.va - m->from), 0, PT_NO_ALLOC, 0);
        assert(to && !*to);
        pt_store(to, pt_take(it.pte));
        pt_flush_add(&f, it.va);
    }
    pt_flush_done(&f);
}

/* mremap_move: a's part [old, old + old_size) to a new area of new_size
 * bytes at `to` (free, or emptied for MREMAP_FIXED). Caller holds vm->lock. */
static long mremap_move(struct vmspace *vm, const struct vm_area *a, uintptr_t old, size_t old_size,
                        uintptr_t to, size_t new_size)
{
    assert(spin_holding(&vm->lock));
    struct vm_area b = mremap_like(a, old, to, new_size);
    /* Shorter: only the head moves, and the tail goes with the old range. */
    struct mremap_move m = { .from = old, .to = to, .len = MIN(old_size, new_size) };
    int err = vm_area_map_ready(vm, &b, mremap_ready, &m);
    if (err)
        return err;
    mremap_entries(vm, &m);
    err = vm_area_unmap(vm, old, old + old_size);
    assert(err == 0);            /* its records were reserved by mremap_ready */
    return (long)to;
}

/* mremap_grow: a's range [old, old + old_size), which ends a, made
 * new_size long where it is, if the addresses after it are free and below
 * the stack's reach (vmspace_stack_floor: the stack grows down into the 8 MiB
 * under it, and an area grown there would become the stack's pages). */
static long mremap_grow(struct vmspace *vm, const struct vm_area *a, uintptr_t old, size_t old_size,
                        size_t new_size)
{
    uintptr_t end = old + old_size;
    if (end != a->end || !mremap_range_ok(old, new_size) || old + new_size > vmspace_stack_floor(vm) ||
        !vm_area_is_free(vm, end, old + new_size))
        return -ENOMEM;
    struct vm_area tail = mremap_like(a, end, end, new_size - old_size);
    int err = vm_area_add(vm, &tail);    /* merges with a: they are alike */
    return err ? err : (long)old;
}

static long mremap_checked(uintptr_t old, size_t old_size, size_t new_size, long flags, uintptr_t to)
{
    if (!PAGE_ALIGNED(old) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
        ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) || (flags & MREMAP_DONTUNMAP))
        return -EINVAL;
    if (old_size == 0 || new_size == 0 || old_size > USER_TOP || new_size > USER_TOP)
        return old_size == 0 || new_size == 0 ? -EINVAL : -ENOMEM;
    if (flags & MREMAP_FIXED) {
        size_t n = PAGE_ALIGN_UP(new_size), o = PAGE_ALIGN_UP(old_size);
        if (!PAGE_ALIGNED(to) || !mremap_range_ok(to, n) || (to < old + o && old < to + n))
            return -EINVAL;      /* Linux: the two ranges may not overlap */
    }
    return 0;
}

long sys_mremap(uintptr_t old, size_t old_size, size_t new_size, long flags, uintptr_t to)
{
    long ret = mremap_checked(old, old_size, new_size, flags, to);
    if (ret)
        return ret;
    old_size = PAGE_ALIGN_UP(old_size);
    new_size = PAGE_ALIGN_UP(new_size);
    struct vmspace *vm = myproc()->vm;
    spin_lock(&vm->lock);
    const struct vm_area *found = mremap_range_ok(old, old_size) ? vm_area_find(vm, old) : 0;
    struct vm_area a = found ? *found : (struct vm_area){ 0 };
    if (!found || old + old_size > a.end)
        ret = -EFAULT;
    else if (a.kind == VMA_STACK || a.attach)
        ret = -EINVAL;
    else if (flags & MREMAP_FIXED) {
        ret = vm_area_unmap(vm, to, to + new_size);
        if (!ret)
            ret = mremap_move(vm, &a, old, old_size, to, new_size);
    } else if (new_size <= old_size) {
        ret = new_size == old_size ? 0 : vm_area_unmap(vm, old + new_size, old + old_size);
        ret = ret ? ret : (long)old;
    } else {
        ret = mremap_grow(vm, &a, old, old_size, new_size);
        if (ret == -ENOMEM && (flags & MREMAP_MAYMOVE)) {
            uintptr_t at = vm_area_gap(vm, new_size, MREMAP_BOTTOM, vm->mmap_top);
            ret = at ? mremap_move(vm, &a, old, old_size, at, new_size) : -ENOMEM;
        }
    }
    spin_unlock(&vm->lock);
    if (ret > 0)
        mm_check_event("mremap");
    return ret;
}
