/* vfs_ops.c -- the operations of the path calls: the checks every file
 * system shares, in the order Linux makes them, then the file system's
 * own operation (see vfs.h). */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

/* Renames that move directories are one at a time, so that the check
 * "not into its own subtree" sees a tree nobody else reshapes meanwhile
 * (Linux's s_vfs_rename_mutex). */
static struct sleeplock rename_lock = SLEEPLOCK_INIT("rename");

/* vfs_child: the vnode called name in dir, referenced. dir->lock held. */
static int vfs_child(struct vnode *dir, const char *name, struct vnode **out)
{
    assert(sleep_holding(&dir->lock));
    if (dir->type != VN_DIR || !dir->ops->lookup)
        return -ENOTDIR;
    if (!dir->nlink)
        return -ENOENT;                      /* a removed directory holds nothing */
    return dir->ops->lookup(dir, name, out);
}

/* What a change in dir needs first: a directory of a writable file system. */
static int vfs_may_change(struct vnode *dir)
{
    if (dir->type != VN_DIR)
        return -ENOTDIR;
    if (dir->fs && dir->fs->readonly)
        return -EROFS;
    if (!dir->nlink)
        return -ENOENT;
    return 0;
}

int vfs_create(struct vnode *dir, const char *name, uint16_t mode, bool excl, struct vnode **out)
{
    sleep_lock(&dir->lock);
    struct vnode *v;
    int err = vfs_child(dir, name, &v);
    if (err == 0) {
        sleep_unlock(&dir->lock);
        if (excl) {
            vnode_put(v);
            return -EEXIST;
        }
        *out = vfs_cross_mounts(v);
        return 0;
    }
    if (err == -ENOENT)
        err = vfs_may_change(dir);
    if (!err)
        err = dir->ops->create ? dir->ops->create(dir, name, mode, out) : -EPERM;
    if (!err)
        vnode_touch(dir);
    sleep_unlock(&dir->lock);
    return err;
}

int vfs_mkdir(struct vnode *dir, const char *name, uint16_t mode)
{
    sleep_lock(&dir->lock);
    struct vnode *v;
    int err = vfs_child(dir, name, &v);
    if (err == 0) {
        vnode_put(v);
        err = -EEXIST;
    } else if (err == -ENOENT) {
        err = vfs_may_change(dir);
        if (!err)
            err = dir->ops->mkdir ? dir->ops->mkdir(dir, name, mode) : -EPERM;
        if (!err)
            vnode_touch(dir);
    }
    sleep_unlock(&dir->lock);
    return err;
}

/* vfs_remove: unlink (dir false) or rmdir (dir true) name in d. */
static int vfs_remove(struct vnode *d, const char *name, bool isdir)
{
    if (d->fs && d->fs->readonly && d->type == VN_DIR)
        return -EROFS;                       /* as Linux: before the name is looked up */
    sleep_lock(&d->lock);
    struct vnode *v;
    int err = vfs_child(d, name, &v);
    if (!err) {
        if (isdir && v->type != VN_DIR)
            err = -ENOTDIR;
        else if (!isdir && v->type == VN_DIR)
            err = -EISDIR;
        else if (__atomic_load_n(&v->mounted, __ATOMIC_ACQUIRE))
            err = -EBUSY;                    /* a mount point */
        else
            err = vfs_may_change(d);
        vnode_put(v);
    }
    if (!err) {
        int (*op)(struct vnode *, const char *) = isdir ? d->ops->rmdir : d->ops->unlink;
        err = op ? op(d, name) : -EPERM;
    }
    if (!err)
        vnode_touch(d);
    sleep_unlock(&d->lock);
    return err;
}

int vfs_unlink(struct vnode *dir, const char *name) { return vfs_remove(dir, name, false); }
int vfs_rmdir(struct vnode *dir, const char *name) { return vfs_remove(dir, name, true); }

/* Is `anc` dir or one of dir's ancestors? (Under rename_lock.) */
static bool vfs_is_ancestor(struct vnode *anc, struct vnode *dir)
{
    struct vnode *cur = dir;
    vnode_ref(cur);
    bool found = false;
    while (!found && cur != vfs_root_peek() && cur->fs == anc->fs) {
        found = cur == anc;
        struct vnode *up;
        if (found || vfs_lookup(cur, "..", &up) != 0)
            break;
        bool top = up == cur;                /* a root that is its own parent */
        vnode_put(cur);
        cur = up;
        if (top)
            break;
    }
    found = found || cur == anc;
    vnode_put(cur);
    return found;
}

int vfs_rename(struct vnode *fromdir, const char *from, struct vnode *todir, const char *to)
{
    if (fromdir->fs != todir->fs)
        return -EXDEV;
    sleep_lock(&rename_lock);
    struct vnode *src;
    sleep_lock(&fromdir->lock);
    int err = vfs_child(fromdir, from, &src);
    sleep_unlock(&fromdir->lock);
    if (!err) {
        if (src->type == VN_DIR && vfs_is_ancestor(src, todir))
            err = -EINVAL;                   /* into its own subtree */
        else if (__atomic_load_n(&src->mounted, __ATOMIC_ACQUIRE))
            err = -EBUSY;
        vnode_put(src);
    }
    if (!err)
        err = vfs_may_change(fromdir);
    if (!err)
        err = vfs_may_change(todir);
    if (!err) {
        /* A directory before its descendants (the order of every other
         * path operation); two unrelated ones by address. */
        bool from_first = fromdir != todir && vfs_is_ancestor(fromdir, todir) ? true
                        : fromdir != todir && vfs_is_ancestor(todir, fromdir) ? false
                        : fromdir < todir;
        struct vnode *a = from_first ? fromdir : todir, *b = from_first ? todir : fromdir;
        sleep_lock(&a->lock);
        if (b != a)
            sleep_lock(&b->lock);
        err = fromdir->ops->rename ? fromdir->ops->rename(fromdir, from, todir, to) : -EPERM;
        if (!err) {
            vnode_touch(fromdir);
            vnode_touch(todir);
        }
        if (b != a)
            sleep_unlock(&b->lock);
        sleep_unlock(&a->lock);
    }
    sleep_unlock(&rename_lock);
    return err;
}

/* The name that dir's entry for v has (by inode number), into name. */
static int vfs_name_in(struct vnode *dir, struct vnode *v, char *name)
{
    struct vfs_dirent *d = kmalloc(sizeof(*d));
    if (!d)
        return -ENOMEM;
    int err = -ENOENT;
    uint64_t pos = 0;
    sleep_lock(&dir->lock);
    while (dir->ops->readdir && dir->ops->readdir(dir, &pos, d) == 1) {
        if (d->ino == v->ino && strcmp(d->name, ".") != 0 && strcmp(d->name, "..") != 0) {
            strlcpy(name, d->name, NAME_MAX + 1);
            err = 0;
            break;
        }
    }
    sleep_unlock(&dir->lock);
    kfree(d);
    return err;
}

/* Prepend "/" and name to the path that ends at buf + *at. */
static int vfs_prepend(char *buf, size_t *at, const char *name)
{
    size_t len = strlen(name);
    if (len + 1 > *at)
        return -ERANGE;
    *at -= len;
    memcpy(buf + *at, name, len);
    buf[--*at] = '/';
    return 0;
}

long vfs_path_of(struct vnode *v, char *buf, size_t size)
{
    if (size < 2)
        return -ERANGE;
    if (v->type == VN_DIR && !v->nlink)
        return -ENOENT;                      /* removed */
    char *name = kmalloc(NAME_MAX + 1);
    if (!name)
        return -ENOMEM;
    size_t at = size - 1;
    buf[at] = 0;
    struct vnode *cur = v;
    vnode_ref(cur);
    int err = 0;
    while (!err && cur != vfs_root_peek()) {
        while (cur->covered) {
            struct vnode *under = cur->covered;
            vnode_ref(under);
            vnode_put(cur);
            cur = under;
        }
        struct vnode *up;
        err = vfs_lookup(cur, "..", &up);
        if (err)
            break;
        if (up == cur) {                     /* a root that is its own parent: stop */
            vnode_put(up);
            break;
        }
        err = vfs_name_in(up, cur, name);
        if (!err)
            err = vfs_prepend(buf, &at, name);
        vnode_put(cur);
        cur = up;
    }
    vnode_put(cur);
    kfree(name);
    if (err)
        return err;
    if (at == size - 1)
        buf[--at] = '/';                     /* "/" itself */
    size_t len = size - 1 - at;
    memmove(buf, buf + at, len + 1);
    return (long)len;
}
