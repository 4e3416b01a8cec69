/* names_ops.c -- unlink, unlinkat and rename: what they do to names and to
 * files that are still open. */
#include "ft.h"

static uint64_t ino_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st.st_ino;
}

static uint64_t nlink_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st.st_nlink;
}

void test_unlink(void)
{
    struct stat st;
    ft_put("f", "x", 1);
    OK(mkdir("d", 0755));
    OK(unlink("f"));
    ERR(stat("f", &st), ENOENT);
    ERR(unlink("f"), ENOENT);
    ERR(unlink(""), ENOENT);
    ERR(unlink("nosuch/x"), ENOENT);
    ft_put("f", "x", 1);
    ERR(unlink("f/x"), ENOTDIR);
    ERR(unlink("f/"), ENOTDIR);
    /* Directories are not unlinked (Linux says EISDIR). */
    ERR(unlink("d"), EISDIR);
    ERR(unlink("d/"), EISDIR);
    ERR(unlink("."), EISDIR);
    ERR(unlink(".."), EISDIR);
    /* unlinkat: 0 for files, AT_REMOVEDIR for directories. */
    ERR(unlinkat(AT_FDCWD, "d", 0), EISDIR);
    ERR(unlinkat(AT_FDCWD, "f", AT_REMOVEDIR), ENOTDIR);
    ERR(unlinkat(AT_FDCWD, "f", 0x1234), EINVAL);
    ERR(unlinkat(-7, "f", 0), EBADF);
    ft_put("d/g", "x", 1);
    ERR(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), ENOTEMPTY);
    int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
    OK(unlinkat(dfd, "g", 0));
    OK(close(dfd));
    OK(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    OK(unlinkat(AT_FDCWD, "f", 0));
    CHECK(!ft_exists("d") && !ft_exists("f"));
}

void test_unlink_open(void)
{
    enum { SIZE = 8 * 4096 };
    char *data = OKP(malloc(SIZE)), buf[16];
    ft_pattern(data, SIZE, 3);
    ft_put("f", data, SIZE);
    int fd = OK(open("f", O_RDWR));
    int fd2 = OK(dup(fd));
    uint64_t ino = ino_of("f");
    long with_file = ft_free_pages();
    OK(unlink("f"));
    CHECK(!ft_exists("f"));
    /* The file lives on through its descriptors: no link, same bytes. */
    struct stat st;
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_nlink, 0);
    CHECK_EQ(st.st_size, SIZE);
    CHECK_EQ(st.st_ino, ino);
    ft_expect_fd(fd, data, SIZE);
    CHECK_EQ(pwrite(fd2, "more", 4, SIZE), 4);
    CHECK_EQ(pread(fd, buf, 4, SIZE), 4);
    CHECK_MEM(buf, "more", 4);
    /* A new file of that name is another file. */
    ft_put("f", "new", 3);
    CHECK(ino_of("f") != ino);
    OK(fstat(fd, &st));
    CHECK_EQ(st.st_size, SIZE + 4);
    ft_expect("f", "new", 3);
    OK(unlink("f"));
#ifndef FT_LINUX
    CHECK(ft_free_pages() <= with_file);            /* its pages are all still held */
#endif
    OK(close(fd));
    CHECK_EQ(pread(fd2, buf, 4, 0), 4);
    CHECK_MEM(buf, data, 4);
    OK(close(fd2));                                 /* the last: now it goes */
#ifndef FT_LINUX
    if (ft_free_pages() < with_file + SIZE / 4096)
        FAIL("closing the last descriptor freed %ld pages, want >= %d",
             ft_free_pages() - with_file, SIZE / 4096);
#endif
    (void)with_file;
    /* A directory that is removed while open reads as gone. */
    OK(mkdir("d", 0755));
    int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
    OK(rmdir("d"));
    ERR(getdents64(dfd, buf, sizeof buf), ENOENT);
    ERR(openat(dfd, "x", O_RDWR | O_CREAT, 0644), ENOENT);
    OK(fstat(dfd, &st));
    CHECK_EQ(st.st_nlink, 0);
    OK(close(dfd));
    free(data);
}

void test_rename(void)
{
    char buf[8];
    ft_put("a", "AAA", 3);
    uint64_t ino = ino_of("a");
    OK(rename("a", "b"));
    CHECK(!ft_exists("a"));
    CHECK_EQ(ino_of("b"), ino);
    ft_expect("b", "AAA", 3);
    /* Over an existing file: that file loses its name, not its openers. */
    ft_put("c", "CCC", 3);
    int cfd = OK(open("c", O_RDONLY));
    OK(rename("b", "c"));
    CHECK(!ft_exists("b"));
    CHECK_EQ(ino_of("c"), ino);
    ft_expect("c", "AAA", 3);
    CHECK_EQ(read(cfd, buf, sizeof buf), 3);
    CHECK_MEM(buf, "CCC", 3);
    struct stat st;
    OK(fstat(cfd, &st));
    CHECK_EQ(st.st_nlink, 0);
    OK(close(cfd));
    /* To itself: nothing happens. */
    OK(rename("c", "c"));
    ft_expect("c", "AAA", 3);
    /* Into another directory, and back. */
    OK(mkdir("d", 0755));
    OK(rename("c", "d/c2"));
    ft_expect("d/c2", "AAA", 3);
    OK(rename("d/c2", "c"));
    /* Errors. */
    ERR(rename("nosuch", "x"), ENOENT);
    ERR(rename("", "x"), ENOENT);
    ERR(rename("c", ""), ENOENT);
    ERR(rename("c", "nosuch/x"), ENOENT);
    ft_put("f", "x", 1);
    ERR(rename("c", "f/x"), ENOTDIR);
    ERR(rename("c/", "x"), ENOTDIR);
    ERR(rename("c", "x/"), ENOTDIR);
    ERR(rename("c", "d"), EISDIR);                  /* a file over a directory */
    ERR(rename("d", "c"), ENOTDIR);                 /* a directory over a file */
    /* Between file systems: EXDEV, before the initrd's EROFS. */
    ERR(rename("c", "/c"), EXDEV);
    ERR(rename("c", "/bin/c"), EXDEV);
    ERR(rename(FT_HELLO, "x"), EXDEV);
    ft_expect("c", "AAA", 3);
    /* renameat from directory descriptors. */
    int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
    OK(renameat(AT_FDCWD, "c", dfd, "c3"));
    ft_expect("d/c3", "AAA", 3);
    ERR(renameat(dfd, "nosuch", AT_FDCWD, "x"), ENOENT);
    ERR(renameat(-9, "c3", AT_FDCWD, "x"), EBADF);
    OK(renameat(dfd, "c3", AT_FDCWD, "c"));
    OK(close(dfd));
    OK(unlink("c"));
    OK(unlink("f"));
    OK(rmdir("d"));
}

void test_rename_dirs(void)
{
    OK(mkdir("d", 0755));
    OK(mkdir("d/sub", 0755));
    ft_put("d/sub/f", "F", 1);
    uint64_t top = nlink_of(".");
    /* A directory moves with what is in it. */
    OK(rename("d", "e"));
    CHECK(!ft_exists("d"));
    ft_expect("e/sub/f", "F", 1);
    CHECK_EQ(nlink_of("."), top);
    /* Between parents: the links of both change (its ".."). */
    OK(mkdir("p", 0755));
    OK(rename("e/sub", "p/sub"));
    CHECK_EQ(nlink_of("e"), 2);
    CHECK_EQ(nlink_of("p"), 3);
    ft_expect("p/sub/f", "F", 1);
    /* getcwd follows a rename of a directory above the cwd. */
    char want[128], buf[128];
    OK(chdir("p/sub"));
    OK(rename("../../p", "../../q"));
    snprintf(want, sizeof want, "%s/q/sub", ft_dir);
    OKP(getcwd(buf, sizeof buf));
    CHECK_STR(buf, want);
    OK(chdir(ft_dir));
    /* Over an empty directory it goes; over a full one, not. */
    OK(mkdir("empty", 0755));
    OK(rename("q", "empty"));
    CHECK(!ft_exists("q"));
    ft_expect("empty/sub/f", "F", 1);
    ERR(rename("e", "empty"), ENOTEMPTY);
    /* Not into itself or below itself. */
    ERR(rename("empty", "empty/sub/x"), EINVAL);
    ERR(rename("empty", "empty/x"), EINVAL);
    ERR(rename("empty/sub", "empty/sub/x"), EINVAL);
    /* "." and "..": EBUSY. */
    ERR(rename(".", "x"), EBUSY);
    ERR(rename("empty/..", "x"), EBUSY);
    ERR(rename("e", "."), EBUSY);
    OK(unlink("empty/sub/f"));
    OK(rmdir("empty/sub"));
    OK(rmdir("empty"));
    OK(rmdir("e"));
    CHECK_EQ(nlink_of("."), top - 1);
}
