/* tmpfs.h -- a read-write file system in memory (fs/tmpfs.c). */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H
struct fs;
/* tmpfs_create: a new, empty tmpfs. */
struct fs *tmpfs_create(void);
#endif
