/* sys_sendfile.c -- sendfile(2): bytes from a regular file to any file
 * that takes them from kernel memory (a regular file, a pipe, the
 * console, /dev/null: file_ops.write_kernel), through one kernel page,
 * never through the caller's memory. busybox's cat, cp and tail use it.
 *
 * As Linux: in_fd must be open for reading and out_fd for writing
 * (-EBADF); in_fd must be a regular file whose bytes are its vnode's, and
 * out_fd able to take the bytes and not O_APPEND (-EINVAL). A /proc
 * file's bytes are made at open, so it is -EINVAL, and busybox falls back
 * to read and write, as for a Linux file without splice_read. With an offset, in_fd's position
 * stays and *offset moves; without, in_fd's position moves. At most
 * 0x7ffff000 bytes a call; a signal stops it between pages (the bytes
 * sent so far, or -EINTR). The positions are taken under each file's
 * lock a page at a time, so in_fd and out_fd may be the same file. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "kernel/wait.h"
#include "include/weensy/errno.h"

#define SENDFILE_MAX 0x7ffff000L

static int sendfile_check(struct file *out, struct file *in)
{
    if (!out || !in || !file_readable(in) || !file_writable(out))
        return -EBADF;
    /* A file whose bytes are its vnode's: not /proc's, made at open. */
    if (in->ops != &vnode_file_ops || in->vnode->type != VN_REG || !out->ops->write_kernel)
        return -EINVAL;
    if (__atomic_load_n(&out->flags, __ATOMIC_RELAXED) & O_APPEND)
        return -EINVAL;
    return 0;
}

/* One page's worth: read at *pos (in's own position when pos is NULL),
 * write it all or what out takes. Bytes moved, 0 at the end of in, or an
 * error. */
static long sendfile_chunk(struct file *out, struct file *in, uint64_t *pos, void *buf, size_t n)
{
    if (!pos)
        sleep_lock(&in->lock);
    uint64_t at = pos ? *pos : in->pos;
    if (!pos)
        sleep_unlock(&in->lock);
    long got = vnode_read(in->vnode, at, buf, n);
    if (got <= 0)
        return got;
    long put;
    if (out->ops->seekable) {
        sleep_lock(&out->lock);
        put = out->ops->write_kernel(out, buf, (size_t)got, &out->pos);
        sleep_unlock(&out->lock);
    } else {
        put = out->ops->write_kernel(out, buf, (size_t)got, &out->pos);
    }
    if (put <= 0)
        return put;
    if (pos) {
        *pos += (uint64_t)put;
    } else {
        sleep_lock(&in->lock);
        in->pos = at + (uint64_t)put;
        sleep_unlock(&in->lock);
    }
    return put;
}

static long sendfile_files(struct file *out, struct file *in, uintptr_t uoff, size_t count)
{
    long err = sendfile_check(out, in);
    if (err)
        return err;
    int64_t off = 0;
    if (uoff && copyin(&off, uoff, sizeof(off)) < 0)
        return -EFAULT;
    if (off < 0)
        return -EINVAL;
    uint64_t pos = (uint64_t)off;
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!pg)
        return -ENOMEM;
    size_t total = MIN(count, (size_t)SENDFILE_MAX), done = 0;
    long r = 0;
    while (done < total) {
        /* A signal ends a long copy between pages, with what was sent
         * (a file sent into itself grows as fast as it is read). */
        if (wait_interrupted()) {
            r = -EINTR;
            break;
        }
        size_t want = MIN(total - done, (size_t)PAGE_SIZE);
        r = sendfile_chunk(out, in, uoff ? &pos : 0, page_kva(pg), want);
        if (r <= 0)
            break;
        done += (size_t)r;
        if ((size_t)r < want)
            break;               /* out took less, or in ended */
    }
    page_put(pg);
    if (uoff && done) {
        off = (int64_t)pos;
        if (copyout(uoff, &off, sizeof(off)) < 0)
            return -EFAULT;
    }
    return done ? (long)done : r;
}

long sys_sendfile(long out_fd, long in_fd, uintptr_t uoff, size_t count)
{
    struct file *out = fd_get(fd_arg(out_fd)), *in = fd_get(fd_arg(in_fd));
    long r = sendfile_files(out, in, uoff, count);
    if (in)
        file_put(in);
    if (out)
        file_put(out);
    if (r == -EPIPE)
        files_sigpipe();         /* the process dies of SIGPIPE on its way out */
    return r;
}
