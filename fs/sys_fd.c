/* sys_fd.c -- the calls on descriptors themselves: close, dup, dup2, dup3,
 * fcntl, and getdents64, fsync and fdatasync (Linux's semantics). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/uaccess.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

long sys_close(long fd) { return fd_close(fd_arg(fd)); }

long sys_dup(long fd)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return f ? (file_put(f), -EBADF) : -EBADF;
    int r = fd_install(f, 0, false);
    if (r < 0)
        file_put(f);
    return r;
}

static long dup_to(long fd, long newfd, bool cloexec)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return f ? (file_put(f), -EBADF) : -EBADF;
    int r = fd_install_at(f, fd_arg(newfd), cloexec);
    if (r < 0)
        file_put(f);
    return r;
}

long sys_dup2(long fd, long newfd)
{
    if (fd_arg(fd) == fd_arg(newfd)) {       /* nothing to do if fd is open */
        struct file *f = fd_get(fd_arg(fd));
        if (!f)
            return f ? (file_put(f), -EBADF) : -EBADF;
        file_put(f);
        return fd_arg(newfd);
    }
    return dup_to(fd, newfd, false);
}

long sys_dup3(long fd, long newfd, long flags)
{
    if ((flags & ~O_CLOEXEC) || fd_arg(fd) == fd_arg(newfd))
        return -EINVAL;
    return dup_to(fd, newfd, flags & O_CLOEXEC);
}

/* F_SETFL may change only these; the access mode and creation flags
 * stay as open set them. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

long sys_fcntl(long fd, long cmd, long arg)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return f ? (file_put(f), -EBADF) : -EBADF;
    long r;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        r = arg < 0 || arg >= FILES_MAX ? -EINVAL : fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
        if (r >= 0)
            return r;                        /* the descriptor has f's reference */
        break;
    case F_GETFD:
        r = fd_cloexec(fd_arg(fd)) ? FD_CLOEXEC : 0;
        break;
    case F_SETFD:
        r = fd_set_cloexec(fd_arg(fd), arg & FD_CLOEXEC);
        break;
    case F_GETFL:
        r = (long)__atomic_load_n(&f->flags, __ATOMIC_RELAXED);
        break;
    case F_SETFL: {
        unsigned old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED), want;
        do
            want = (old & ~SETFL_MASK) | ((unsigned)arg & SETFL_MASK);
        while (!__atomic_compare_exchange_n(&f->flags, &old, want, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
        r = 0;
        break;
    }
    default:
        r = -EINVAL;
    }
    file_put(f);
    return r;
}

/* Nothing is ever only in memory waiting for a disk: tmpfs has none, the
 * initrd is read-only. So a sync has nothing to wait for. */
static long sys_sync_fd(long fd)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    int type = f->vnode->type;
    file_put(f);
    return type == VN_REG || type == VN_DIR ? 0 : -EINVAL;   /* pipes, the console */
}

long sys_fsync(long fd) { return sys_sync_fd(fd); }
long sys_fdatasync(long fd) { return sys_sync_fd(fd); }

/* One record of getdents64 into k (room bytes): its length, or 0 if it
 * does not fit. */
static size_t dirent_pack(uint8_t *k, size_t room, const struct vfs_dirent *d, uint64_t next)
{
    size_t namelen = strlen(d->name);
    size_t len = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + namelen + 1, 8);
    if (len > room)
        return 0;
    struct linux_dirent64 *r = (struct linux_dirent64 *)k;
    memset(r, 0, len);
    r->d_ino = d->ino;
    r->d_off = (int64_t)next;
    r->d_reclen = (uint16_t)len;
    r->d_type = d->type;
    memcpy(r->d_name, d->name, namelen + 1);
    return len;
}

#define DIRENT_CHUNK 1024                    /* records gathered before each copyout */

long sys_getdents64(long fd, uintptr_t buf, size_t n)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    struct vnode *v = f->vnode;
    struct vfs_dirent *d = kmalloc(sizeof(*d));
    uint8_t *k = kmalloc(DIRENT_CHUNK);
    long r = !d || !k ? -ENOMEM : v->type != VN_DIR || !v->ops->readdir ? -ENOTDIR : !v->nlink ? -ENOENT : 0;
    size_t done = 0;
    sleep_lock(&f->lock);
    while (!r) {
        size_t fill = 0;
        uint64_t pos = f->dirpos;
        bool no_room = false;                /* stopped at a record, not at the end */
        for (;;) {
            uint64_t next = pos;
            sleep_lock(&v->lock);
            int got = v->ops->readdir(v, &next, d);
            sleep_unlock(&v->lock);
            size_t len = got == 1 ? dirent_pack(k + fill, MIN(DIRENT_CHUNK, n - done) - fill, d, next) : 0;
            if (!len) {
                no_room = got == 1;
                break;
            }
            fill += len;
            pos = next;
        }
        if (!fill) {
            /* Linux's EINVAL: the next record does not fit the buffer at
             * all. Decided from the readdir that stopped the loop, not a
             * second one: v->lock was let go between, and a name made
             * meanwhile turned the end of the directory into -EINVAL. */
            if (done == 0 && no_room)
                r = -EINVAL;
            break;
        }
        if (copyout(buf + done, k, fill) < 0) {
            r = done ? 0 : -EFAULT;
            break;
        }
        done += fill;
        f->dirpos = pos;
    }
    sleep_unlock(&f->lock);
    kfree(k);
    kfree(d);
    file_put(f);
    return r < 0 ? r : (long)done;
}
