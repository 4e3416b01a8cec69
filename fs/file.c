/* file.c -- open files (see vfs.h): what a descriptor refers to. */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

/* What F_GETFL reports and F_SETFL may change; the access mode is fixed
 * at open. */
#define FILE_KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK)

struct file *file_alloc(struct vnode *v, const struct file_ops *ops, unsigned flags)
{
    struct file *f = kmalloc(sizeof(*f));
    if (!f)
        return 0;
    f->refs = 1;
    f->ops = ops;
    f->vnode = v;
    vnode_ref(v);
    f->flags = flags & FILE_KEPT_FLAGS;
    sleeplock_init(&f->lock, "file");
    return f;
}

int file_open_vnode(struct vnode *v, unsigned flags, struct file **out)
{
    struct file *f = file_alloc(v, &vnode_file_ops, flags);
    if (!f)
        return -ENOMEM;
    int err = v->ops->open ? v->ops->open(v, f) : 0;
    if (err) {
        f->ops = &vnode_file_ops;            /* nothing of the device's to close */
        file_put(f);
        return err;
    }
    *out = f;
    return 0;
}

void file_ref(struct file *f)
{
    int old = __atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
    assert(old > 0);
}

void file_put(struct file *f)
{
    int left = __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL);
    assert(left >= 0);
    if (left)
        return;
    if (f->ops->close)
        f->ops->close(f);
    vnode_put(f->vnode);
    kfree(f);
}

/* ---- regular files and directories --------------------------------------- */

static long vnode_file_read(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    if (f->vnode->type == VN_DIR)
        return -EISDIR;
    return vnode_read_user(f->vnode, pos, ubuf, n);
}

static long vnode_file_write(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    if (f->vnode->type == VN_DIR)
        return -EISDIR;
    bool append = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_APPEND;
    return vnode_write_user(f->vnode, pos, ubuf, n, append);
}

static long vnode_file_write_kernel(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
    if (f->vnode->type == VN_DIR)
        return -EISDIR;
    bool append = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_APPEND;
    return vnode_write_at(f->vnode, pos, buf, n, append);
}

const struct file_ops vnode_file_ops = {
    .read = vnode_file_read,
    .write = vnode_file_write,
    .write_kernel = vnode_file_write_kernel,
    .seekable = true,
};
