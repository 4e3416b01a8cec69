/* vfs_internal.h -- between the files of the VFS core (vfs.c, vfs_ops.c). */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H
#include "fs/vfs.h"

/* vfs_cross_mounts: the vnode seen at v (the root of what is mounted
 * there, if anything); takes over v's reference and returns one. */
struct vnode *vfs_cross_mounts(struct vnode *v);
/* vfs_root_peek: "/" without a reference (for comparisons). */
struct vnode *vfs_root_peek(void);
#endif
