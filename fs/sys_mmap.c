/* sys_mmap.c -- mmap and msync: anonymous memory is mm's (mm/mmap.h);
 * a descriptor's file is mapped as its memory object, with the checks
 * Linux makes on the descriptor (mmap(2)). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "mm/mmap.h"
#include "mm/vm_fault.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

/* mmap_file_maxprot: what a mapping of f may ever allow (so mprotect
 * cannot add write to a shared mapping of a file open read-only), or a
 * negative errno if f cannot be mapped at all. */
static int mmap_file_maxprot(struct file *f, long prot, long flags)
{
    if (f->vnode->type != VN_REG)
        return -ENODEV;                      /* pipes, directories, the console */
    if (!file_readable(f))
        return -EACCES;
    if (!(flags & MAP_SHARED) || file_writable(f))
        return VM_READ | VM_WRITE | VM_EXEC;
    if (prot & VM_WRITE)
        return -EACCES;                      /* the initrd, or a file open read-only */
    return VM_READ | VM_EXEC;
}

long sys_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd, long off)
{
    if (!PAGE_ALIGNED(off))
        return -EINVAL;
    if (flags & MAP_ANONYMOUS)
        return mmap_anon(addr, len, prot, flags, off);
    struct file *f = fd_get(fd_arg(fd));
    if (!f)
        return f ? (file_put(f), -EBADF) : -EBADF;
    long r = off < 0 ? -EINVAL : mmap_file_maxprot(f, prot, flags);
    if (r >= 0)
        r = mmap_object(addr, len, prot, flags, off, &f->vnode->obj, (int)r);
    file_put(f);
    return r;
}

long sys_msync(uintptr_t addr, size_t len, long flags) { return mmap_msync(addr, len, flags); }
