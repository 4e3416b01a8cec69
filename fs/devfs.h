/* devfs.h -- /dev: the character devices that drivers register, each a
 * file whose open hands out the driver's file_ops. Read-only as a
 * directory: devices appear only by registration. */
#ifndef FS_DEVFS_H
#define FS_DEVFS_H
#include <stdint.h>
#include "fs/vfs.h"

#define DEVFS_MAX 16

/* devfs_register: /dev/name opens as a file with ops (f->priv = priv).
 * 0, -EEXIST, -ENOSPC. */
int devfs_register(const char *name, const struct file_ops *ops, void *priv, uint32_t rdev);
struct fs *devfs_create(void);
#endif
