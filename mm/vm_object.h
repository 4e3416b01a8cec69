/* vm_object.h -- what backs an area that is not private zero-fill memory:
 * a memory object, as Weenix's mmobj. The fault path asks the area's
 * object for the page at an index and maps it; it does not know what kind
 * of object it asks:
 *
 *   - a shared memory segment (mm/shm.c: shmget, MAP_SHARED|MAP_ANONYMOUS),
 *     whose pages may be out on swap;
 *   - a file (fs/vnode_object.c: mmap of a descriptor), whose pages are
 *     its page cache's.
 *
 * An area maps its object from page `pgoff` on (struct vm_area). A shared
 * area (VMA_SHARED) maps the object's pages themselves, writable if the
 * area is; a private one (VMA_FILE) maps them read-only and copies a page
 * at its first write, so its writes reach nobody else.
 *
 * References: every area holds one on its object (a split area two),
 * taken and dropped under vm->lock: so ref and unref never sleep.
 */
#ifndef MM_VM_OBJECT_H
#define MM_VM_OBJECT_H
#include <stdint.h>
#include <stdbool.h>

struct page;
struct vm_object;

struct vm_object_ops {
    const char *name;                /* "shm", "file": for the memory dump */
    /* get: page `index` of o with a reference for the caller's mapping,
     * made or read on first use; write says the caller will write it.
     * NULL when it cannot be had now: *slot names a swap slot to read
     * first (then ask again), or else *err says why: -ENOMEM, or -ENXIO
     * for a page past the end of a file (SIGBUS). Never sleeps: it runs
     * under vm->lock. */
    struct page *(*get)(struct vm_object *o, uint64_t index, bool write, uint32_t *slot, int *err);
    void (*ref)(struct vm_object *o);
    void (*unref)(struct vm_object *o);
    /* peek (may be NULL): page `index` if the object has it in memory
     * already, referenced, else NULL; never makes or reads one. For
     * fault-around (mm/vm_fault.c). */
    struct page *(*peek)(struct vm_object *o, uint64_t index);
};

struct vm_object {
    const struct vm_object_ops *ops;
};

/* vm_object_unmap: every address space loses its mappings of o's pages
 * from index `first` on: in shared areas (o's own pages) and in private
 * ones, whose copies go too (written or not, in memory or on swap); a
 * later touch faults and asks o again. The caller has first made o refuse
 * those pages to new faults (a file's size), so none is left mapped
 * anywhere on return (vm_object_unmap.c says why). Caller holds no spin
 * lock (a sleep lock is fine): it takes each space's vm->lock in turn. */
void vm_object_unmap(struct vm_object *o, uint64_t first);

static inline void vm_object_ref(struct vm_object *o) { o->ops->ref(o); }
static inline void vm_object_unref(struct vm_object *o) { o->ops->unref(o); }
static inline struct page *vm_object_get(struct vm_object *o, uint64_t index, bool write, uint32_t *slot,
                                         int *err)
{
    return o->ops->get(o, index, write, slot, err);
}
#endif
