/* tmpfs_internal.h -- between the files of tmpfs: tmpfs.c (the file
 * system, its nodes and files), tmpfs_dir.c (directories) and
 * tmpfs_rename.c.
 *
 * Each name in a directory holds a reference on the vnode it names, so a
 * vnode's refs reach 0 only once it has no name and nobody holds it:
 * then inactive frees it. An unlinked file that is still open therefore
 * lives on, with nlink 0, until its last close.
 *
 * Locks. The VFS holds a directory's v->lock around each operation on it
 * (both directories' for rename). tmpfs never takes a directory's lock
 * itself: rename locks its two directories by address, so a directory's
 * lock taken under its parent's could deadlock against a rename out of
 * it. What a parent's operation must change on a child directory (its
 * removal) is guarded instead by the file system's spin lock tm->lock,
 * which also guards the counters. A regular file, which no rename locks,
 * may be locked under its directory (to change its nlink and ctime).
 *
 *   dir list (first, last):  written with v->lock and tm->lock, read with either
 *   nentries, parent:        [tm->lock]
 *   a directory's nlink:     written under tm->lock (atomic stores: the
 *                            VFS reads it under v->lock)
 *   a file's nlink, charged: [v->lock]
 */
#ifndef FS_TMPFS_INTERNAL_H
#define FS_TMPFS_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "fs/vfs.h"

/* A directory's size grows by this much per name (Linux's BOGO_DIRENT_SIZE),
 * from two of them for "." and "..". */
#define TMPFS_DIRENT_SIZE 20

struct tmpfs {
    struct fs fs;
    struct spinlock lock;
    uint64_t next_ino;               /* [lock] */
    size_t pages_max, pages_used;    /* [lock] the files' pages, charged by reserve */
    size_t nodes_max, nodes_used;    /* [lock] */
};

struct tmpfs_dirent {
    struct tmpfs_dirent *next;
    struct vnode *child;             /* referenced: the name keeps it alive */
    uint64_t cookie;                 /* its readdir position, never reused in this directory */
    char name[];
};

struct tmpfs_node {
    struct vnode v;
    /* directories */
    struct tmpfs_dirent *first, **last;
    uint64_t next_cookie;            /* [v.lock] */
    size_t nentries;                 /* [tm->lock] */
    struct tmpfs_node *parent;       /* [tm->lock] NULL for the root and once removed */
    /* regular files */
    size_t charged;                  /* [v.lock] pages counted in pages_used */
};

static inline struct tmpfs_node *tmpfs_node(struct vnode *v) { return container_of(v, struct tmpfs_node, v); }
static inline struct tmpfs *tmpfs_of(struct vnode *v) { return container_of(v->fs, struct tmpfs, fs); }

extern const struct vnode_ops tmpfs_dir_ops;
extern const struct vnode_ops tmpfs_file_ops;

/* tmpfs_create_sized: a tmpfs holding at most pages_max pages of files
 * and nodes_max files and directories (tests use small ones). */
struct fs *tmpfs_create_sized(size_t pages_max, size_t nodes_max);
/* tmpfs_destroy: free an empty tmpfs that was never mounted (tests). */
void tmpfs_destroy(struct fs *fs);
/* tmpfs_node_new: a node of type VN_REG or VN_DIR with refs 1, counted
 * against the file limit: -ENOSPC or -ENOMEM. */
int tmpfs_node_new(struct tmpfs *tm, int type, uint16_t mode, struct tmpfs_node **out);
void tmpfs_inactive(struct vnode *v);
/* tmpfs_set_ctime: the node changed (v->lock held). */
void tmpfs_set_ctime(struct vnode *v);

/* Directory entries (tmpfs_dir.c), dir->lock held. */
struct tmpfs_dirent *tmpfs_find(struct tmpfs_node *dir, const char *name);
struct tmpfs_dirent *tmpfs_dirent_new(const char *name, struct vnode *child);
/* tmpfs_link / tmpfs_unlink: put e in dir or take it out, tm->lock held
 * as well. */
void tmpfs_link(struct tmpfs_node *dir, struct tmpfs_dirent *e);
void tmpfs_unlink(struct tmpfs_node *dir, struct tmpfs_dirent *e);
/* tmpfs_dir_resize: dir's size by delta names (dir->lock held). */
void tmpfs_dir_resize(struct tmpfs_node *dir, int delta);
/* tmpfs_set_nlink: a directory's link count (tm->lock held). */
void tmpfs_set_nlink(struct tmpfs_node *dir, uint32_t nlink);
/* tmpfs_drop_file: a file loses its (only) name: nlink 0 (dir->lock held;
 * the caller then drops the name's reference). */
void tmpfs_drop_file(struct vnode *file);

int tmpfs_rename(struct vnode *fromdir, const char *from, struct vnode *todir, const char *to);
#endif
