/* devfs.c -- /dev (see devfs.h). The table only grows, at boot, before
 * processes run, and is read under devfs_lock after. */
#include "kernel/kernel.h"
#include "fs/devfs.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

struct devfs_node {
    struct vnode v;
    const struct file_ops *fops;
    void *priv;
    char name[16];
};

static struct spinlock devfs_lock = SPINLOCK_INIT("devfs");
static struct devfs_node *devs[DEVFS_MAX];     /* [devfs_lock] */
static int ndevs;                              /* [devfs_lock] */
static struct fs devfs_fs = { .name = "devfs", .magic = DEVFS_MAGIC, .readonly = true };
static struct vnode devfs_root;

static int devfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    (void)dir;
    struct vnode *found = strcmp(name, "..") == 0 ? &devfs_root : 0;
    spin_lock(&devfs_lock);
    for (int i = 0; i < ndevs && !found; i++)
        if (strcmp(devs[i]->name, name) == 0)
            found = &devs[i]->v;
    spin_unlock(&devfs_lock);
    if (!found)
        return -ENOENT;
    vnode_ref(found);
    *out = found;
    return 0;
}

static int devfs_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out)
{
    (void)dir;
    if (*pos < 2) {
        strlcpy(out->name, *pos ? ".." : ".", sizeof(out->name));
        out->ino = devfs_root.ino;
        out->type = DT_DIR;
        ++*pos;
        return 1;
    }
    spin_lock(&devfs_lock);
    int i = (int)(*pos - 2);
    bool have = i < ndevs;
    if (have) {
        strlcpy(out->name, devs[i]->name, sizeof(out->name));
        out->ino = devs[i]->v.ino;
        out->type = DT_CHR;
    }
    spin_unlock(&devfs_lock);
    *pos += have;
    return have;
}

static int devfs_open(struct vnode *v, struct file *f)
{
    struct devfs_node *d = (struct devfs_node *)v;
    f->ops = d->fops;
    f->priv = d->priv;
    return 0;
}

static const struct vnode_ops devfs_dir_ops = { .lookup = devfs_lookup, .readdir = devfs_readdir };
static const struct vnode_ops devfs_dev_ops = { .open = devfs_open };

int devfs_register(const char *name, const struct file_ops *ops, void *priv, uint32_t rdev)
{
    struct devfs_node *d = kmalloc(sizeof(*d));
    if (!d)
        return -ENOMEM;
    vnode_init(&d->v, &devfs_fs, &devfs_dev_ops, VN_CHR, 0620, 0);
    d->fops = ops;
    d->priv = priv;
    d->v.rdev = rdev;
    strlcpy(d->name, name, sizeof(d->name));
    spin_lock(&devfs_lock);
    int err = ndevs == DEVFS_MAX ? -ENOSPC : 0;
    for (int i = 0; i < ndevs && !err; i++)
        if (strcmp(devs[i]->name, name) == 0)
            err = -EEXIST;
    if (!err) {
        d->v.ino = (uint64_t)ndevs + 2;
        devs[ndevs++] = d;
    }
    spin_unlock(&devfs_lock);
    if (err) {
        pcache_release(&d->v.pages);
        kfree(d);
    }
    return err;
}

struct fs *devfs_create(void)
{
    devfs_fs.dev = vfs_new_dev();
    vnode_init(&devfs_root, &devfs_fs, &devfs_dir_ops, VN_DIR, 0755, 1);
    devfs_fs.root = &devfs_root;
    return &devfs_fs;
}
