/* sys_attr.c -- the system calls that change a file's attributes: chmod,
 * fchmod, fchmodat, chown, fchown, lchown, truncate, ftruncate, and the
 * umask. weensy has one user, root: modes are kept and reported, owners
 * stay root (a chown is accepted and changes nothing but ctime). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/sys_at.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

/* attr_change: v's mode becomes mode (or stays, for a chown), and its
 * ctime now; takes over v's reference. -EROFS on a read-only file system. */
static long attr_change(struct vnode *v, bool chmod, long mode)
{
    int err = 0;
    if (v->fs && v->fs->readonly) {
        err = -EROFS;
    } else {
        sleep_lock(&v->lock);
        if (chmod)
            v->mode = (uint16_t)(mode & 07777);
        uint64_t ns = timer_ns();
        v->ctime = (struct weensy_timespec){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
        sleep_unlock(&v->lock);
    }
    vnode_put(v);
    return err;
}

long sys_fchmodat(long dirfd, uintptr_t path, long mode)
{
    struct vnode *v;
    int err = at_lookup(dirfd, path, 0, &v);
    return err ? err : attr_change(v, true, mode);
}

long sys_chmod(uintptr_t path, long mode) { return sys_fchmodat(AT_FDCWD, path, mode); }

long sys_fchmod(long fd, long mode)
{
    struct vnode *v;
    int err = at_fd_vnode(fd, &v);
    return err ? err : attr_change(v, true, mode);
}

long sys_chown(uintptr_t path, long uid, long gid)
{
    (void)uid;
    (void)gid;
    struct vnode *v;
    int err = at_lookup(AT_FDCWD, path, 0, &v);
    return err ? err : attr_change(v, false, 0);
}

/* No symbolic links: lchown is chown. */
long sys_lchown(uintptr_t path, long uid, long gid) { return sys_chown(path, uid, gid); }

long sys_fchown(long fd, long uid, long gid)
{
    (void)uid;
    (void)gid;
    struct vnode *v;
    int err = at_fd_vnode(fd, &v);
    return err ? err : attr_change(v, false, 0);
}

long sys_umask(long mask) { return files_umask((uint16_t)(mask & 0777), true); }

/* vnode_truncate says -EISDIR, -EINVAL (not a regular file), -EROFS and
 * -EFBIG, in Linux's order. */
long sys_truncate(uintptr_t path, long len)
{
    if (len < 0)
        return -EINVAL;
    struct vnode *v;
    int err = at_lookup(AT_FDCWD, path, 0, &v);
    if (err)
        return err;
    err = vnode_truncate(v, (uint64_t)len);
    vnode_put(v);
    return err;
}

/* Through a descriptor the file must be regular and open for writing
 * (else -EINVAL, as Linux; so a read-only file system never gets here). */
long sys_ftruncate(long fd, long len)
{
    if (len < 0)
        return -EINVAL;
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    int err = f->vnode->type == VN_REG && file_writable(f) ? vnode_truncate(f->vnode, (uint64_t)len) : -EINVAL;
    file_put(f);
    return err;
}
