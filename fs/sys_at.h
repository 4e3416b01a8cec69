/* sys_at.h -- what the path system calls need beyond fs/path_at.h (which
 * copies a path in and finds where it starts): a lookup that takes the
 * *at calls' AT_EMPTY_PATH, a descriptor's vnode, and a path split into
 * its directory and last name, with what the last component was, for the
 * calls that make or remove names (sys_path.c, sys_stat.c, sys_attr.c).
 * Errors come in Linux's order: the path first (-EFAULT, -ENAMETOOLONG,
 * -ENOENT for ""), then dirfd (-EBADF, -ENOTDIR), then the lookup.
 */
#ifndef FS_SYS_AT_H
#define FS_SYS_AT_H
#include <stdint.h>
#include <stdbool.h>
#include "include/weensy/fs.h"

struct vnode;

/* at_lookup: the vnode dirfd and upath name, referenced. flags may hold
 * AT_EMPTY_PATH: "" then names dirfd's own file, of any kind (the
 * working directory for AT_FDCWD); the other flags are the caller's. */
int at_lookup(long dirfd, uintptr_t upath, int flags, struct vnode **out);

/* at_fd_vnode: the vnode open at fd, referenced; -EBADF. */
int at_fd_vnode(long fd, struct vnode **out);

/* What a path's last component was (Linux's LAST_NORM, LAST_DOT, ...). */
enum at_last { AT_LAST_NORM, AT_LAST_DOT, AT_LAST_DOTDOT, AT_LAST_ROOT };

/* A path split for a call that makes or removes a name. */
struct at_parent {
    struct vnode *dir;               /* referenced: the directory holding `last` */
    char last[NAME_MAX + 1];         /* "" unless kind is AT_LAST_NORM (dir is then the vnode itself) */
    enum at_last kind;
    bool slash;                      /* the path ended in "/" ("name/": a directory) */
};

/* at_lookup_parent: dirfd and upath split (vfs_lookup_parent); 0 or a
 * negative errno (nothing to put then). */
int at_lookup_parent(long dirfd, uintptr_t upath, struct at_parent *p);
void at_parent_put(struct at_parent *p);
#endif
