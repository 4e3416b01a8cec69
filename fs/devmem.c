/* devmem.c -- the memory character devices every Unix program expects:
 * /dev/null (reads end at once, writes vanish), /dev/zero (reads give
 * zeros), /dev/full (writes fail with ENOSPC), with Linux's numbers
 * (major 1: minors 3, 5, 7). */
#include "kernel/kernel.h"
#include "fs/devfs.h"
#include "fs/devmem.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

#define MEM_MAJOR 1

static long devmem_read_nothing(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return 0;
}

static long devmem_write_all(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)pos;
    return (long)n;
}

/* Zeros, a chunk at a time from a zeroed buffer (copyout may fault and
 * sleep: no lock is held). */
static long devmem_read_zeros(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)pos;
    static const uint8_t zeros[256];
    size_t done = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof zeros);
        if (copyout(ubuf + done, zeros, chunk) < 0)
            return done ? (long)done : -EFAULT;
        done += chunk;
    }
    return (long)done;
}

static long devmem_write_full(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -ENOSPC;
}

static long devmem_write_all_kernel(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
    return devmem_write_all(f, (uintptr_t)buf, n, pos);     /* looks at no byte */
}

static long devmem_write_full_kernel(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
    return devmem_write_full(f, (uintptr_t)buf, n, pos);
}

static const struct file_ops devmem_null_ops = {
    .read = devmem_read_nothing, .write = devmem_write_all, .write_kernel = devmem_write_all_kernel,
    .seekable = true,
};
static const struct file_ops devmem_zero_ops = {
    .read = devmem_read_zeros, .write = devmem_write_all, .write_kernel = devmem_write_all_kernel,
    .seekable = true,
};
static const struct file_ops devmem_full_ops = {
    .read = devmem_read_zeros, .write = devmem_write_full, .write_kernel = devmem_write_full_kernel,
    .seekable = true,
};

void devmem_init(void)
{
    if (devfs_register("null", &devmem_null_ops, 0, MEM_MAJOR << 8 | 3) < 0 ||
        devfs_register("zero", &devmem_zero_ops, 0, MEM_MAJOR << 8 | 5) < 0 ||
        devfs_register("full", &devmem_full_ops, 0, MEM_MAJOR << 8 | 7) < 0)
        panic("devmem: cannot make /dev/null, /dev/zero and /dev/full");
}
