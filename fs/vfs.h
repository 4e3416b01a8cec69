/* vfs.h -- the virtual file system: vnodes (files, directories, devices,
 * pipes), the mount table, path lookup, and open files (docs/files.md).
 *
 * Layers: fs/ sits above mm/ and below proc/. It knows nothing of
 * processes: the descriptor table, working directory and umask of the
 * caller come from fs/fdtable.h, which proc/ hands the current one to
 * (files_set_current).
 *
 * A vnode is one file of one file system. Its file system gives it its
 * operations (struct vnode_ops): a directory's lookup, create, mkdir,
 * unlink, rmdir, rename and readdir; a regular file's page filler and
 * truncate; a device's or synthetic file's open. An operation a file
 * system does not have is NULL, and the VFS answers for it (EROFS on a
 * read-only file system, ENOTDIR, EPERM, ...).
 *
 * Regular files keep their bytes in pages, in the vnode's page cache
 * (fs/pcache.h): read, write and mmap all go through it, so each page of
 * a file exists once however many read or map it.
 *
 * Lifetime: refs counts the holders (open files, working directories,
 * mappings, lookups under way). A file system keeps its own vnodes alive
 * while they have names (tmpfs: nlink); when refs drops to 0 the VFS calls
 * ops->inactive, and the file system frees a vnode that has no name left.
 *
 * Locks: v->lock (a sleep lock) guards the vnode's size, mode, times and
 * the file system's data for it (a directory's entries); the VFS takes it
 * around each operation (both directories' for rename, lower address
 * first, under rename_lock). v->size may be read without it (an atomic
 * load): the fault path does, under vm->lock, where no sleep lock may be
 * taken. The page cache has its own spin lock. Order: v->lock (a
 * directory before its children) -> vm->lock -> pcache lock ->
 * page_lock.
 */
#ifndef FS_VFS_H
#define FS_VFS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/sleeplock.h"
#include "fs/pcache.h"
#include "mm/vm_object.h"
#include "include/weensy/fs.h"

struct file;
struct vnode;
struct fs;
struct page;

enum vnode_type { VN_REG = 1, VN_DIR, VN_CHR, VN_FIFO };

/* One directory entry, as readdir hands it out. */
struct vfs_dirent {
    uint64_t ino;
    uint8_t type;                    /* DT_* */
    char name[NAME_MAX + 1];
};

struct vnode_ops {
    /* Directories. Names are one component, NUL-terminated, never "" or
     * "." (the VFS resolves "."); ".." is the file system's to answer
     * except at a mount's root, which the VFS handles. Each returns 0 or a
     * negative errno; v->lock (of dir) is held. */
    int (*lookup)(struct vnode *dir, const char *name, struct vnode **out);   /* out: referenced */
    int (*create)(struct vnode *dir, const char *name, uint16_t mode, struct vnode **out);
    int (*mkdir)(struct vnode *dir, const char *name, uint16_t mode);
    int (*unlink)(struct vnode *dir, const char *name);      /* -EISDIR for a directory */
    int (*rmdir)(struct vnode *dir, const char *name);       /* -ENOTDIR, -ENOTEMPTY */
    /* rename: both directories locked; to may exist (replaced as rename(2)
     * says). Only within one file system (the VFS checks). */
    int (*rename)(struct vnode *fromdir, const char *from, struct vnode *todir, const char *to);
    /* readdir: the entry at *pos (0: the first; "." and ".." are entries
     * too), and *pos moves past it: 1, or 0 at the end. */
    int (*readdir)(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out);

    /* Regular files. fill_page: the file's bytes of page `index` into kva
     * (zeros past the end of the file), for a page the cache does not
     * have. Never sleeps (the fault path calls it under vm->lock). */
    void (*fill_page)(struct vnode *v, uint64_t index, void *kva);
    /* truncate: v->lock held; the VFS has already cut the page cache. */
    int (*truncate)(struct vnode *v, uint64_t size);
    /* reserve: v->lock held; a write is about to put bytes [off, end) in
     * the page cache. Returns how far it may go: end, or less where the
     * file system is full (tmpfs's size limit). The VFS writes only that
     * far, and fails with -ENOSPC if that is not past off. NULL: no
     * limit. */
    uint64_t (*reserve)(struct vnode *v, uint64_t off, uint64_t end);

    /* Devices and synthetic files (/dev, /proc): open sets f->ops (and
     * f->priv); NULL for an ordinary file or directory. */
    int (*open)(struct vnode *v, struct file *f);

    /* inactive: refs has dropped to 0 (v->lock not held). Must not sleep:
     * the last reference may be a mapping's, dropped under vm->lock. */
    void (*inactive)(struct vnode *v);
};

struct vnode {
    const struct vnode_ops *ops;
    struct fs *fs;                   /* [const] the file system it is on */
    struct sleeplock lock;
    int refs;                        /* [atomic] */
    uint8_t type;                    /* [const] enum vnode_type */
    uint16_t mode;                   /* [lock] permission bits (07777) */
    uint32_t nlink;                  /* [lock] names it has */
    uint64_t ino;                    /* [const] */
    uint64_t size;                   /* [lock] to write; atomic load to read */
    uint32_t rdev;                   /* [const] a device's number */
    struct weensy_timespec atime, mtime, ctime;   /* [lock] */
    struct pcache pages;             /* regular files: the cached pages */
    struct vm_object obj;            /* [const] what a mapping of it maps (fs/vnode_object.c) */
    struct vnode *mounted;           /* [mount_lock] a file system's root mounted here */
    struct vnode *covered;           /* [const] a mounted root: the directory it covers */
    void *priv;                      /* the file system's */
};

/* A mounted file system. */
struct fs {
    const char *name;                /* "tmpfs", "initrd", ... (for /proc/mounts) */
    int64_t magic;                   /* statfs's f_type */
    bool readonly;
    uint32_t dev;                    /* st_dev */
    struct vnode *root;
    /* statfs: blocks (4 KiB) and files; NULL: all zero. */
    void (*statfs)(struct fs *fs, struct statfs *st);
};

/* ---- vnodes -------------------------------------------------------------- */
/* vnode_init: a fresh vnode of fs with refs 1 (for file systems). Its
 * page cache is on the list of all caches from here on: a file system
 * that frees a vnode calls pcache_release(&v->pages) first. */
void vnode_init(struct vnode *v, struct fs *fs, const struct vnode_ops *ops, int type, uint16_t mode,
                uint64_t ino);
void vnode_ref(struct vnode *v);
/* vnode_object_ops: a regular file as a memory object (fs/vnode_object.c). */
extern const struct vm_object_ops vnode_object_ops;
void vnode_put(struct vnode *v);
static inline uint64_t vnode_size(struct vnode *v) { return __atomic_load_n(&v->size, __ATOMIC_ACQUIRE); }
static inline void vnode_set_size(struct vnode *v, uint64_t size)
{
    assert(sleep_holding(&v->lock));
    __atomic_store_n(&v->size, size, __ATOMIC_RELEASE);
}
/* vnode_touch: set mtime and ctime to now (v->lock held). */
void vnode_touch(struct vnode *v);
void vnode_stat(struct vnode *v, struct stat *st);
/* vnode_read / vnode_write: bytes at off through the page cache, to or
 * from kernel memory; how many (short at the end of the file), or a
 * negative errno. vnode_write grows the file; v->lock is taken inside. */
long vnode_read(struct vnode *v, uint64_t off, void *buf, size_t n);
long vnode_write(struct vnode *v, uint64_t off, const void *buf, size_t n);
/* vnode_truncate: the file's size becomes size (pages past it dropped). */
int vnode_truncate(struct vnode *v, uint64_t size);
/* vnode_read_user / vnode_write_user: the same to or from user memory at
 * ubuf, from *off, which they move (a write with append starts at the end
 * of the file). */
long vnode_read_user(struct vnode *v, uint64_t *off, uintptr_t ubuf, size_t n);
long vnode_write_user(struct vnode *v, uint64_t *off, uintptr_t ubuf, size_t n, bool append);
/* vnode_write_at: vnode_write_user's way (the position moved, O_APPEND's
 * end) from kernel memory. */
long vnode_write_at(struct vnode *v, uint64_t *off, const void *buf, size_t n, bool append);
/* vnode_getpage: page `index` of a regular file from its cache (filled on
 * first use), referenced; write marks it dirty. NULL: out of memory, or
 * the page is out on swap slot *slot (a tmpfs file's: read it with
 * swap_read_slot and ask again; else *slot is 0). Never sleeps (the fault
 * path's way to a file's page). vnode_getpage_wait: the same, reading the
 * page back from swap if it must (sleeps: no spin lock held); NULL and
 * *err (-ENOMEM, -EIO). */
struct page *vnode_getpage(struct vnode *v, uint64_t index, bool write, uint32_t *slot);
struct page *vnode_getpage_wait(struct vnode *v, uint64_t index, bool write, int *err);
int vnode_dtype(const struct vnode *v);   /* DT_* */

/* ---- mounts and paths ---------------------------------------------------- */
/* vfs_mount_root: fs becomes "/" (once, at boot). vfs_mount: fs's root
 * covers the directory at path (absolute). 0 or a negative errno. */
void vfs_mount_root(struct fs *fs);
/* vfs_mount: fs's root covers the directory at path. path must live as
 * long as the kernel (a string constant): the list of mounts keeps it. */
int vfs_mount(const char *path, struct fs *fs);
/* vfs_mounts_visit: fn for every mount, "/" first, in the order made. */
void vfs_mounts_visit(void (*fn)(const char *path, const struct fs *fs, void *arg), void *arg);
struct vnode *vfs_root(void);        /* referenced */
uint32_t vfs_new_dev(void);          /* a fresh st_dev for a file system */

#define LOOKUP_FOLLOW_MOUNT 0        /* mounts are always crossed */
/* vfs_lookup: the vnode at path (relative paths start at `at`, which may
 * be NULL for "/"), referenced. -ENOENT, -ENOTDIR, -ENAMETOOLONG, ... */
int vfs_lookup(struct vnode *at, const char *path, struct vnode **out);
/* vfs_lookup_parent: the directory that would hold path's last component
 * (referenced) and that component (into last, NAME_MAX + 1 bytes). A
 * path ending in "/" or "." or ".." has a last component that must exist
 * already: *last is then "" (callers creating a name say -EEXIST or
 * -EINVAL as Linux does) and *out is the vnode itself. */
int vfs_lookup_parent(struct vnode *at, const char *path, struct vnode **dir, char *last);

/* The operations of the path calls, with the errors Linux gives. */
int vfs_create(struct vnode *dir, const char *name, uint16_t mode, bool excl, struct vnode **out);
int vfs_mkdir(struct vnode *dir, const char *name, uint16_t mode);
int vfs_unlink(struct vnode *dir, const char *name);
int vfs_rmdir(struct vnode *dir, const char *name);
int vfs_rename(struct vnode *fromdir, const char *from, struct vnode *todir, const char *to);
/* vfs_path_of: the absolute path of directory v into buf (getcwd), its
 * length without the NUL, or -ERANGE / -ENOENT (removed). */
long vfs_path_of(struct vnode *v, char *buf, size_t size);

/* ---- open files ---------------------------------------------------------- */
struct file_ops {
    /* read/write: to or from user memory at ubuf; *pos is the file's
     * position for the ordinary calls, the caller's for pread/pwrite (the
     * op moves it). Bytes moved, or a negative errno. NULL: -EINVAL. */
    long (*read)(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos);
    long (*write)(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos);
    /* write_kernel: as write, from kernel memory (sendfile's buffer).
     * NULL: sendfile to such a file is -EINVAL. */
    long (*write_kernel)(struct file *f, const void *buf, size_t n, uint64_t *pos);
    long (*ioctl)(struct file *f, long request, uintptr_t arg);   /* NULL: -ENOTTY */
    /* poll: which of POLLIN, POLLOUT, POLLHUP, POLLERR hold now (fs/poll.h;
     * a change that makes one hold calls poll_notify). NULL: a file always
     * ready both ways (regular files, /dev/null). */
    short (*poll)(struct file *f);
    /* close: the last descriptor (and mapping) is gone. */
    void (*close)(struct file *f);
    bool seekable;                   /* lseek, pread and pwrite allowed (else -ESPIPE) */
};

struct file {
    int refs;                        /* [atomic] descriptors, in any table, and holders */
    const struct file_ops *ops;
    struct vnode *vnode;             /* referenced; every file has one */
    unsigned flags;                  /* [lock] O_ACCMODE, O_APPEND, O_NONBLOCK (F_GETFL) */
    struct sleeplock lock;           /* the position: one read or write at a time */
    uint64_t pos;                    /* [lock] */
    uint64_t dirpos;                 /* [lock] getdents64's place in a directory */
    void *priv;                      /* the ops' (a pipe's end) */
};

static inline bool file_readable(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static inline bool file_writable(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

/* file_open_vnode: an open file on v (which the file takes a reference
 * on) with open's flags; the vnode's open op runs for devices. -ENOMEM. */
int file_open_vnode(struct vnode *v, unsigned flags, struct file **out);
/* file_alloc: a bare file on v with ops and flags (pipes). */
struct file *file_alloc(struct vnode *v, const struct file_ops *ops, unsigned flags);
void file_ref(struct file *f);
void file_put(struct file *f);
/* The ops of an ordinary file (regular or directory). */
extern const struct file_ops vnode_file_ops;

/* vfs_empty: remove everything under the directory at path (power-off
 * empties /tmp before the final page check); 0 or the first error. */
int vfs_empty(const char *path);

/* ---- start-up ------------------------------------------------------------ */
/* vfs_init: mount the initrd at /, a tmpfs at /tmp, /dev and /proc's
 * mount points. Prints "vfs: ..." (fs/vfs_init.c). */
void vfs_init(void);
#endif
