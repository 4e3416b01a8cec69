/* tmpfs_rename_test.c -- rename's cases as rename(2) lists them, through
 * vfs_rename (which adds the EXDEV and EINVAL checks), on a small tmpfs
 * of the test's own (tmpfs_test.h). */
#include "kernel/ktest.h"
#include "fs/tmpfs_test.h"
#include "include/weensy/errno.h"

/* The text of file path, or "" if it cannot be read. */
static const char *tt_text(const char *path)
{
    static char buf[32];
    memset(buf, 0, sizeof(buf));
    struct vnode *v = tt_get(path);
    if (v) {
        vnode_read(v, 0, buf, sizeof(buf) - 1);
        vnode_put(v);
    }
    return buf;
}

KTEST(tmpfs_rename_files)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root;
    KT_CHECK_EQ(tt_file(root, "f1", "one"), 0);
    KT_CHECK_EQ(tt_file(root, "f2", "two"), 0);
    struct vnode *old = tt_get("f2");
    KT_CHECK_EQ(vfs_rename(root, "f1", root, "f2"), 0);   /* file over file */
    KT_CHECK(tt_get("f1") == 0);
    KT_CHECK(strcmp(tt_text("f2"), "one") == 0);
    KT_CHECK_EQ(tt_nlink(old), 0);           /* the replaced file lives on while held */
    char buf[4] = { 0 };
    KT_CHECK_EQ(vnode_read(old, 0, buf, 3), 3);
    KT_CHECK(strcmp(buf, "two") == 0);
    vnode_put(old);
    KT_CHECK_EQ(vfs_rename(root, "f2", root, "f2"), 0);   /* same file: nothing happens */
    KT_CHECK(strcmp(tt_text("f2"), "one") == 0);
    KT_CHECK_EQ(vfs_rename(root, "nothing", root, "x"), -ENOENT);
    KT_CHECK_EQ(vfs_mkdir(root, "d", 0755), 0);
    struct vnode *d = tt_get("d");
    KT_CHECK_EQ(vfs_rename(root, "f2", d, "g"), 0);       /* to another directory */
    KT_CHECK(strcmp(tt_text("d/g"), "one") == 0);
    KT_CHECK_EQ(vnode_size(root), 3 * 20);
    KT_CHECK_EQ(vnode_size(d), 3 * 20);
    KT_CHECK_EQ(vfs_rename(d, "g", root, "d"), -EISDIR);  /* file over directory */
    KT_CHECK_EQ(vfs_unlink(d, "g"), 0);
    vnode_put(d);
    KT_CHECK_EQ(vfs_rmdir(root, "d"), 0);
    KT_CHECK(tt_end());
}

KTEST(tmpfs_rename_dirs)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root;
    KT_CHECK_EQ(vfs_mkdir(root, "a", 0755), 0);
    KT_CHECK_EQ(vfs_mkdir(root, "b", 0755), 0);
    KT_CHECK_EQ(vfs_mkdir(root, "c", 0755), 0);
    KT_CHECK_EQ(tt_file(root, "f", "F"), 0);
    struct vnode *a = tt_get("a"), *b = tt_get("b"), *c = tt_get("c");
    KT_CHECK_EQ(tt_file(c, "x", "X"), 0);
    KT_CHECK_EQ(tt_nlink(root), 5);
    KT_CHECK_EQ(vfs_rename(root, "a", root, "c"), -ENOTEMPTY);   /* over a non-empty one */
    KT_CHECK_EQ(vfs_rename(root, "a", root, "f"), -ENOTDIR);     /* over a file */
    KT_CHECK_EQ(vfs_rename(root, "a", a, "in"), -EINVAL);        /* into itself (the VFS's check) */
    KT_CHECK_EQ(vfs_rename(root, "a", root, "b"), 0);            /* over an empty one */
    struct vnode *now = tt_get("b");
    KT_CHECK(now == a);
    vnode_put(now);
    KT_CHECK_EQ(tt_nlink(b), 0);             /* the replaced one is gone */
    KT_CHECK_EQ(tt_nlink(root), 4);
    vnode_put(b);
    KT_CHECK_EQ(vfs_rename(root, "b", c, "moved"), 0);           /* to another directory */
    KT_CHECK_EQ(tt_nlink(root), 3);
    KT_CHECK_EQ(tt_nlink(c), 3);
    struct vnode *up = tt_get("c/moved/..");
    KT_CHECK(up == c);
    vnode_put(up);
    struct vfs_dirent e;
    uint64_t pos = 1;
    KT_CHECK_EQ(tt_readdir(a, &pos, &e), 1);
    KT_CHECK(strcmp(e.name, "..") == 0 && e.ino == c->ino);
    /* A directory over one of its own ancestors: that one is not empty. */
    KT_CHECK_EQ(vfs_rename(a, "..", root, "c"), -EBUSY);
    KT_CHECK_EQ(vfs_mkdir(a, "deep", 0755), 0);
    struct vnode *deep = tt_get("c/moved/deep");
    KT_CHECK(deep != 0);
    KT_CHECK_EQ(vfs_mkdir(deep, "leaf", 0755), 0);
    KT_CHECK_EQ(vfs_rename(deep, "leaf", root, "c"), -ENOTEMPTY);
    KT_CHECK_EQ(vfs_rename(deep, "leaf", c, "moved"), -ENOTEMPTY);
    KT_CHECK_EQ(vfs_rmdir(deep, "leaf"), 0);
    vnode_put(deep);
    KT_CHECK_EQ(vfs_rmdir(a, "deep"), 0);
    vnode_put(a);
    KT_CHECK_EQ(vfs_rmdir(c, "moved"), 0);
    KT_CHECK_EQ(vfs_unlink(c, "x"), 0);
    vnode_put(c);
    KT_CHECK_EQ(vfs_rmdir(root, "c"), 0);
    KT_CHECK_EQ(vfs_unlink(root, "f"), 0);
    KT_CHECK_EQ(tt_nlink(root), 2);
    KT_CHECK(tt_end());
}
