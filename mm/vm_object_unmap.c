/* vm_object_unmap.c -- taking an object's pages out of every address
 * space that maps them (vm_object.h): what a shrinking truncate does to a
 * file's mappings, as Linux's unmap_mapping_range(mapping, holebegin, 0,
 * even_cows = 1).
 *
 * weensy has no reverse map (no list of the areas mapping an object), so
 * the walk goes through every address space and every area holding an
 * object; spaces with none (areas_obj == 0) cost a look. A space is held
 * (vmspace_tryget) while it is visited, with vmspace_list_lock let go:
 * unmapping takes a while, and other CPUs' faults and forks go on.
 *
 * Why no mapping can escape (the caller made every new fault past `first`
 * fail before the call; see vnode_truncate):
 *   - a fault maps an object's page under its space's vm->lock, having
 *     asked the object under that same hold: in a space visited already,
 *     it asks after the visit, and the object refuses;
 *   - fork copies a parent's mappings into a child made after it, which
 *     comes after it on the list (vmspace.h): copied before the parent's
 *     visit, they are in the child when the walk reaches it; copied after,
 *     they are gone from the parent already;
 *   - a space made during the walk is added at the end, where the walk
 *     meets it.
 */
#include "kernel/kernel.h"
#include "mm/vm_object.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"

/* vm_object_next_space: the first space after `after` (NULL: the first of
 * all) that is not on its way out, held; NULL at the end. `after`, which
 * the caller holds, is still on the list, so its next is sound. */
static struct vmspace *vm_object_next_space(struct vmspace *after)
{
    spin_lock(&vmspace_list_lock);
    struct vmspace *vm = after ? after->next : vmspace_list;
    while (vm && !vmspace_tryget(vm))
        vm = vm->next;           /* exiting: vmspace_destroy empties it */
    spin_unlock(&vmspace_list_lock);
    return vm;
}

/* vm_object_unmap_space: in vm, unmap every page of every area of o that
 * maps o's page `first` or a later one. Unmapping changes no area, so the
 * walk over them stays sound. */
static void vm_object_unmap_space(struct vmspace *vm, struct vm_object *o, uint64_t first)
{
    spin_lock(&vm->lock);
    for (const struct vm_area *a = vm->areas_obj ? vm_area_first(vm) : 0; a; a = vm_area_next(a)) {
        uint64_t npages = (a->end - a->start) / PAGE_SIZE;
        if (a->obj != o || (uint64_t)a->pgoff + npages <= first)
            continue;
        uintptr_t lo = a->start;
        if (first > a->pgoff)
            lo += (uintptr_t)(first - a->pgoff) * PAGE_SIZE;
        vmspace_unmap_range(vm, lo, a->end);
    }
    spin_unlock(&vm->lock);
}

void vm_object_unmap(struct vm_object *o, uint64_t first)
{
    struct vmspace *vm = vm_object_next_space(0);
    while (vm) {
        vm_object_unmap_space(vm, o, first);
        struct vmspace *next = vm_object_next_space(vm);
        vmspace_put(vm);         /* may be the last: destroys it (no lock held) */
        vm = next;
    }
}
