/* vnode.c -- vnodes: references, attributes, and their bytes through the
 * page cache (see vfs.h). */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "mm/swap.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

void vnode_init(struct vnode *v, struct fs *fs, const struct vnode_ops *ops, int type, uint16_t mode,
                uint64_t ino)
{
    memset(v, 0, sizeof(*v));
    v->ops = ops;
    v->fs = fs;
    sleeplock_init(&v->lock, "vnode");
    v->refs = 1;
    v->type = (uint8_t)type;
    v->mode = mode & 07777;
    v->nlink = type == VN_DIR ? 2 : 1;
    v->ino = ino;
    pcache_init(&v->pages);
    v->obj.ops = &vnode_object_ops;
    v->pages.droppable = fs && fs->readonly;     /* its pages can be filled again */
    uint64_t ns = timer_ns();
    v->atime = v->mtime = v->ctime = (struct weensy_timespec){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
}

void vnode_ref(struct vnode *v)
{
    int old = __atomic_fetch_add(&v->refs, 1, __ATOMIC_RELAXED);
    assert(old > 0);
}

void vnode_put(struct vnode *v)
{
    int left = __atomic_sub_fetch(&v->refs, 1, __ATOMIC_ACQ_REL);
    assert(left >= 0);
    if (left == 0 && v->ops->inactive)
        v->ops->inactive(v);
}

void vnode_touch(struct vnode *v)
{
    uint64_t ns = timer_ns();
    v->mtime = v->ctime = (struct weensy_timespec){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
}

static const uint32_t vnode_type_mode[] = {
    [VN_REG] = S_IFREG, [VN_DIR] = S_IFDIR, [VN_CHR] = S_IFCHR, [VN_FIFO] = S_IFIFO,
};

int vnode_dtype(const struct vnode *v)
{
    static const uint8_t dt[] = { [VN_REG] = DT_REG, [VN_DIR] = DT_DIR, [VN_CHR] = DT_CHR, [VN_FIFO] = DT_FIFO };
    return dt[v->type];
}

void vnode_stat(struct vnode *v, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    sleep_lock(&v->lock);
    st->st_dev = v->fs ? v->fs->dev : 0;
    st->st_ino = v->ino;
    st->st_nlink = v->nlink;
    st->st_mode = vnode_type_mode[v->type] | v->mode;
    st->st_rdev = v->rdev;
    st->st_size = (int64_t)v->size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (int64_t)(v->type == VN_REG ? v->pages.npages * (PAGE_SIZE / 512) : 0);
    st->st_atim = v->atime;
    st->st_mtim = v->mtime;
    st->st_ctim = v->ctime;
    sleep_unlock(&v->lock);
}

static void vnode_fill(void *owner, uint64_t index, void *kva)
{
    struct vnode *v = owner;
    if (v->ops->fill_page)
        v->ops->fill_page(v, index, kva);
    else
        mem_zero_page(kva);
}

struct page *vnode_getpage(struct vnode *v, uint64_t index, bool write, uint32_t *slot)
{
    return pcache_get(&v->pages, index, write, vnode_fill, v, slot);
}

/* vnode_read_slot: a page of v is out on swap slot s: read it back into
 * the swap cache (sleeping), for the caller to ask again. -EAGAIN when it
 * can ask again; -ENOMEM, -EIO. Caller holds no spin lock. */
static int vnode_read_slot(uint32_t s)
{
    int err = swap_read_slot(NULL, s);
    return err == 0 ? -EAGAIN : err;
}

struct page *vnode_getpage_wait(struct vnode *v, uint64_t index, bool write, int *err)
{
    uint32_t s;
    struct page *pg;
    *err = -EAGAIN;
    while (!(pg = vnode_getpage(v, index, write, &s)) && s && *err == -EAGAIN)
        *err = vnode_read_slot(s);
    if (pg)
        *err = 0;
    else if (*err == -EAGAIN)
        *err = -ENOMEM;
    return pg;
}

/* vnode_getpage_io: vnode_rw's page (pcache_get_io), read back from swap
 * first if it is out. Caller holds v->lock (a sleep lock). */
static struct page *vnode_getpage_io(struct vnode *v, uint64_t index, bool write, int *err)
{
    uint32_t s;
    struct page *pg;
    *err = -EAGAIN;
    while (!(pg = pcache_get_io(&v->pages, index, write, vnode_fill, v, &s)) && s && *err == -EAGAIN)
        *err = vnode_read_slot(s);
    if (pg)
        *err = 0;
    else if (*err == -EAGAIN)
        *err = -ENOMEM;
    return pg;
}

/* How a transfer moves bytes: to or from user memory or kernel memory. */
struct vnode_io {
    bool user;
    uintptr_t addr;
};

static int vnode_copy(struct vnode_io *io, size_t done, void *kva, size_t n, bool write)
{
    if (!io->user) {
        if (write)
            memcpy(kva, (const void *)(io->addr + done), n);
        else
            memcpy((void *)(io->addr + done), kva, n);
        return 0;
    }
    return write ? copyin(kva, io->addr + done, n) : copyout(io->addr + done, kva, n);
}

/* vnode_room: how many of the n bytes a write puts at off the file
 * system has room for (its reserve op: tmpfs's limit); none is -ENOSPC. */
static size_t vnode_room(struct vnode *v, uint64_t off, size_t n, long *err)
{
    if (!n || !v->ops->reserve)
        return n;
    uint64_t end = v->ops->reserve(v, off, off + n);
    if (end > off)
        return (size_t)(end - off);
    *err = -ENOSPC;
    return 0;
}

/* vnode_rw: n bytes at *off, a page at a time. A read stops at the end
 * of the file; a write grows it. Holds v->lock throughout, so reads and
 * writes of one file do not interleave (a copy may fault and sleep: v->lock
 * is a sleep lock). Moves *off; bytes moved, or an error if none were. */
static long vnode_rw(struct vnode *v, uint64_t *off, size_t n, struct vnode_io *io, bool write, bool append)
{
    sleep_lock(&v->lock);
    if (append)
        *off = v->size;
    if (!write)
        n = *off >= v->size ? 0 : (n < v->size - *off ? n : v->size - *off);
    long err = 0;
    if (write && n && *off + n > PCACHE_MAX_BYTES) {
        if (*off >= PCACHE_MAX_BYTES)
            err = -EFBIG;
        n = *off >= PCACHE_MAX_BYTES ? 0 : PCACHE_MAX_BYTES - *off;
    }
    if (write)
        n = vnode_room(v, *off, n, &err);
    size_t done = 0;
    while (done < n) {
        uint64_t pos = *off + done;
        size_t in = pos % PAGE_SIZE;
        size_t chunk = n - done < PAGE_SIZE - in ? n - done : PAGE_SIZE - in;
        /* the copy may fault or be preempted holding pg: mm_check counts it (pcache.h) */
        int gerr;
        struct page *pg = vnode_getpage_io(v, pos / PAGE_SIZE, write, &gerr);
        /* No free page: send some out to swap (sleeping is fine under
         * v->lock, as it is for a fault in the copy), then ask again. */
        while (!pg && gerr == -ENOMEM && swap_reclaim_more(1) > 0)
            pg = vnode_getpage_io(v, pos / PAGE_SIZE, write, &gerr);
        if (!pg) {
            err = gerr;
            break;
        }
        int r = vnode_copy(io, done, (uint8_t *)page_kva(pg) + in, chunk, write);
        pcache_put_io(&v->pages, pg);
        if (r < 0) {
            err = r;
            break;
        }
        done += chunk;
        if (write && *off + done > v->size)
            vnode_set_size(v, *off + done);
    }
    if (write && done)
        vnode_touch(v);
    sleep_unlock(&v->lock);
    *off += done;
    return done ? (long)done : err;
}

long vnode_read(struct vnode *v, uint64_t off, void *buf, size_t n)
{
    struct vnode_io io = { false, (uintptr_t)buf };
    return vnode_rw(v, &off, n, &io, false, false);
}

long vnode_write(struct vnode *v, uint64_t off, const void *buf, size_t n)
{
    struct vnode_io io = { false, (uintptr_t)buf };
    return vnode_rw(v, &off, n, &io, true, false);
}

long vnode_read_user(struct vnode *v, uint64_t *off, uintptr_t ubuf, size_t n)
{
    struct vnode_io io = { true, ubuf };
    return vnode_rw(v, off, n, &io, false, false);
}

long vnode_write_user(struct vnode *v, uint64_t *off, uintptr_t ubuf, size_t n, bool append)
{
    struct vnode_io io = { true, ubuf };
    return vnode_rw(v, off, n, &io, true, append);
}

long vnode_write_at(struct vnode *v, uint64_t *off, const void *buf, size_t n, bool append)
{
    struct vnode_io io = { false, (uintptr_t)buf };
    return vnode_rw(v, off, n, &io, true, append);
}

int vnode_truncate(struct vnode *v, uint64_t size)
{
    if (v->type == VN_DIR)
        return -EISDIR;
    if (v->type != VN_REG)
        return -EINVAL;
    if (v->fs && v->fs->readonly)
        return -EROFS;
    if (size > PCACHE_MAX_BYTES)
        return -EFBIG;
    sleep_lock(&v->lock);
    /* The last page, kept in part, has its tail zeroed: it must be in
     * memory (back from swap), and stay there meanwhile (the reference). */
    struct page *tail = 0;
    int err = 0;
    if (size < v->size && size % PAGE_SIZE && pcache_has(&v->pages, size / PAGE_SIZE))
        tail = vnode_getpage_io(v, size / PAGE_SIZE, true, &err);   /* (a hole has nothing to zero) */
    if (!err && v->ops->truncate)
        err = v->ops->truncate(v, size);
    if (!err) {
        uint64_t old = v->size;
        /* The size first: a fault asks the object, which checks it, under
         * its vm->lock; so once the unmap has been through a space, none
         * there maps a page past the end, and the cache then drops them
         * all, with any a fault made meanwhile (mm/vm_object_unmap.c). */
        vnode_set_size(v, size);
        if (size < old) {
            vm_object_unmap(&v->obj, PAGE_ALIGN_UP(size) / PAGE_SIZE);
            pcache_truncate(&v->pages, PAGE_ALIGN_UP(size) / PAGE_SIZE, size % PAGE_SIZE);
        }
        vnode_touch(v);
    }
    if (tail)
        pcache_put_io(&v->pages, tail);
    sleep_unlock(&v->lock);
    return err;
}
