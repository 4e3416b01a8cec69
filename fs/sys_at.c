/* sys_at.c -- user paths and where they start (see sys_at.h). */
#include "kernel/kernel.h"
#include "fs/sys_at.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

int at_fd_vnode(long fd, struct vnode **out)
{
    struct file *f = fd_get((int)fd);        /* Linux takes descriptors as int */
    if (!f)
        return -EBADF;
    *out = f->vnode;
    vnode_ref(*out);
    file_put(f);
    return 0;
}

/* Where a relative path starts: dirfd's directory (or, with any_kind, its
 * file of any kind), or the working directory. */
static int at_start(long dirfd, bool any_kind, struct vnode **out)
{
    if ((int)dirfd == AT_FDCWD) {
        *out = files_cwd();
        return 0;
    }
    int err = at_fd_vnode(dirfd, out);
    if (!err && !any_kind && (*out)->type != VN_DIR) {
        vnode_put(*out);
        err = -ENOTDIR;
    }
    return err;
}

int at_path_get(long dirfd, uintptr_t upath, bool empty_ok, struct at_path *ap)
{
    ap->at = 0;
    ap->path = kmalloc(PATH_MAX);
    if (!ap->path)
        return -ENOMEM;
    long len = copyinstr(ap->path, upath, PATH_MAX);
    int err = len < 0 ? (int)len : 0;
    if (!err && len == 0 && !empty_ok)
        err = -ENOENT;
    if (!err && ap->path[0] != '/')
        err = at_start(dirfd, len == 0, &ap->at);
    if (err)
        kfree(ap->path);
    return err;
}

void at_path_put(struct at_path *ap)
{
    if (ap->at)
        vnode_put(ap->at);
    kfree(ap->path);
}

int at_lookup(long dirfd, uintptr_t upath, int flags, struct vnode **out)
{
    struct at_path ap;
    int err = at_path_get(dirfd, upath, flags & AT_EMPTY_PATH, &ap);
    if (err)
        return err;
    if (!ap.path[0]) {                       /* AT_EMPTY_PATH: dirfd's own file */
        *out = ap.at;
        ap.at = 0;
    } else {
        err = vfs_lookup(ap.at, ap.path, out);
    }
    at_path_put(&ap);
    return err;
}

/* The kind of path's last component (trailing slashes aside). */
static enum at_last at_last_kind(const char *path, bool *slash)
{
    size_t end = strlen(path);
    *slash = end > 0 && path[end - 1] == '/';
    while (end > 0 && path[end - 1] == '/')
        end--;
    if (end == 0)
        return AT_LAST_ROOT;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end - start == 1 && path[start] == '.')
        return AT_LAST_DOT;
    if (end - start == 2 && path[start] == '.' && path[start + 1] == '.')
        return AT_LAST_DOTDOT;
    return AT_LAST_NORM;
}

int at_lookup_parent(long dirfd, uintptr_t upath, struct at_parent *p)
{
    struct at_path ap;
    int err = at_path_get(dirfd, upath, false, &ap);
    if (err)
        return err;
    p->kind = at_last_kind(ap.path, &p->slash);
    err = vfs_lookup_parent(ap.at, ap.path, &p->dir, p->last);
    at_path_put(&ap);
    if (!err)
        assert((p->kind == AT_LAST_NORM) == (p->last[0] != 0));
    return err;
}

void at_parent_put(struct at_parent *p) { vnode_put(p->dir); }
