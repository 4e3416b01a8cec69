/* sys_stat.c -- the system calls that look at a file without opening it:
 * stat, lstat, fstat, newfstatat, statfs, fstatfs, access, faccessat,
 * faccessat2, readlink, readlinkat. weensy has no symbolic links, so the
 * l- forms and AT_SYMLINK_NOFOLLOW answer as the others do, and readlink
 * finds no link to read. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/sys_at.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "arch/x86_64/memlayout.h"
#include "include/weensy/errno.h"

/* newfstatat's flags that change nothing here (Linux's values). */
#define AT_NO_AUTOMOUNT     0x800
#define AT_STATX_SYNC_TYPE  0x6000

/* v's attributes out to ust; takes over v's reference. */
static long stat_out(struct vnode *v, uintptr_t ust)
{
    struct stat st;
    vnode_stat(v, &st);
    vnode_put(v);
    return copyout(ust, &st, sizeof(st));
}

long sys_newfstatat(long dirfd, uintptr_t path, uintptr_t st, long flags)
{
    if ((int)flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    struct vnode *v;
    int err = at_lookup(dirfd, path, (int)flags & AT_EMPTY_PATH, &v);
    return err ? err : stat_out(v, st);
}

long sys_stat(uintptr_t path, uintptr_t st) { return sys_newfstatat(AT_FDCWD, path, st, 0); }
long sys_lstat(uintptr_t path, uintptr_t st) { return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }

long sys_fstat(long fd, uintptr_t st)
{
    struct vnode *v;
    int err = at_fd_vnode(fd, &v);
    return err ? err : stat_out(v, st);
}

/* The file system v is on, as statfs(2) reports it; takes over v's
 * reference. The file system fills in its blocks and files. */
static long statfs_out(struct vnode *v, uintptr_t ust)
{
    struct statfs st;
    memset(&st, 0, sizeof(st));
    struct fs *fs = v->fs;
    vnode_put(v);                            /* file systems are never unmounted */
    st.f_type = fs->magic;
    st.f_bsize = st.f_frsize = PAGE_SIZE;
    st.f_fsid[0] = (int32_t)fs->dev;
    st.f_namelen = NAME_MAX;
    st.f_flags = fs->readonly ? ST_RDONLY : 0;
    if (fs->statfs)
        fs->statfs(fs, &st);
    return copyout(ust, &st, sizeof(st));
}

long sys_statfs(uintptr_t path, uintptr_t st)
{
    struct vnode *v;
    int err = at_lookup(AT_FDCWD, path, 0, &v);
    return err ? err : statfs_out(v, st);
}

long sys_fstatfs(long fd, uintptr_t st)
{
    struct vnode *v;
    int err = at_fd_vnode(fd, &v);
    return err ? err : statfs_out(v, st);
}

/* weensy's one user is root, who may read and write anything (but not
 * write a read-only file system's files and directories) and may run a
 * file with some x bit. */
static int access_check(struct vnode *v, int mode)
{
    bool fs_file = v->type == VN_REG || v->type == VN_DIR;
    if ((mode & W_OK) && fs_file && v->fs && v->fs->readonly)
        return -EROFS;
    if (!(mode & X_OK) || v->type == VN_DIR)
        return 0;
    sleep_lock(&v->lock);
    bool runnable = v->mode & 0111;
    sleep_unlock(&v->lock);
    return runnable ? 0 : -EACCES;
}

long sys_faccessat2(long dirfd, uintptr_t path, long mode, long flags)
{
    if ((int)mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if ((int)flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vnode *v;
    int err = at_lookup(dirfd, path, (int)flags & AT_EMPTY_PATH, &v);
    if (err)
        return err;
    err = access_check(v, (int)mode);
    vnode_put(v);
    return err;
}

long sys_faccessat(long dirfd, uintptr_t path, long mode) { return sys_faccessat2(dirfd, path, mode, 0); }
long sys_access(uintptr_t path, long mode) { return sys_faccessat2(AT_FDCWD, path, mode, 0); }

/* No file is a symbolic link: an existing one is -EINVAL. */
long sys_readlinkat(long dirfd, uintptr_t path, uintptr_t buf, size_t n)
{
    (void)buf;
    if ((int)n <= 0)
        return -EINVAL;                      /* Linux checks the size before the path */
    struct vnode *v;
    int err = at_lookup(dirfd, path, 0, &v);
    if (err)
        return err;
    vnode_put(v);
    return -EINVAL;
}

long sys_readlink(uintptr_t path, uintptr_t buf, size_t n) { return sys_readlinkat(AT_FDCWD, path, buf, n); }
