/* vfs_empty.c -- emptying a directory tree: what power-off does to /tmp,
 * whose files live only in memory and go with the machine, before the
 * final page check (which then also shows that removing them gave every
 * page back). */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

/* vfs_empty_one: remove everything in dir, deepest first. depth bounds
 * the recursion (kernel stacks are small); what lies deeper stays. */
static int vfs_empty_one(struct vnode *dir, int depth)
{
    struct vfs_dirent *d = kmalloc(sizeof(*d));
    if (!d)
        return -ENOMEM;
    int err = 0;
    uint64_t pos = 2;                        /* past "." and ".." */
    for (;;) {
        uint64_t at = pos;
        sleep_lock(&dir->lock);
        int got = dir->ops->readdir ? dir->ops->readdir(dir, &at, d) : 0;
        sleep_unlock(&dir->lock);
        if (got != 1)
            break;
        struct vnode *v;
        if (vfs_lookup(dir, d->name, &v) != 0) {
            pos = at;
            continue;
        }
        bool isdir = v->type == VN_DIR;
        if (isdir && depth > 0)
            vfs_empty_one(v, depth - 1);
        vnode_put(v);
        int r = isdir ? vfs_rmdir(dir, d->name) : vfs_unlink(dir, d->name);
        if (r) {
            err = r;
            pos = at;                        /* skip it: it stays */
        }
    }
    kfree(d);
    return err;
}

int vfs_empty(const char *path)
{
    struct vnode *dir;
    int err = vfs_lookup(0, path, &dir);
    if (err)
        return err;
    err = dir->type == VN_DIR ? vfs_empty_one(dir, 16) : -ENOTDIR;
    vnode_put(dir);
    return err;
}
