/* sys_path.c -- the system calls that make, remove and rename names, and
 * the working directory: mkdir, mkdirat, rmdir, unlink, unlinkat, rename,
 * renameat, renameat2, getcwd, chdir, fchdir. The checks every file
 * system shares are the VFS's (vfs_mkdir, ...); these add what depends on
 * the path's spelling ("x/", ".", ".."), with Linux's errors. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/sys_at.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

long sys_mkdirat(long dirfd, uintptr_t path, long mode)
{
    struct at_parent p;
    int err = at_lookup_parent(dirfd, path, &p);
    if (err)
        return err;
    if (p.kind != AT_LAST_NORM)
        err = -EEXIST;                       /* "/", "." and ".." exist ("x/" is made) */
    else
        err = vfs_mkdir(p.dir, p.last, (uint16_t)(mode & 01777 & ~files_umask(0, false)));
    at_parent_put(&p);
    return err;
}

long sys_mkdir(uintptr_t path, long mode) { return sys_mkdirat(AT_FDCWD, path, mode); }

static long path_rmdir(long dirfd, uintptr_t path)
{
    struct at_parent p;
    int err = at_lookup_parent(dirfd, path, &p);
    if (err)
        return err;
    if (p.kind == AT_LAST_DOT)
        err = -EINVAL;
    else if (p.kind == AT_LAST_DOTDOT)
        err = -ENOTEMPTY;
    else if (p.kind == AT_LAST_ROOT)
        err = -EBUSY;
    else
        err = vfs_rmdir(p.dir, p.last);
    at_parent_put(&p);
    return err;
}

/* "name/" asks for a directory: unlink says what name is instead. */
static int path_slash_error(struct vnode *dir, const char *name)
{
    struct vnode *v;
    int err = vfs_lookup(dir, name, &v);
    if (err)
        return err;
    err = v->type == VN_DIR ? -EISDIR : -ENOTDIR;
    vnode_put(v);
    return err;
}

static long path_unlink(long dirfd, uintptr_t path)
{
    struct at_parent p;
    int err = at_lookup_parent(dirfd, path, &p);
    if (err)
        return err;
    if (p.kind != AT_LAST_NORM)
        err = -EISDIR;
    else if (p.slash)
        err = path_slash_error(p.dir, p.last);
    else
        err = vfs_unlink(p.dir, p.last);
    at_parent_put(&p);
    return err;
}

long sys_rmdir(uintptr_t path) { return path_rmdir(AT_FDCWD, path); }
long sys_unlink(uintptr_t path) { return path_unlink(AT_FDCWD, path); }

long sys_unlinkat(long dirfd, uintptr_t path, long flags)
{
    if ((int)flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return (int)flags & AT_REMOVEDIR ? path_rmdir(dirfd, path) : path_unlink(dirfd, path);
}

/* With a "/" at the end of either path, the source must be a directory. */
static int path_rename_slash(struct at_parent *from, struct at_parent *to)
{
    if (!from->slash && !to->slash)
        return 0;
    struct vnode *v;
    int err = vfs_lookup(from->dir, from->last, &v);
    if (err)
        return err;
    err = v->type == VN_DIR ? 0 : -ENOTDIR;
    vnode_put(v);
    return err;
}

long sys_renameat2(long fromfd, uintptr_t from, long tofd, uintptr_t to, long flags)
{
    if ((unsigned)flags)
        return -EINVAL;                      /* RENAME_NOREPLACE, _EXCHANGE, _WHITEOUT: not in weensy */
    struct at_parent *p = kmalloc(2 * sizeof(*p));
    if (!p)
        return -ENOMEM;
    int err = at_lookup_parent(fromfd, from, &p[0]);
    if (!err) {
        err = at_lookup_parent(tofd, to, &p[1]);
        if (!err) {
            if (p[0].kind != AT_LAST_NORM || p[1].kind != AT_LAST_NORM)
                err = -EBUSY;                /* ".", ".." or "/" at either end */
            if (!err)
                err = path_rename_slash(&p[0], &p[1]);
            if (!err)
                err = vfs_rename(p[0].dir, p[0].last, p[1].dir, p[1].last);
            at_parent_put(&p[1]);
        }
        at_parent_put(&p[0]);
    }
    kfree(p);
    return err;
}

long sys_renameat(long fromfd, uintptr_t from, long tofd, uintptr_t to)
{
    return sys_renameat2(fromfd, from, tofd, to, 0);
}

long sys_rename(uintptr_t from, uintptr_t to) { return sys_renameat2(AT_FDCWD, from, AT_FDCWD, to, 0); }

/* The length returned counts the NUL, as Linux's system call does (the C
 * library's getcwd returns the buffer instead). */
long sys_getcwd(uintptr_t buf, size_t size)
{
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return -ENOMEM;
    struct vnode *cwd = files_cwd();
    long len = vfs_path_of(cwd, path, PATH_MAX);
    vnode_put(cwd);
    if (len == -ERANGE)
        len = -ENAMETOOLONG;                 /* longer than a page: Linux's answer */
    if (len >= 0 && (size_t)len + 1 > size)
        len = -ERANGE;
    if (len >= 0 && copyout(buf, path, (size_t)len + 1) != 0)
        len = -EFAULT;
    kfree(path);
    return len < 0 ? len : len + 1;
}

/* v (referenced, taken over) becomes the working directory. */
static long path_chdir_to(struct vnode *v)
{
    if (v->type != VN_DIR) {
        vnode_put(v);
        return -ENOTDIR;
    }
    return files_chdir(v);
}

long sys_chdir(uintptr_t path)
{
    struct vnode *v;
    int err = at_lookup(AT_FDCWD, path, 0, &v);
    return err ? err : path_chdir_to(v);
}

long sys_fchdir(long fd)
{
    struct vnode *v;
    int err = at_fd_vnode(fd, &v);
    return err ? err : path_chdir_to(v);
}
