/* vnode_object.c -- a regular file as a memory object (mm/vm_object.h):
 * what mmap of a descriptor maps. Its pages are the page cache's, so a
 * shared mapping writes the very page read() reads, and every process
 * mapping the file maps the same physical page. The area's reference on
 * the vnode keeps the file (and its pages) after close and unlink. */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static struct vnode *vnode_of_object(struct vm_object *o) { return container_of(o, struct vnode, obj); }

/* A page wholly past the end of the file is a bus error (the last page,
 * partly inside, maps whole: its tail reads zeros, as on Linux). */
static struct page *vnode_object_get(struct vm_object *o, uint64_t index, bool write, uint32_t *slot, int *err)
{
    struct vnode *v = vnode_of_object(o);
    *slot = 0;
    if (index >= (vnode_size(v) + PAGE_SIZE - 1) / PAGE_SIZE) {
        *err = -ENXIO;
        return 0;
    }
    struct page *pg = vnode_getpage(v, index, write, slot);
    *err = -ENOMEM;
    return pg;
}

/* A cached page inside the file, for fault-around. */
static struct page *vnode_object_peek(struct vm_object *o, uint64_t index)
{
    struct vnode *v = vnode_of_object(o);
    if (index >= (vnode_size(v) + PAGE_SIZE - 1) / PAGE_SIZE)
        return 0;
    return pcache_peek(&v->pages, index);
}

static void vnode_object_ref(struct vm_object *o) { vnode_ref(vnode_of_object(o)); }
static void vnode_object_unref(struct vm_object *o) { vnode_put(vnode_of_object(o)); }

const struct vm_object_ops vnode_object_ops = {
    .name = "file", .get = vnode_object_get, .ref = vnode_object_ref, .unref = vnode_object_unref,
    .peek = vnode_object_peek,
};
