/* tmpfs_rename.c -- rename within one tmpfs, as rename(2) says: a name
 * may replace another (a file a file, a directory an empty directory),
 * and renaming a name to the vnode it already names does nothing. The
 * VFS has checked the file system (EXDEV) and that a directory does not
 * move into itself (EINVAL), and holds both directories' locks and the
 * rename lock. */
#include "kernel/kernel.h"
#include "fs/tmpfs_internal.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

/* What replacing old with src needs (no lock: types never change). */
static int tmpfs_replace_ok(struct vnode *src, struct vnode *old)
{
    if (src->type == VN_DIR && old->type != VN_DIR)
        return -ENOTDIR;
    if (src->type != VN_DIR && old->type == VN_DIR)
        return -EISDIR;
    return 0;
}

/* The change itself, under tm->lock: src's entry `se` leaves fromdir `f`;
 * src takes over `te` (replacing what it named) or the new entry `ne` in
 * todir `t`. Fails only if t was removed (-ENOENT) or the directory to
 * replace is not empty (-ENOTEMPTY; also when it is an ancestor of f). */
static int tmpfs_move(struct tmpfs_node *f, struct tmpfs_dirent *se, struct tmpfs_node *t,
                      struct tmpfs_dirent *te, struct tmpfs_dirent *ne)
{
    struct vnode *src = se->child;
    struct vnode *old = te ? te->child : 0;
    bool isdir = src->type == VN_DIR;
    if (t->v.nlink == 0)
        return -ENOENT;
    if (old && old->type == VN_DIR && tmpfs_node(old)->nentries)
        return -ENOTEMPTY;
    tmpfs_unlink(f, se);
    if (te) {
        te->child = src;
        if (old->type == VN_DIR) {           /* t loses old's ".." */
            tmpfs_set_nlink(tmpfs_node(old), 0);
            tmpfs_node(old)->parent = 0;
            tmpfs_set_nlink(t, t->v.nlink - 1);
        }
    } else {
        tmpfs_link(t, ne);
    }
    if (isdir) {                             /* src's ".." now counts in t */
        tmpfs_node(src)->parent = t;
        tmpfs_set_nlink(f, f->v.nlink - 1);
        tmpfs_set_nlink(t, t->v.nlink + 1);
    }
    return 0;
}

int tmpfs_rename(struct vnode *fromdir, const char *from, struct vnode *todir, const char *to)
{
    struct tmpfs_node *f = tmpfs_node(fromdir), *t = tmpfs_node(todir);
    struct tmpfs *tm = tmpfs_of(fromdir);
    assert(sleep_holding(&fromdir->lock) && sleep_holding(&todir->lock));
    if (strcmp(from, "..") == 0 || strcmp(to, "..") == 0)
        return -EBUSY;
    if (strlen(to) > NAME_MAX)
        return -ENAMETOOLONG;
    struct tmpfs_dirent *se = tmpfs_find(f, from);
    if (!se)
        return -ENOENT;
    struct tmpfs_dirent *te = tmpfs_find(t, to);
    struct vnode *src = se->child, *old = te ? te->child : 0;
    if (old == src)
        return 0;
    int err = old ? tmpfs_replace_ok(src, old) : 0;
    struct tmpfs_dirent *ne = 0;
    if (!err && !te && !(ne = tmpfs_dirent_new(to, src)))
        err = -ENOMEM;
    if (!err) {
        spin_lock(&tm->lock);
        err = tmpfs_move(f, se, t, te, ne);
        spin_unlock(&tm->lock);
    }
    if (err) {
        kfree(ne);
        return err;
    }
    tmpfs_dir_resize(f, -1);
    if (!te)
        tmpfs_dir_resize(t, 1);
    kfree(se);
    /* src's own lock: no rename holds it (this one holds the only one),
     * and src is neither above fromdir nor todir, so the order is kept. */
    sleep_lock(&src->lock);
    tmpfs_set_ctime(src);
    sleep_unlock(&src->lock);
    if (old) {
        if (old->type != VN_DIR)
            tmpfs_drop_file(old);
        vnode_put(old);                      /* the replaced name's reference */
    }
    return 0;
}
