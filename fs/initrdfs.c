/* initrdfs.c -- the initrd as the read-only file system at "/".
 *
 * At boot every entry of the ustar archive (kernel/initrd.h) becomes a
 * node at its path: folders for the folders (made as paths need them, if
 * the archive does not list them), regular files whose bytes stay in the
 * archive. The mount points /dev, /proc and /tmp are added as empty
 * folders. Nothing changes afterwards, so a lookup needs no lock beyond
 * the vnode's, which the VFS takes anyway; nodes are never freed.
 *
 * A file's data starts 512-byte aligned in the archive, not page aligned,
 * so it cannot be mapped in place: fill_page copies it into the page
 * cache, once, and every reader and mapper shares that page.
 */
#include "kernel/kernel.h"
#include "kernel/initrd.h"
#include "fs/vfs.h"
#include "fs/initrdfs.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

struct initrd_node {
    struct vnode v;
    struct initrd_node *parent, *children, *sibling;
    const uint8_t *data;             /* a file's bytes, in the archive */
    char name[INITRD_NAME_MAX + 1];
};

static struct fs initrd_fs = { .name = "initrd", .magic = INITRDFS_MAGIC, .readonly = true };

/* Nodes are never freed, so they are cut from whole pages one after the
 * other (kmalloc would round each up to 512 bytes: 2 pages more at boot,
 * which mem=2M feels). */
static uint8_t *initrd_bump;
static size_t initrd_bump_left;

static struct initrd_node *initrd_node_alloc(void)
{
    size_t size = ALIGN_UP(sizeof(struct initrd_node), 16);
    if (initrd_bump_left < size) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!pg)
            return 0;
        initrd_bump = page_kva(pg);
        initrd_bump_left = PAGE_SIZE;
    }
    struct initrd_node *n = (struct initrd_node *)initrd_bump;
    initrd_bump += size;
    initrd_bump_left -= size;
    return n;
}
static uint64_t initrd_next_ino = 1;
static size_t initrd_nnodes, initrd_nbytes;

static struct initrd_node *node_of(struct vnode *v) { return (struct initrd_node *)v; }

static int initrd_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    struct initrd_node *d = node_of(dir), *n = 0;
    if (strcmp(name, "..") == 0)
        n = d->parent;
    else
        for (n = d->children; n && strcmp(n->name, name) != 0; n = n->sibling)
            ;
    if (!n)
        return -ENOENT;
    vnode_ref(&n->v);
    *out = &n->v;
    return 0;
}

static int initrd_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out)
{
    struct initrd_node *d = node_of(dir), *n;
    if (*pos < 2) {
        n = *pos == 0 ? d : d->parent;
        strlcpy(out->name, *pos == 0 ? "." : "..", sizeof(out->name));
    } else {
        n = d->children;
        for (uint64_t i = 2; n && i < *pos; i++)
            n = n->sibling;
        if (!n)
            return 0;
        strlcpy(out->name, n->name, sizeof(out->name));
    }
    out->ino = n->v.ino;
    out->type = (uint8_t)vnode_dtype(&n->v);
    ++*pos;
    return 1;
}

static void initrd_fill_page(struct vnode *v, uint64_t index, void *kva)
{
    struct initrd_node *n = node_of(v);
    mem_zero_page(kva);
    uint64_t off = index * PAGE_SIZE;
    if (off < v->size)
        memcpy(kva, n->data + off, v->size - off < PAGE_SIZE ? v->size - off : PAGE_SIZE);
}

static const struct vnode_ops initrd_ops = {
    .lookup = initrd_lookup,
    .readdir = initrd_readdir,
    .fill_page = initrd_fill_page,
};

static void initrd_statfs(struct fs *fs, struct statfs *st)
{
    (void)fs;
    st->f_blocks = (initrd_nbytes + PAGE_SIZE - 1) / PAGE_SIZE;
    st->f_files = initrd_nnodes;
}

static struct initrd_node *initrd_new(struct initrd_node *parent, const char *name, size_t len, int type,
                                      uint16_t mode)
{
    struct initrd_node *n = initrd_node_alloc();
    if (!n)
        panic("initrdfs: out of memory at boot");
    vnode_init(&n->v, &initrd_fs, &initrd_ops, type, mode, initrd_next_ino++);
    memcpy(n->name, name, len);
    n->name[len] = 0;
    n->parent = parent ? parent : n;
    if (parent) {
        struct initrd_node **pp = &parent->children;   /* keep the archive's order */
        while (*pp)
            pp = &(*pp)->sibling;
        *pp = n;
        if (type == VN_DIR)
            parent->v.nlink++;
    }
    initrd_nnodes++;
    return n;
}

static struct initrd_node *initrd_child(struct initrd_node *d, const char *name, size_t len)
{
    for (struct initrd_node *n = d->children; n; n = n->sibling)
        if (strlen(n->name) == len && memcmp(n->name, name, len) == 0)
            return n;
    return 0;
}

/* The folder at path[0, len), made (with its parents) if missing; NULL if
 * a file is in the way. */
static struct initrd_node *initrd_dir(struct initrd_node *root, const char *path, size_t len)
{
    struct initrd_node *d = root;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && path[j] != '/')
            j++;
        if (j > i) {
            struct initrd_node *c = initrd_child(d, path + i, j - i);
            if (!c)
                c = initrd_new(d, path + i, j - i, VN_DIR, 0755);
            if (c->v.type != VN_DIR)
                return 0;
            d = c;
        }
        i = j + 1;
    }
    return d;
}

static void initrd_add(const struct initrd_entry *e, void *arg)
{
    struct initrd_node *root = arg;
    size_t len = strlen(e->name);
    while (len && e->name[len - 1] == '/')
        len--;
    size_t slash = len;
    while (slash && e->name[slash - 1] != '/')
        slash--;
    struct initrd_node *d = initrd_dir(root, e->name, slash ? slash - 1 : 0);
    if (!d || slash == len)
        return;                              /* a file in the way, or an empty name */
    const char *base = e->name + slash;
    if (e->type == '5') {
        initrd_dir(d, base, len - slash);
        return;
    }
    if ((e->type != '0' && e->type != '\0') || initrd_child(d, base, len - slash))
        return;                              /* links and devices: not shown; first name wins */
    bool program = d->parent == root && d != root && strcmp(d->name, "bin") == 0;
    struct initrd_node *n = initrd_new(d, base, len - slash, VN_REG, program ? 0755 : 0644);
    n->data = e->data;
    n->v.size = e->size;
    initrd_nbytes += e->size;
}

struct fs *initrdfs_create(void)
{
    initrd_fs.dev = vfs_new_dev();
    initrd_fs.statfs = initrd_statfs;
    struct initrd_node *root = initrd_new(0, "", 0, VN_DIR, 0755);
    initrd_fs.root = &root->v;
    const void *base;
    size_t size;
    if (initrd_archive(&base, &size))
        initrd_scan(base, size, initrd_add, root, 0);
    initrd_dir(root, "dev", 3);
    initrd_dir(root, "proc", 4);
    initrd_dir(root, "tmp", 3);
    return &initrd_fs;
}
