/* tmpfs.c -- tmpfs itself: making one, its nodes and their end, the
 * limits, and the operations of regular files (see tmpfs.h and
 * tmpfs_internal.h). */
#include "kernel/kernel.h"
#include "fs/tmpfs.h"
#include "fs/tmpfs_internal.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

#define TMPFS_ROOT_INO 1

static void tmpfs_statfs(struct fs *fs, struct statfs *st)
{
    struct tmpfs *tm = container_of(fs, struct tmpfs, fs);
    spin_lock(&tm->lock);
    st->f_blocks = tm->pages_max;
    st->f_bfree = st->f_bavail = tm->pages_max - tm->pages_used;
    st->f_files = tm->nodes_max;
    st->f_ffree = tm->nodes_max - tm->nodes_used;
    spin_unlock(&tm->lock);
}

int tmpfs_node_new(struct tmpfs *tm, int type, uint16_t mode, struct tmpfs_node **out)
{
    assert(type == VN_REG || type == VN_DIR);
    spin_lock(&tm->lock);
    bool room = tm->nodes_used < tm->nodes_max;
    uint64_t ino = tm->next_ino;
    if (room) {
        tm->nodes_used++;
        tm->next_ino++;
    }
    spin_unlock(&tm->lock);
    if (!room)
        return -ENOSPC;
    struct tmpfs_node *n = kmalloc(sizeof(*n));
    if (!n) {
        spin_lock(&tm->lock);
        tm->nodes_used--;
        spin_unlock(&tm->lock);
        return -ENOMEM;
    }
    vnode_init(&n->v, &tm->fs, type == VN_DIR ? &tmpfs_dir_ops : &tmpfs_file_ops, type, mode, ino);
    n->v.pages.swappable = true;     /* memory is its pages' only home: swap is the other */
    if (type == VN_DIR) {
        n->last = &n->first;
        n->next_cookie = 2;                  /* after "." and ".." */
        n->v.size = 2 * TMPFS_DIRENT_SIZE;   /* nobody sees n yet: no lock needed */
    }
    *out = n;
    return 0;
}

/* The last reference is gone, so the node has no name left (a name holds
 * a reference): free it, and give its pages back to the limit. */
void tmpfs_inactive(struct vnode *v)
{
    struct tmpfs_node *n = tmpfs_node(v);
    struct tmpfs *tm = tmpfs_of(v);
    assert_eq(v->nlink, 0);
    assert(!n->first);                       /* a removed directory is empty */
    pcache_release(&v->pages);
    spin_lock(&tm->lock);
    assert_le(n->charged, tm->pages_used);
    tm->pages_used -= n->charged;
    tm->nodes_used--;
    spin_unlock(&tm->lock);
    kfree(n);
}

void tmpfs_set_ctime(struct vnode *v)
{
    assert(sleep_holding(&v->lock));
    uint64_t ns = timer_ns();
    v->ctime = (struct weensy_timespec){ (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
}

/* ---- regular files ------------------------------------------------------ */

/* A page tmpfs has never held is a hole: zeros. */
static void tmpfs_fill_page(struct vnode *v, uint64_t index, void *kva)
{
    (void)v;
    (void)index;
    mem_zero_page(kva);
}

/* Pages count against the limit up to the furthest byte ever written (a
 * file's holes below it count too; a truncate up adds only a hole, which
 * costs nothing until written, as on Linux). */
static uint64_t tmpfs_reserve(struct vnode *v, uint64_t off, uint64_t end)
{
    assert(sleep_holding(&v->lock));
    struct tmpfs_node *n = tmpfs_node(v);
    struct tmpfs *tm = tmpfs_of(v);
    size_t need = PAGE_ALIGN_UP(end) / PAGE_SIZE;
    if (need <= n->charged)
        return end;
    spin_lock(&tm->lock);
    size_t more = MIN(need - n->charged, tm->pages_max - tm->pages_used);
    uint64_t reach = (uint64_t)(n->charged + more) * PAGE_SIZE;
    if (reach > off) {                       /* some of the write fits: charge for it */
        tm->pages_used += more;
        n->charged += more;
    }
    spin_unlock(&tm->lock);
    return MIN(end, reach);
}

/* The VFS cuts the page cache; the pages past the new end stop counting. */
static int tmpfs_truncate(struct vnode *v, uint64_t size)
{
    assert(sleep_holding(&v->lock));
    struct tmpfs_node *n = tmpfs_node(v);
    struct tmpfs *tm = tmpfs_of(v);
    size_t keep = PAGE_ALIGN_UP(size) / PAGE_SIZE;
    if (keep < n->charged) {
        spin_lock(&tm->lock);
        tm->pages_used -= n->charged - keep;
        spin_unlock(&tm->lock);
        n->charged = keep;
    }
    return 0;
}

const struct vnode_ops tmpfs_file_ops = {
    .fill_page = tmpfs_fill_page,
    .truncate = tmpfs_truncate,
    .reserve = tmpfs_reserve,
    .inactive = tmpfs_inactive,
};

/* ---- making one --------------------------------------------------------- */

struct fs *tmpfs_create_sized(size_t pages_max, size_t nodes_max)
{
    struct tmpfs *tm = kmalloc(sizeof(*tm));
    if (!tm)
        return 0;
    spinlock_init(&tm->lock, "tmpfs");
    tm->next_ino = TMPFS_ROOT_INO;
    tm->pages_max = pages_max;
    tm->nodes_max = nodes_max;
    tm->fs.name = "tmpfs";
    tm->fs.magic = TMPFS_MAGIC;
    tm->fs.readonly = false;
    tm->fs.dev = vfs_new_dev();
    tm->fs.statfs = tmpfs_statfs;
    struct tmpfs_node *root;
    if (tmpfs_node_new(tm, VN_DIR, 01777, &root) != 0) {
        kfree(tm);
        return 0;
    }
    /* root->parent stays NULL: the VFS answers ".." at a mount's root, and
     * an unmounted tmpfs's root has nothing above it (-ENOENT). */
    tm->fs.root = &root->v;                  /* the file system's reference, for good */
    return &tm->fs;
}

void tmpfs_destroy(struct fs *fs)
{
    struct tmpfs *tm = container_of(fs, struct tmpfs, fs);
    struct vnode *root = fs->root;
    assert(!tmpfs_node(root)->first);
    assert_eq(__atomic_load_n(&root->refs, __ATOMIC_ACQUIRE), 1);   /* only the file system's */
    spin_lock(&tm->lock);
    tmpfs_set_nlink(tmpfs_node(root), 0);
    spin_unlock(&tm->lock);
    vnode_put(root);                         /* inactive frees it */
    assert_eq(tm->nodes_used, 0);
    kfree(tm);
}

/* Linux's defaults: half the memory for the bytes, as many files. */
struct fs *tmpfs_create(void)
{
    size_t half = page_nmanaged() / 2;
    return tmpfs_create_sized(half, half);
}
