/* procfs_maps.c -- /proc/PID/maps: a process's areas (mm/vm_area.h), one
 * line each, in address order and in Linux's format (proc(5)):
 *
 *   00400000-00403000 r-xp 00000000 00:00 0                          /bin/hello
 *   00403000-00404000 rw-p 00000000 00:00 0 
 *
 * start-end, the permissions (r, w, x, then s for memory shared with
 * others, p for private), then for a mapped file its offset, device and
 * inode (0 for everything else), then, for an area with a name, spaces up
 * to column 73 and the name: the program's path for its image, [heap] for
 * the break's area, [stack], and Linux's "/dev/zero (deleted)" for shared
 * anonymous memory. An anonymous area has no name, and its line ends in
 * the space after the inode, as on Linux. A mapped file has no name
 * either: a vnode does not know its path (weensy keeps no names cache),
 * so its device and inode are what tell it.
 *
 * The lines are made under vm->lock, a spin lock, into the text's pages,
 * which are allocated with the lock let go: a batch stops when the next
 * line does not fit, and the walk takes up again from that area's start
 * (vm_area_from), as Linux's seq_file does between reads. The process's
 * space is kept by a user taken on it (procfs_proc_get).
 */
#include "kernel/kernel.h"
#include "inspect/procfs_internal.h"
#include "mm/vmspace.h"
#include "mm/vm_object.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

/* Linux pads the part before a name to 25 + 6 * sizeof(void *) - 1
 * columns, then puts one space (seq_pad). */
#define PROCFS_MAPS_PAD 72

struct procfs_maps_walk {
    struct vmspace *vm;
    char image[PROC_NAME_MAX + 8];   /* the program's path */
    uintptr_t at;                /* where the next batch starts */
};

/* procfs_maps_name: what area a of vm is called, or NULL. */
static const char *procfs_maps_name(const struct procfs_maps_walk *w, const struct vm_area *a)
{
    struct vmspace *vm = w->vm;
    switch (a->kind) {
    case VMA_IMAGE: return w->image;
    case VMA_STACK: return "[stack]";
    case VMA_SHARED: return a->attach ? 0 : "/dev/zero (deleted)";
    default:
        if (vm->brk > vm->brk_start && a->start <= vm->brk && a->end >= vm->brk_start)
            return "[heap]";
        return 0;
    }
}

/* procfs_maps_file: the file area a maps, or NULL (memory, a segment). */
static struct vnode *procfs_maps_file(const struct vm_area *a)
{
    if (!a->obj || a->obj->ops != &vnode_object_ops)
        return 0;
    return container_of(a->obj, struct vnode, obj);
}

/* procfs_maps_line: area a's line into buf (PROCFS_LINE_MAX bytes); its
 * length. A file's device is st_dev split as userland's major and minor
 * do. */
static size_t procfs_maps_line(const struct procfs_maps_walk *w, const struct vm_area *a, char *buf)
{
    struct vnode *file = procfs_maps_file(a);
    uint64_t off = file ? (uint64_t)a->pgoff * PAGE_SIZE : 0;
    uint32_t dev = file && file->fs ? file->fs->dev : 0;
    int n = snprintf(buf, PROCFS_LINE_MAX, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", (unsigned long)a->start,
                     (unsigned long)a->end, a->prot & VM_READ ? 'r' : '-', a->prot & VM_WRITE ? 'w' : '-',
                     a->prot & VM_EXEC ? 'x' : '-', a->kind == VMA_SHARED ? 's' : 'p', (unsigned long)off,
                     (dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00),
                     (unsigned long)(file ? file->ino : 0));
    const char *name = file ? 0 : procfs_maps_name(w, a);
    if (name) {
        while (n < PROCFS_MAPS_PAD)
            buf[n++] = ' ';
        n += snprintf(buf + n, PROCFS_LINE_MAX - (size_t)n, " %s", name);
    }
    assert(n < PROCFS_LINE_MAX - 1);
    buf[n++] = '\n';
    return (size_t)n;
}

/* procfs_maps_batch: lines from w->at on, while they fit in the pages t
 * has; true at the end of the areas. Caller holds vm->lock. */
static bool procfs_maps_batch(struct procfs_maps_walk *w, struct procfs_text *t)
{
    assert(spin_holding(&w->vm->lock));
    char line[PROCFS_LINE_MAX];
    for (const struct vm_area *a = vm_area_from(w->vm, w->at); a; a = vm_area_next(a)) {
        size_t n = procfs_maps_line(w, a, line);
        if (n > procfs_text_room(t)) {
            w->at = a->start;
            return false;
        }
        procfs_text_put(t, line, n);
    }
    return true;
}

int procfs_gen_maps(struct procfs_text *t, const struct procfs_node *n)
{
    struct procfs_proc p;
    struct procfs_maps_walk w = { .at = 0 };
    if (!procfs_proc_get(n->pid, 0, &p, &w.vm))
        return -ENOENT;
    if (!w.vm)
        return 0;                /* a zombie: no areas */
    snprintf(w.image, sizeof(w.image), "/bin/%s", p.name);
    int err = 0;
    bool done = false;
    while (!done && !(err = procfs_text_reserve(t, PROCFS_LINE_MAX))) {
        spin_lock(&w.vm->lock);
        done = procfs_maps_batch(&w, t);
        spin_unlock(&w.vm->lock);
    }
    vmspace_put(w.vm);
    return err;
}
