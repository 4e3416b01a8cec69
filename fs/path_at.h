/* path_at.h -- what every path call does first: copy the path in from
 * user memory and find where a relative one starts (the *at calls'
 * dirfd, or the working directory). */
#ifndef FS_PATH_AT_H
#define FS_PATH_AT_H
#include <stdint.h>
#include "fs/vfs.h"

/* path_copyin: the user path at upath into a kmalloc'd PATH_MAX buffer
 * (*out, freed with path_free). -EFAULT, -ENAMETOOLONG (no NUL within
 * PATH_MAX bytes), -ENOENT ("" unless empty_ok), -ENOMEM. */
int path_copyin(uintptr_t upath, char **out, bool empty_ok);
void path_free(char *path);
/* path_start: where a relative path of an *at call starts: dirfd's
 * directory (AT_FDCWD: the working directory), referenced. -EBADF,
 * -ENOTDIR. An absolute path ignores dirfd (Linux does not check it). */
int path_start(long dirfd, const char *path, struct vnode **out);
/* path_lookup_at: both steps and the lookup: the vnode at upath. */
int path_lookup_at(long dirfd, uintptr_t upath, struct vnode **out);
#endif
