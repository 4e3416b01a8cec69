/* vfs_init.c -- the file systems weensy starts with: the initrd at "/"
 * (read-only), a tmpfs at /tmp and /dev. /proc is mounted by procfs, which
 * lives above proc/ (inspect/). */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "fs/initrdfs.h"
#include "fs/tmpfs.h"
#include "fs/devfs.h"

static void vfs_mount_or_panic(const char *path, struct fs *fs)
{
    int err = vfs_mount(path, fs);
    if (err)
        panic("vfs: cannot mount %s at %s: error %d", fs->name, path, err);
}

void vfs_init(void)
{
    vfs_mount_root(initrdfs_create());
    vfs_mount_or_panic("/dev", devfs_create());
    struct fs *tmp = tmpfs_create();
    if (!tmp)
        panic("vfs: no memory for /tmp");
    vfs_mount_or_panic("/tmp", tmp);
    kprintf("vfs: / initrd (read-only), /dev, /tmp tmpfs\n");
}
