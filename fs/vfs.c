/* vfs.c -- the mount table and path lookup (see vfs.h).
 *
 * Mounts are made at boot and never undone, so a directory's `mounted`
 * and a root's `covered` only ever go from NULL to a vnode: a lookup
 * reads them with an atomic load and needs no lock. Each mount holds a
 * reference on the directory it covers and on the root that covers it.
 * The list of mounts, for /proc/mounts, is written once per mount and
 * published by its count.
 */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/spinlock.h"
#include "include/weensy/errno.h"

static struct vnode *vfs_root_vnode;        /* [const after boot] "/" */

#define VFS_MOUNTS_MAX 8
static struct vfs_mount_rec {
    const char *path;            /* a string that lives as long as the kernel */
    struct fs *fs;
} vfs_mounts[VFS_MOUNTS_MAX];
static int vfs_nmounts;                     /* [atomic; written under vfs_mounts_lock] */
static struct spinlock vfs_mounts_lock = SPINLOCK_INIT("vfs mounts");

static void vfs_mounts_add(const char *path, struct fs *fs)
{
    spin_lock(&vfs_mounts_lock);
    if (vfs_nmounts < VFS_MOUNTS_MAX) {
        vfs_mounts[vfs_nmounts] = (struct vfs_mount_rec){ path, fs };
        __atomic_store_n(&vfs_nmounts, vfs_nmounts + 1, __ATOMIC_RELEASE);
    }
    spin_unlock(&vfs_mounts_lock);
}

void vfs_mounts_visit(void (*fn)(const char *path, const struct fs *fs, void *arg), void *arg)
{
    int n = __atomic_load_n(&vfs_nmounts, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        fn(vfs_mounts[i].path, vfs_mounts[i].fs, arg);
}
static uint32_t vfs_next_dev = 1;           /* [atomic] */

uint32_t vfs_new_dev(void) { return __atomic_fetch_add(&vfs_next_dev, 1, __ATOMIC_RELAXED); }

void vfs_mount_root(struct fs *fs)
{
    assert(!vfs_root_vnode);
    vnode_ref(fs->root);
    vfs_root_vnode = fs->root;
    vfs_mounts_add("/", fs);
}

struct vnode *vfs_root_peek(void) { return vfs_root_vnode; }

struct vnode *vfs_root(void)
{
    vnode_ref(vfs_root_vnode);
    return vfs_root_vnode;
}

int vfs_mount(const char *path, struct fs *fs)
{
    struct vnode *dir;
    int err = vfs_lookup(0, path, &dir);
    if (err)
        return err;
    if (dir->type != VN_DIR) {
        vnode_put(dir);
        return -ENOTDIR;
    }
    vnode_ref(fs->root);
    fs->root->covered = dir;                 /* the mount's reference on dir */
    struct vnode *none = 0;
    if (!__atomic_compare_exchange_n(&dir->mounted, &none, fs->root, false, __ATOMIC_RELEASE,
                                     __ATOMIC_RELAXED)) {
        fs->root->covered = 0;
        vnode_put(fs->root);
        vnode_put(dir);
        return -EBUSY;
    }
    vfs_mounts_add(path, fs);
    return 0;
}

struct vnode *vfs_cross_mounts(struct vnode *v)
{
    struct vnode *m;
    while ((m = __atomic_load_n(&v->mounted, __ATOMIC_ACQUIRE))) {
        vnode_ref(m);
        vnode_put(v);
        v = m;
    }
    return v;
}

/* One step from directory *cur through component name (not "" or "."):
 * *cur becomes the vnode found (references moved along). */
static int vfs_step(struct vnode **cur, const char *name)
{
    struct vnode *dir = *cur;
    if (dir->type != VN_DIR || !dir->ops->lookup)
        return -ENOTDIR;
    if (strcmp(name, "..") == 0) {
        if (dir == vfs_root_vnode)
            return 0;                        /* "/.." is "/" */
        while (dir->covered) {               /* a mounted root: its parent is the covered dir's */
            struct vnode *under = dir->covered;
            vnode_ref(under);
            vnode_put(dir);
            *cur = dir = under;
        }
    }
    struct vnode *next;
    sleep_lock(&dir->lock);
    int err = dir->nlink ? dir->ops->lookup(dir, name, &next) : -ENOENT;
    sleep_unlock(&dir->lock);
    if (err)
        return err;
    vnode_put(dir);
    *cur = vfs_cross_mounts(next);
    return 0;
}

/* The next component of *p into name (NUL-terminated): its length (0 at
 * the end), or -ENAMETOOLONG. *p moves past it and the slashes after. */
static long vfs_component(const char **p, char *name)
{
    const char *s = *p;
    while (*s == '/')
        s++;
    const char *c = s;
    while (*s && *s != '/')
        s++;
    size_t len = (size_t)(s - c);
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    memcpy(name, c, len);
    name[len] = 0;
    while (*s == '/')
        s++;
    *p = s;
    return (long)len;
}

/* vfs_walk: follow path from at (or "/"), stopping before the last
 * component if parent (which it copies to last). */
static int vfs_walk(struct vnode *at, const char *path, bool parent, struct vnode **out, char *last)
{
    if (!path[0])
        return -ENOENT;
    struct vnode *cur = path[0] == '/' || !at ? vfs_root_vnode : at;
    vnode_ref(cur);
    char name[NAME_MAX + 1];
    const char *p = path;
    if (last)
        last[0] = 0;
    for (;;) {
        long len = vfs_component(&p, name);
        if (len < 0) {
            vnode_put(cur);
            return (int)len;
        }
        if (len == 0)
            break;
        bool is_last = *p == 0;
        if (parent && is_last && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            if (cur->type != VN_DIR) {
                vnode_put(cur);
                return -ENOTDIR;
            }
            memcpy(last, name, (size_t)len + 1);
            break;
        }
        if (strcmp(name, ".") == 0) {
            if (cur->type != VN_DIR) {
                vnode_put(cur);
                return -ENOTDIR;
            }
            continue;
        }
        int err = vfs_step(&cur, name);
        if (err) {
            vnode_put(cur);
            return err;
        }
    }
    /* "name/" must be a directory */
    if (!parent && path[strlen(path) - 1] == '/' && cur->type != VN_DIR) {
        vnode_put(cur);
        return -ENOTDIR;
    }
    *out = cur;
    return 0;
}

int vfs_lookup(struct vnode *at, const char *path, struct vnode **out)
{
    return vfs_walk(at, path, false, out, 0);
}

int vfs_lookup_parent(struct vnode *at, const char *path, struct vnode **dir, char *last)
{
    return vfs_walk(at, path, true, dir, last);
}
