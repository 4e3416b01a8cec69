/* path_at.c -- user paths and where they start (see path_at.h). */
#include "kernel/kernel.h"
#include "fs/path_at.h"
#include "fs/fdtable.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

_Static_assert(PATH_MAX == PAGE_SIZE, "a path buffer is one page");

int path_copyin(uintptr_t upath, char **out, bool empty_ok)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!pg)
        return -ENOMEM;
    char *path = page_kva(pg);
    long len = copyinstr(path, upath, PATH_MAX);
    int err = len < 0 ? (int)len : (len == 0 && !empty_ok ? -ENOENT : 0);
    if (err) {
        page_put(pg);
        return err;
    }
    *out = path;
    return 0;
}

void path_free(char *path) { page_put(pa_to_page(kva_to_pa(path))); }

int path_start(long dirfd, const char *path, struct vnode **out)
{
    if (path[0] == '/') {
        *out = vfs_root();
        return 0;
    }
    if (fd_arg(dirfd) == AT_FDCWD) {
        *out = files_cwd();
        return 0;
    }
    struct file *f = fd_get(fd_arg(dirfd));
    if (!f) {
        if (f)
            file_put(f);
        return -EBADF;
    }
    int err = f->vnode->type == VN_DIR ? 0 : -ENOTDIR;
    if (!err) {
        *out = f->vnode;
        vnode_ref(*out);
    }
    file_put(f);
    return err;
}

int path_lookup_at(long dirfd, uintptr_t upath, struct vnode **out)
{
    char *path;
    int err = path_copyin(upath, &path, false);
    if (err)
        return err;
    struct vnode *at;
    err = path_start(dirfd, path, &at);
    if (!err) {
        err = vfs_lookup(at, path, out);
        vnode_put(at);
    }
    path_free(path);
    return err;
}
