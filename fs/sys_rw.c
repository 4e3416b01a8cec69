/* sys_rw.c -- read, write and their relatives on any descriptor: the
 * file's ops do the work (a regular file's go through the page cache, a
 * pipe's wait, the console's take input from the terminal). Linux's
 * errors: -EBADF for a descriptor not open for that, -EFAULT, -EISDIR,
 * -ESPIPE for positions on what has none, -EINVAL. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/uaccess.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

#define IO_MAX 0x7ffff000L       /* Linux's cap on one read or write */

/* file_io: one read or write of f at *pos (the file's own position when
 * pos is NULL, held under f->lock for a seekable file). */
static long file_io(struct file *f, uintptr_t buf, size_t n, uint64_t *pos, bool write)
{
    if (write ? !file_writable(f) : !file_readable(f))
        return -EBADF;
    long (*op)(struct file *, uintptr_t, size_t, uint64_t *) = write ? f->ops->write : f->ops->read;
    if (!op)
        return -EINVAL;
    if (n > IO_MAX)
        n = IO_MAX;
    if (pos)
        return op(f, buf, n, pos);
    if (!f->ops->seekable)
        return op(f, buf, n, &f->pos);
    sleep_lock(&f->lock);
    long r = op(f, buf, n, &f->pos);
    sleep_unlock(&f->lock);
    return r;
}

static long sys_io(long fd, uintptr_t buf, size_t n, bool write)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return f ? (file_put(f), -EBADF) : -EBADF;
    long r = file_io(f, buf, n, 0, write);
    file_put(f);
    if (r == -EPIPE)
        files_sigpipe();         /* the process dies of SIGPIPE on its way out */
    return r;
}

long sys_read(long fd, uintptr_t buf, size_t n) { return sys_io(fd, buf, n, false); }
long sys_write(long fd, uintptr_t buf, size_t n) { return sys_io(fd, buf, n, true); }

static long sys_pio(long fd, uintptr_t buf, size_t n, long off, bool write)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    long r;
    if (!f->ops->seekable)
        r = -ESPIPE;
    else if (off < 0)
        r = -EINVAL;
    else {
        uint64_t pos = (uint64_t)off;
        r = file_io(f, buf, n, &pos, write);
    }
    file_put(f);
    return r;
}

long sys_pread64(long fd, uintptr_t buf, size_t n, long off) { return sys_pio(fd, buf, n, off, false); }
long sys_pwrite64(long fd, uintptr_t buf, size_t n, long off) { return sys_pio(fd, buf, n, off, true); }

/* The vector is read in pieces (kmalloc's largest object is 2 KiB). */
#define IOV_CHUNK (2048 / sizeof(struct iovec))

/* iov_piece: vectors [base, base + cnt) of uiov into iov. */
static int iov_piece(struct iovec *iov, uintptr_t uiov, long base, size_t cnt)
{
    return copyin(iov, uiov + (size_t)base * sizeof(*iov), cnt * sizeof(*iov)) < 0 ? -EFAULT : 0;
}

/* iov_check: as Linux, the whole vector is checked before any byte
 * moves: every entry readable (-EFAULT), the total within ssize_t
 * (-EINVAL). */
static int iov_check(struct iovec *iov, uintptr_t uiov, long iovcnt)
{
    uint64_t total = 0;
    for (long base = 0; base < iovcnt; base += (long)IOV_CHUNK) {
        size_t cnt = MIN((size_t)(iovcnt - base), IOV_CHUNK);
        if (iov_piece(iov, uiov, base, cnt) < 0)
            return -EFAULT;
        for (size_t i = 0; i < cnt; i++) {
            if (iov[i].iov_len > (uint64_t)INT64_MAX - total)
                return -EINVAL;
            total += iov[i].iov_len;
        }
    }
    return 0;
}

/* readv/writev: the vectors in turn, stopping at the first short one;
 * an error after some bytes moved is not reported (Linux's rule). */
static long sys_iov(long fd, uintptr_t uiov, long iovcnt, bool write)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    struct iovec *iov = 0;
    long r = iovcnt < 0 || iovcnt > IOV_MAX ? -EINVAL : 0;
    if (!r && !(iov = kmalloc(IOV_CHUNK * sizeof(*iov))))
        r = -ENOMEM;
    if (!r)
        r = iov_check(iov, uiov, iovcnt);
    long done = 0;
    bool more = true;
    for (long base = 0; !r && more && base < iovcnt; base += (long)IOV_CHUNK) {
        size_t cnt = MIN((size_t)(iovcnt - base), IOV_CHUNK);
        r = iov_piece(iov, uiov, base, cnt);
        for (size_t i = 0; !r && more && i < cnt; i++) {
            if (!iov[i].iov_len)
                continue;
            long got = file_io(f, (uintptr_t)iov[i].iov_base, iov[i].iov_len, 0, write);
            if (got < 0)
                r = done ? 0 : got;
            else
                done += got;
            more = got >= 0 && (uint64_t)got == iov[i].iov_len;
        }
    }
    kfree(iov);
    file_put(f);
    if (r == -EPIPE)
        files_sigpipe();
    return r < 0 ? r : done;
}

long sys_readv(long fd, uintptr_t iov, long iovcnt) { return sys_iov(fd, iov, iovcnt, false); }
long sys_writev(long fd, uintptr_t iov, long iovcnt) { return sys_iov(fd, iov, iovcnt, true); }

long sys_lseek(long fd, long off, long whence)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    long r;
    if (!f->ops->seekable) {
        file_put(f);
        return -ESPIPE;
    }
    sleep_lock(&f->lock);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos
                 : whence == SEEK_END ? (int64_t)vnode_size(f->vnode) : -1;
    if (base < 0 && whence != SEEK_SET)
        r = -EINVAL;
    else if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
        r = off > 0 ? -EOVERFLOW : -EINVAL;
    else {
        f->pos = (uint64_t)(base + off);
        if (f->vnode->type == VN_DIR && f->pos == 0)
            f->dirpos = 0;                   /* rewinddir */
        r = (long)f->pos;
    }
    sleep_unlock(&f->lock);
    file_put(f);
    return r;
}

long sys_ioctl(long fd, long request, uintptr_t arg)
{
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return -EBADF;
    long r = f->ops->ioctl ? f->ops->ioctl(f, request, arg) : -ENOTTY;
    file_put(f);
    return r;
}
