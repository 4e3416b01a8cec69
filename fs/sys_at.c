/* sys_at.c -- lookups for the path calls, over fs/path_at.h (see
 * sys_at.h). */
#include "kernel/kernel.h"
#include "fs/sys_at.h"
#include "fs/path_at.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "include/weensy/errno.h"

int at_fd_vnode(long fd, struct vnode **out)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f) {               /* as path_start: no descriptor is that large */
        if (f)
            file_put(f);
        return -EBADF;
    }
    *out = f->vnode;
    vnode_ref(*out);
    file_put(f);
    return 0;
}

int at_lookup(long dirfd, uintptr_t upath, int flags, struct vnode **out)
{
    char *path;
    int err = path_copyin(upath, &path, flags & AT_EMPTY_PATH);
    if (err)
        return err;
    struct vnode *at;
    if (!path[0] && fd_arg(dirfd) == AT_FDCWD) {     /* AT_EMPTY_PATH: dirfd's own file */
        *out = files_cwd();
    } else if (!path[0]) {
        err = at_fd_vnode(dirfd, out);
    } else if (!(err = path_start(dirfd, path, &at))) {
        err = vfs_lookup(at, path, out);
        vnode_put(at);
    }
    path_free(path);
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
    char *path;
    int err = path_copyin(upath, &path, false);
    if (err)
        return err;
    struct vnode *at;
    err = path_start(dirfd, path, &at);
    if (!err) {
        p->kind = at_last_kind(path, &p->slash);
        err = vfs_lookup_parent(at, path, &p->dir, p->last);
        vnode_put(at);
    }
    path_free(path);
    if (!err)
        assert((p->kind == AT_LAST_NORM) == (p->last[0] != 0));   /* the VFS splits as we read it */
    return err;
}

void at_parent_put(struct at_parent *p) { vnode_put(p->dir); }
