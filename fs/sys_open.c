/* sys_open.c -- open, openat and creat (Linux's semantics and errors). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "fs/path_at.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

#define OPEN_KNOWN (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
                    O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* open_create: the vnode at path, made (a regular file) if missing. */
static int open_create(struct vnode *at, const char *path, long flags, long mode, struct vnode **out)
{
    struct vnode *dir;
    char *last = kmalloc(NAME_MAX + 1);
    if (!last)
        return -ENOMEM;
    int err = vfs_lookup_parent(at, path, &dir, last);
    if (!err) {
        if (!last[0] && (flags & O_EXCL))
            err = -EEXIST;                   /* "/", "x/.": it exists */
        else if (!last[0] || path[strlen(path) - 1] == '/')
            err = -EISDIR;                   /* "/", "x/.", "x/": only a directory is there */
        else
            err = vfs_create(dir, last, (uint16_t)(mode & 07777 & ~files_umask(0, false)),
                             flags & O_EXCL, out);
        vnode_put(dir);
    }
    kfree(last);
    return err;
}

/* open_check: what the opened vnode must allow for these flags. */
static int open_check(struct vnode *v, long flags)
{
    int acc = flags & O_ACCMODE;
    if ((flags & O_DIRECTORY) && v->type != VN_DIR)
        return -ENOTDIR;
    if (v->type == VN_DIR && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
        return -EISDIR;
    bool changes = acc != O_RDONLY || (flags & O_TRUNC);
    if (changes && v->fs && v->fs->readonly && v->type == VN_REG)
        return -EROFS;
    return 0;
}

long sys_openat(long dirfd, uintptr_t upath, long flags, long mode)
{
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if (!files_have_room())
        return -EMFILE;                      /* as Linux: before anything is made */
    char *path;
    int err = path_copyin(upath, &path, false);
    if (err)
        return err;
    struct vnode *at, *v = 0;
    err = path_start(dirfd, path, &at);
    if (!err) {
        err = flags & O_CREAT ? open_create(at, path, flags, mode, &v) : vfs_lookup(at, path, &v);
        vnode_put(at);
    }
    path_free(path);
    if (!err)
        err = open_check(v, flags);
    if (!err && (flags & O_TRUNC) && v->type == VN_REG)
        err = vnode_truncate(v, 0);
    struct file *f = 0;
    if (!err)
        err = file_open_vnode(v, (unsigned)(flags & OPEN_KNOWN), &f);
    if (v)
        vnode_put(v);
    if (err)
        return err;
    int fd = fd_install(f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_open(uintptr_t path, long flags, long mode) { return sys_openat(AT_FDCWD, path, flags, mode); }
long sys_creat(uintptr_t path, long mode) { return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }
