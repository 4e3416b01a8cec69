/* tmpfs_test.c -- tmpfs through the VFS: files written and read back
 * through the page cache, directories and readdir, removal, a file that
 * lives on unlinked while held, the limits (ENOSPC), and the page count
 * back where it was once everything is gone. Each test makes its own
 * small tmpfs, not mounted, and frees it. (Renames: tmpfs_rename_test.c.) */
#include "kernel/ktest.h"
#include "fs/tmpfs_test.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

struct fs *tt_fs;
static size_t tt_nfree;

int tt_begin(size_t pages_max, size_t nodes_max)
{
    tt_nfree = page_nfree();
    tt_fs = tmpfs_create_sized(pages_max, nodes_max);
    return tt_fs ? 0 : -ENOMEM;
}

bool tt_end(void)
{
    tmpfs_destroy(tt_fs);
    tt_fs = 0;
    return page_nfree() == tt_nfree;
}

struct vnode *tt_get(const char *path)
{
    struct vnode *v;
    return vfs_lookup(tt_fs->root, path, &v) == 0 ? v : 0;
}

int tt_file(struct vnode *dir, const char *name, const char *text)
{
    struct vnode *v;
    int err = vfs_create(dir, name, 0644, true, &v);
    if (err)
        return err;
    long n = vnode_write(v, 0, text, strlen(text));
    vnode_put(v);
    return n == (long)strlen(text) ? 0 : -EIO;
}

uint32_t tt_nlink(struct vnode *v)
{
    struct stat st;
    vnode_stat(v, &st);
    return (uint32_t)st.st_nlink;
}

int tt_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out)
{
    sleep_lock(&dir->lock);
    int r = dir->ops->readdir(dir, pos, out);
    sleep_unlock(&dir->lock);
    return r;
}

static void tt_statfs(struct statfs *st)
{
    memset(st, 0, sizeof(*st));
    tt_fs->statfs(tt_fs, st);
}

KTEST(tmpfs_file_write_read)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root, *f;
    KT_CHECK_EQ(vfs_create(root, "f", 0640, true, &f), 0);
    KT_CHECK_EQ(vfs_create(root, "f", 0640, true, &f), -EEXIST);
    KT_CHECK_EQ(vnode_write(f, 0, "hello", 5), 5);
    KT_CHECK_EQ(vnode_write(f, 2 * PAGE_SIZE, "x", 1), 1);   /* a hole between */
    struct stat st;
    vnode_stat(f, &st);
    KT_CHECK_EQ(st.st_size, 2 * PAGE_SIZE + 1);
    KT_CHECK_EQ(st.st_mode, S_IFREG | 0640);
    KT_CHECK_EQ(st.st_nlink, 1);
    KT_CHECK_EQ(st.st_dev, tt_fs->dev);
    KT_CHECK(st.st_ino != root->ino);
    char buf[16];
    KT_CHECK_EQ(vnode_read(f, 0, buf, sizeof(buf)), sizeof(buf));
    KT_CHECK(memcmp(buf, "hello\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);   /* past the bytes: zeros */
    KT_CHECK_EQ(vnode_read(f, PAGE_SIZE + 100, buf, 4), 4);
    KT_CHECK(memcmp(buf, "\0\0\0\0", 4) == 0);
    KT_CHECK_EQ(vnode_read(f, 2 * PAGE_SIZE, buf, sizeof(buf)), 1);   /* short at the end */
    KT_CHECK_EQ(buf[0], 'x');
    KT_CHECK_EQ(vnode_read(f, 2 * PAGE_SIZE + 1, buf, 1), 0);
    KT_CHECK_EQ(vnode_truncate(f, 3), 0);
    KT_CHECK_EQ(vnode_read(f, 0, buf, sizeof(buf)), 3);
    KT_CHECK(memcmp(buf, "hel", 3) == 0);
    struct vnode *again = tt_get("f");
    KT_CHECK(again == f);                    /* one vnode per file */
    vnode_put(again);
    vnode_put(f);
    KT_CHECK_EQ(vfs_unlink(root, "f"), 0);
    KT_CHECK_EQ(vfs_unlink(root, "f"), -ENOENT);
    KT_CHECK(tt_end());
}

KTEST(tmpfs_dirs_and_readdir)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root;
    KT_CHECK_EQ(vfs_mkdir(root, "d", 0755), 0);
    KT_CHECK_EQ(vfs_mkdir(root, "d", 0755), -EEXIST);
    struct vnode *d = tt_get("d");
    KT_CHECK(d && d->type == VN_DIR);
    KT_CHECK_EQ(tt_file(d, "a", "A"), 0);
    KT_CHECK_EQ(tt_file(d, "b", "B"), 0);
    KT_CHECK_EQ(vfs_mkdir(d, "sub", 0700), 0);
    KT_CHECK_EQ(tt_nlink(root), 3);          /* ".", "d", d's ".." */
    KT_CHECK_EQ(tt_nlink(d), 3);
    KT_CHECK_EQ(vnode_size(d), 5 * 20);      /* Linux's tmpfs: 20 per name, "." and ".." too */
    struct vnode *up = tt_get("d/sub/..");
    KT_CHECK(up == d);
    vnode_put(up);
    KT_CHECK_EQ(vfs_lookup(root, "d/a/x", &up), -ENOTDIR);
    KT_CHECK_EQ(vfs_lookup(root, "d/nothing", &up), -ENOENT);

    static const char *const want[] = { ".", "..", "a", "b", "sub" };
    static const uint8_t types[] = { DT_DIR, DT_DIR, DT_REG, DT_REG, DT_DIR };
    struct vfs_dirent e;
    uint64_t pos = 0;
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        KT_CHECK_EQ(tt_readdir(d, &pos, &e), 1);
        KT_CHECK(strcmp(e.name, want[i]) == 0);
        KT_CHECK_EQ(e.type, types[i]);
        if (i == 0)
            KT_CHECK_EQ(e.ino, d->ino);
        if (i == 1)
            KT_CHECK_EQ(e.ino, root->ino);
        if (i == 2)                          /* a name going mid-listing moves no other */
            KT_CHECK_EQ(vfs_unlink(d, "a"), 0);
    }
    KT_CHECK_EQ(tt_readdir(d, &pos, &e), 0);

    KT_CHECK_EQ(vfs_rmdir(root, "d"), -ENOTEMPTY);
    KT_CHECK_EQ(vfs_rmdir(d, "b"), -ENOTDIR);
    KT_CHECK_EQ(vfs_unlink(d, "sub"), -EISDIR);
    KT_CHECK_EQ(vfs_rmdir(d, "sub"), 0);
    KT_CHECK_EQ(tt_nlink(d), 2);
    KT_CHECK_EQ(vfs_unlink(d, "b"), 0);
    KT_CHECK_EQ(vnode_size(d), 2 * 20);
    vnode_put(d);
    KT_CHECK_EQ(vfs_rmdir(root, "d"), 0);
    KT_CHECK_EQ(tt_nlink(root), 2);
    KT_CHECK(tt_end());
}

/* A removed directory that someone still holds (a working directory):
 * nothing can be made in it or found in it, and it goes with its holder. */
KTEST(tmpfs_removed_dir)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root;
    KT_CHECK_EQ(vfs_mkdir(root, "d", 0755), 0);
    struct vnode *d = tt_get("d"), *v;
    KT_CHECK_EQ(vfs_rmdir(root, "d"), 0);
    KT_CHECK_EQ(tt_nlink(d), 0);
    KT_CHECK_EQ(vfs_create(d, "x", 0644, false, &v), -ENOENT);
    KT_CHECK_EQ(vfs_mkdir(d, "x", 0755), -ENOENT);
    KT_CHECK_EQ(vfs_lookup(d, "..", &v), -ENOENT);
    struct vfs_dirent e;
    uint64_t pos = 0;
    KT_CHECK_EQ(tt_readdir(d, &pos, &e), -ENOENT);
    vnode_put(d);
    KT_CHECK(tt_end());
}

/* Unlinked but held (open): the bytes stay readable and writable, and the
 * pages and the limit's share go only with the last reference. */
KTEST(tmpfs_unlink_while_held)
{
    KT_CHECK_EQ(tt_begin(64, 64), 0);
    struct vnode *root = tt_fs->root, *f;
    struct statfs st;
    KT_CHECK_EQ(vfs_create(root, "f", 0644, true, &f), 0);
    static const char text[] = "kept after unlink";
    for (int i = 0; i < 3; i++)
        KT_CHECK_EQ(vnode_write(f, (uint64_t)i * PAGE_SIZE, text, sizeof(text)), sizeof(text));
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_blocks, 64);
    KT_CHECK_EQ(st.f_bfree, 64 - 3);
    KT_CHECK_EQ(st.f_ffree, 64 - 2);         /* the root and f */
    KT_CHECK_EQ(vfs_unlink(root, "f"), 0);
    KT_CHECK(tt_get("f") == 0);
    KT_CHECK_EQ(tt_nlink(f), 0);
    KT_CHECK_EQ(f->pages.npages, 3);         /* nothing freed yet */
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_bfree, 64 - 3);
    char buf[sizeof(text)];
    KT_CHECK_EQ(vnode_read(f, 2 * PAGE_SIZE, buf, sizeof(buf)), sizeof(buf));
    KT_CHECK(memcmp(buf, text, sizeof(text)) == 0);
    KT_CHECK_EQ(vnode_write(f, 0, "K", 1), 1);
    KT_CHECK_EQ(vnode_read(f, 0, buf, 1), 1);
    KT_CHECK_EQ(buf[0], 'K');
    vnode_put(f);                            /* the last close */
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_bfree, 64);
    KT_CHECK_EQ(st.f_ffree, 64 - 1);
    KT_CHECK(tt_end());
}

/* The limits: a write past the pages gets what fits, then ENOSPC; a
 * truncate gives pages back; files past the count are ENOSPC. */
KTEST(tmpfs_limits)
{
    KT_CHECK_EQ(tt_begin(4, 3), 0);
    struct vnode *root = tt_fs->root, *f, *g;
    static char page[PAGE_SIZE];
    memset(page, 'p', sizeof(page));
    KT_CHECK_EQ(vfs_create(root, "f", 0644, true, &f), 0);
    for (int i = 0; i < 3; i++)
        KT_CHECK_EQ(vnode_write(f, (uint64_t)i * PAGE_SIZE, page, PAGE_SIZE), PAGE_SIZE);
    KT_CHECK_EQ(vnode_write(f, 3 * PAGE_SIZE + 10, page, PAGE_SIZE), PAGE_SIZE - 10);   /* what fits */
    KT_CHECK_EQ(vnode_write(f, 4 * PAGE_SIZE, page, 1), -ENOSPC);
    KT_CHECK_EQ(vnode_write(f, 100, page, 100), 100);   /* inside: no more room needed */
    KT_CHECK_EQ(vfs_mkdir(root, "d", 0755), 0);
    KT_CHECK_EQ(vfs_create(root, "g", 0644, true, &g), -ENOSPC);   /* root, f, d */
    KT_CHECK_EQ(vnode_truncate(f, PAGE_SIZE), 0);
    struct statfs st;
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_bfree, 3);
    KT_CHECK_EQ(vnode_truncate(f, 1000 * PAGE_SIZE), 0);   /* a hole costs nothing */
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_bfree, 3);
    vnode_put(f);
    KT_CHECK_EQ(vfs_unlink(root, "f"), 0);
    KT_CHECK_EQ(vfs_rmdir(root, "d"), 0);
    tt_statfs(&st);
    KT_CHECK_EQ(st.f_bfree, 4);
    KT_CHECK_EQ(st.f_ffree, 2);
    KT_CHECK(tt_end());
}
