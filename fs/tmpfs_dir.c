/* tmpfs_dir.c -- tmpfs's directories: a list of names in the order they
 * were made, each with a readdir position (cookie) that is never reused,
 * so a readdir going on while names come and go neither skips nor repeats
 * one (see tmpfs_internal.h for the locks). */
#include "kernel/kernel.h"
#include "fs/tmpfs_internal.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

struct tmpfs_dirent *tmpfs_find(struct tmpfs_node *dir, const char *name)
{
    assert(sleep_holding(&dir->v.lock));
    for (struct tmpfs_dirent *e = dir->first; e; e = e->next)
        if (strcmp(e->name, name) == 0)
            return e;
    return 0;
}

struct tmpfs_dirent *tmpfs_dirent_new(const char *name, struct vnode *child)
{
    size_t len = strlen(name);
    assert(len > 0 && len <= NAME_MAX);
    struct tmpfs_dirent *e = kmalloc(sizeof(*e) + len + 1);
    if (!e)
        return 0;
    memcpy(e->name, name, len + 1);
    e->child = child;
    return e;
}

void tmpfs_link(struct tmpfs_node *dir, struct tmpfs_dirent *e)
{
    assert(sleep_holding(&dir->v.lock));
    assert(spin_holding(&tmpfs_of(&dir->v)->lock));
    e->cookie = dir->next_cookie++;
    e->next = 0;
    *dir->last = e;
    dir->last = &e->next;
    dir->nentries++;
}

void tmpfs_unlink(struct tmpfs_node *dir, struct tmpfs_dirent *e)
{
    assert(sleep_holding(&dir->v.lock));
    assert(spin_holding(&tmpfs_of(&dir->v)->lock));
    struct tmpfs_dirent **pp = &dir->first;
    while (*pp != e)
        pp = &(*pp)->next;
    *pp = e->next;
    if (dir->last == &e->next)
        dir->last = pp;
    dir->nentries--;
}

void tmpfs_dir_resize(struct tmpfs_node *dir, int delta)
{
    vnode_set_size(&dir->v, vnode_size(&dir->v) + (uint64_t)(int64_t)(delta * TMPFS_DIRENT_SIZE));
}

void tmpfs_set_nlink(struct tmpfs_node *dir, uint32_t nlink)
{
    assert(spin_holding(&tmpfs_of(&dir->v)->lock));
    __atomic_store_n(&dir->v.nlink, nlink, __ATOMIC_RELAXED);
}

void tmpfs_drop_file(struct vnode *file)
{
    assert(file->type != VN_DIR);
    sleep_lock(&file->lock);                 /* a file's lock under its directory's: never a rename's */
    assert_eq(file->nlink, 1);
    file->nlink = 0;
    tmpfs_set_ctime(file);
    sleep_unlock(&file->lock);
}

/* ".." goes up through the parent; a removed directory has none, nor
 * the root (the VFS answers for a mount's root). */
static int tmpfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    struct tmpfs_node *d = tmpfs_node(dir);
    if (strcmp(name, "..") == 0) {
        struct tmpfs *tm = tmpfs_of(dir);
        spin_lock(&tm->lock);
        struct tmpfs_node *up = d->parent;
        if (up)
            vnode_ref(&up->v);               /* up has a name (or is the root) while d is in it */
        spin_unlock(&tm->lock);
        *out = up ? &up->v : 0;
        return up ? 0 : -ENOENT;
    }
    struct tmpfs_dirent *e = tmpfs_find(d, name);
    if (!e)
        return -ENOENT;
    vnode_ref(e->child);
    *out = e->child;
    return 0;
}

/* A node that never got its name goes at once. */
static void tmpfs_discard(struct tmpfs_node *n)
{
    n->v.nlink = 0;                          /* nobody else has seen it */
    vnode_put(&n->v);
}

/* tmpfs_make: a new node called name in dir, the name holding its first
 * reference (and *out, when asked, another for the caller). */
static int tmpfs_make(struct vnode *dir, const char *name, int type, uint16_t mode, struct vnode **out)
{
    struct tmpfs_node *d = tmpfs_node(dir);
    struct tmpfs *tm = tmpfs_of(dir);
    assert(sleep_holding(&dir->lock));
    if (strlen(name) > NAME_MAX)
        return -ENAMETOOLONG;
    if (strcmp(name, "..") == 0 || tmpfs_find(d, name))
        return -EEXIST;
    struct tmpfs_node *n;
    int err = tmpfs_node_new(tm, type, mode, &n);
    if (err)
        return err;
    struct tmpfs_dirent *e = tmpfs_dirent_new(name, &n->v);
    if (!e) {
        tmpfs_discard(n);
        return -ENOMEM;
    }
    spin_lock(&tm->lock);
    bool gone = dir->nlink == 0;             /* removed since the VFS looked? */
    if (!gone) {
        tmpfs_link(d, e);
        if (type == VN_DIR) {
            n->parent = d;
            tmpfs_set_nlink(d, dir->nlink + 1);   /* the new directory's ".." */
        }
    }
    spin_unlock(&tm->lock);
    if (gone) {
        kfree(e);
        tmpfs_discard(n);
        return -ENOENT;
    }
    tmpfs_dir_resize(d, 1);
    if (out) {
        vnode_ref(&n->v);
        *out = &n->v;
    }
    return 0;
}

static int tmpfs_create_op(struct vnode *dir, const char *name, uint16_t mode, struct vnode **out)
{
    return tmpfs_make(dir, name, VN_REG, mode, out);
}

static int tmpfs_mkdir(struct vnode *dir, const char *name, uint16_t mode)
{
    return tmpfs_make(dir, name, VN_DIR, mode, 0);
}

static int tmpfs_unlink_op(struct vnode *dir, const char *name)
{
    struct tmpfs_node *d = tmpfs_node(dir);
    struct tmpfs *tm = tmpfs_of(dir);
    assert(sleep_holding(&dir->lock));
    struct tmpfs_dirent *e = tmpfs_find(d, name);
    if (!e)
        return strcmp(name, "..") == 0 ? -EISDIR : -ENOENT;
    if (e->child->type == VN_DIR)
        return -EISDIR;
    spin_lock(&tm->lock);
    tmpfs_unlink(d, e);
    spin_unlock(&tm->lock);
    tmpfs_dir_resize(d, -1);
    tmpfs_drop_file(e->child);
    vnode_put(e->child);                     /* the name's reference: frees it unless open */
    kfree(e);
    return 0;
}

static int tmpfs_rmdir(struct vnode *dir, const char *name)
{
    struct tmpfs_node *d = tmpfs_node(dir);
    struct tmpfs *tm = tmpfs_of(dir);
    assert(sleep_holding(&dir->lock));
    if (strcmp(name, "..") == 0)
        return -ENOTEMPTY;
    struct tmpfs_dirent *e = tmpfs_find(d, name);
    if (!e)
        return -ENOENT;
    if (e->child->type != VN_DIR)
        return -ENOTDIR;
    struct tmpfs_node *c = tmpfs_node(e->child);
    spin_lock(&tm->lock);
    bool empty = c->nentries == 0;           /* and stays so: a create in c checks nlink under tm->lock */
    if (empty) {
        tmpfs_unlink(d, e);
        tmpfs_set_nlink(c, 0);
        c->parent = 0;
        tmpfs_set_nlink(d, dir->nlink - 1);
    }
    spin_unlock(&tm->lock);
    if (!empty)
        return -ENOTEMPTY;
    tmpfs_dir_resize(d, -1);
    vnode_put(&c->v);
    kfree(e);
    return 0;
}

/* Positions: 0 is ".", 1 is "..", then each name's cookie. */
static int tmpfs_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out)
{
    struct tmpfs_node *d = tmpfs_node(dir);
    struct tmpfs *tm = tmpfs_of(dir);
    assert(sleep_holding(&dir->lock));
    if (*pos < 2) {
        spin_lock(&tm->lock);
        bool removed = dir->nlink == 0;
        uint64_t up_ino = d->parent ? d->parent->v.ino : dir->ino;   /* a rename may move d: read it here */
        spin_unlock(&tm->lock);
        if (removed)
            return -ENOENT;                  /* Linux lists nothing */
        out->ino = *pos == 0 ? dir->ino : up_ino;
        out->type = DT_DIR;
        strlcpy(out->name, *pos == 0 ? "." : "..", sizeof(out->name));
        *pos += 1;
        return 1;
    }
    struct tmpfs_dirent *e = d->first;
    while (e && e->cookie < *pos)
        e = e->next;
    if (!e)
        return 0;
    out->ino = e->child->ino;
    out->type = (uint8_t)vnode_dtype(e->child);
    strlcpy(out->name, e->name, sizeof(out->name));
    *pos = e->cookie + 1;
    return 1;
}

const struct vnode_ops tmpfs_dir_ops = {
    .lookup = tmpfs_lookup,
    .create = tmpfs_create_op,
    .mkdir = tmpfs_mkdir,
    .unlink = tmpfs_unlink_op,
    .rmdir = tmpfs_rmdir,
    .rename = tmpfs_rename,
    .readdir = tmpfs_readdir,
    .inactive = tmpfs_inactive,
};
