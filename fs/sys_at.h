/* sys_at.h -- what the path system calls share: a user path copied in
 * (PATH_MAX bytes, kmalloc'd: kernel stacks are small), and the directory
 * a relative path starts from: the *at calls' dirfd, or the working
 * directory for AT_FDCWD (and for the calls without a dirfd). An absolute
 * path ignores dirfd, as on Linux. Errors come in Linux's order: the path
 * first (-EFAULT, -ENAMETOOLONG, -ENOENT for ""), then dirfd (-EBADF,
 * -ENOTDIR). Used by sys_path.c, sys_stat.c, sys_attr.c and sys_open.c.
 */
#ifndef FS_SYS_AT_H
#define FS_SYS_AT_H
#include <stdint.h>
#include <stdbool.h>
#include "include/weensy/fs.h"

struct vnode;

struct at_path {
    char *path;                      /* the path, NUL-terminated (kmalloc'd) */
    struct vnode *at;                /* referenced; NULL for an absolute path */
};

/* at_path_get: upath copied in and, for a relative path, dirfd's
 * directory. With empty_ok, "" is allowed, and `at` is then dirfd's own
 * file (the working directory for AT_FDCWD), whatever kind it is
 * (AT_EMPTY_PATH). 0 or a negative errno (nothing to put then). */
int at_path_get(long dirfd, uintptr_t upath, bool empty_ok, struct at_path *ap);
void at_path_put(struct at_path *ap);

/* at_lookup: the vnode dirfd and upath name, referenced. flags may hold
 * AT_EMPTY_PATH ("" names dirfd's own file); the rest are the caller's. */
int at_lookup(long dirfd, uintptr_t upath, int flags, struct vnode **out);

/* at_fd_vnode: the vnode open at fd, referenced; -EBADF. */
int at_fd_vnode(long fd, struct vnode **out);

/* What a path's last component was (Linux's LAST_NORM, LAST_DOT, ...). */
enum at_last { AT_LAST_NORM, AT_LAST_DOT, AT_LAST_DOTDOT, AT_LAST_ROOT };

/* A path split for a call that makes or removes a name. */
struct at_parent {
    struct vnode *dir;               /* referenced: the directory holding `last` */
    char last[NAME_MAX + 1];         /* "" when kind is not AT_LAST_NORM (dir is then the vnode itself) */
    enum at_last kind;
    bool slash;                      /* the path ended in "/" ("name/": a directory) */
};

/* at_lookup_parent: split dirfd and upath (vfs_lookup_parent); 0 or a
 * negative errno (nothing to put then). */
int at_lookup_parent(long dirfd, uintptr_t upath, struct at_parent *p);
void at_parent_put(struct at_parent *p);
#endif
