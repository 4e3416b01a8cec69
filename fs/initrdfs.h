/* initrdfs.h -- the initrd as a read-only file system (fs/initrdfs.c). */
#ifndef FS_INITRDFS_H
#define FS_INITRDFS_H
struct fs;
/* initrdfs_create: the file system of the archive (once, at boot). */
struct fs *initrdfs_create(void);
#endif
