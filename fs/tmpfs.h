/* tmpfs.h -- a read-write file system in memory (Linux's tmpfs), mounted
 * at /tmp. A file's bytes are its page cache's pages (fs/pcache.h): the
 * VFS reads, writes and maps them, and tmpfs only says that a page it
 * has never seen holds zeros. Directories are lists of names in kernel
 * memory.
 *
 * Limits, as Linux's defaults: half the machine's pages for the files'
 * bytes (a write past it is -ENOSPC) and as many files (a create past it
 * is -ENOSPC); statfs reports both.
 */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H

struct fs;

/* tmpfs_create: a new, empty tmpfs (its root is mode 01777, as /tmp);
 * NULL when memory is out. */
struct fs *tmpfs_create(void);
#endif
