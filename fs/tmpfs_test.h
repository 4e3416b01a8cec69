/* tmpfs_test.h -- between tmpfs's in-kernel test files: a small tmpfs
 * of the test's own, and helpers over the VFS. */
#ifndef FS_TMPFS_TEST_H
#define FS_TMPFS_TEST_H
#include "fs/tmpfs_internal.h"

extern struct fs *tt_fs;
/* tt_begin: note the free pages and make tt_fs; tt_end: free it, and
 * say whether the free pages are back where they were. */
int tt_begin(size_t pages_max, size_t nodes_max);
bool tt_end(void);
struct vnode *tt_get(const char *path);      /* referenced, or NULL */
int tt_file(struct vnode *dir, const char *name, const char *text);
uint32_t tt_nlink(struct vnode *v);
int tt_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out);
#endif
