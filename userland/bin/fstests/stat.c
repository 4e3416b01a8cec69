/* stat.c -- stat, fstat, lstat, fstatat, statfs, fstatfs, access,
 * faccessat, the modes and owners (chmod, chown, umask), and readlink. */
#include "ft.h"

void test_stat(void)
{
    struct stat st, st2;
    char *data = OKP(malloc(5000));
    ft_pattern(data, 5000, 4);
    ft_put("f", data, 5000);
    OK(stat("f", &st));
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(st.st_mode & 07777, 0644);
    CHECK_EQ(st.st_size, 5000);
    CHECK_EQ(st.st_nlink, 1);
    CHECK(st.st_ino != 0);
    CHECK(st.st_blksize > 0);
    CHECK(st.st_blocks * 512 >= st.st_size);
    /* fstat, lstat and fstatat see the same file. */
    int fd = OK(open("f", O_RDONLY));
    OK(fstat(fd, &st2));
    CHECK_EQ(st2.st_ino, st.st_ino);
    CHECK_EQ(st2.st_dev, st.st_dev);
    CHECK_EQ(st2.st_size, 5000);
    CHECK_EQ(st2.st_mode, st.st_mode);
    OK(lstat("f", &st2));
    CHECK_EQ(st2.st_ino, st.st_ino);
    OK(fstatat(AT_FDCWD, "f", &st2, 0));
    CHECK_EQ(st2.st_ino, st.st_ino);
    OK(fstatat(AT_FDCWD, "f", &st2, AT_SYMLINK_NOFOLLOW));
    CHECK_EQ(st2.st_ino, st.st_ino);
    OK(fstatat(fd, "", &st2, AT_EMPTY_PATH));
    CHECK_EQ(st2.st_ino, st.st_ino);
    ERR(fstatat(fd, "", &st2, 0), ENOENT);
    ERR(fstatat(AT_FDCWD, "f", &st2, 0x40000), EINVAL);
    /* The size follows writes. */
    int w = OK(open("f", O_WRONLY | O_APPEND));
    CHECK_EQ(write(w, "xyz", 3), 3);
    OK(fstat(fd, &st2));
    CHECK_EQ(st2.st_size, 5003);
    OK(close(w));
    OK(close(fd));
    /* Directories: their links are 2 and one per subdirectory. */
    OK(mkdir("d", 0755));
    OK(mkdir("d/x", 0755));
    OK(mkdir("d/y", 0755));
    ft_put("d/z", "", 0);
    OK(stat("d", &st2));
    CHECK(S_ISDIR(st2.st_mode));
    CHECK_EQ(st2.st_nlink, 4);
    CHECK_EQ(st2.st_dev, st.st_dev);
    CHECK(st2.st_ino != st.st_ino);
    OK(stat("d/", &st2));
    CHECK(S_ISDIR(st2.st_mode));
    /* Another file system, another st_dev. */
    struct stat root, tmp;
    OK(stat("/", &root));
    OK(stat("/tmp", &tmp));
    CHECK(S_ISDIR(root.st_mode) && S_ISDIR(tmp.st_mode));
    CHECK(root.st_dev != tmp.st_dev);
    CHECK_EQ(tmp.st_dev, st.st_dev);
    /* Pipes are FIFOs. */
    int p[2];
    OK(pipe(p));
    OK(fstat(p[0], &st2));
    CHECK(S_ISFIFO(st2.st_mode));
    OK(fstat(p[1], &st2));
    CHECK(S_ISFIFO(st2.st_mode));
    OK(close(p[0]));
    OK(close(p[1]));
    /* Errors. */
    ERR(stat("nosuch", &st2), ENOENT);
    ERR(stat("", &st2), ENOENT);
    ERR(stat("f/x", &st2), ENOTDIR);
    ERR(stat("f/", &st2), ENOTDIR);
    ERR(lstat("nosuch", &st2), ENOENT);
    ERR(fstatat(-3, "f", &st2, 0), EBADF);
    OK(fstatat(-3, "/tmp", &st2, 0));               /* absolute: dirfd unused */
    OK(unlink("d/z"));
    OK(rmdir("d/x"));
    OK(rmdir("d/y"));
    OK(rmdir("d"));
    OK(unlink("f"));
    free(data);
}

void test_statfs(void)
{
    struct statfs s, s2;
    OK(statfs("/tmp", &s));
    CHECK_EQ(s.f_type, TMPFS_MAGIC);
    CHECK_EQ(s.f_bsize, 4096);
    CHECK_EQ(s.f_namelen, NAME_MAX);
    CHECK(!(s.f_flags & ST_RDONLY));
    OK(statfs(".", &s2));                           /* the test's directory, on /tmp */
    CHECK_EQ(s2.f_type, TMPFS_MAGIC);
    ft_put("f", "x", 1);
    int fd = OK(open("f", O_RDONLY));
    OK(fstatfs(fd, &s2));
    CHECK_EQ(s2.f_type, TMPFS_MAGIC);
    OK(close(fd));
    OK(statfs("/", &s));
    CHECK_EQ(s.f_type, FT_ROOT_MAGIC);
    CHECK(s.f_flags & ST_RDONLY);
    OK(statfs(FT_HELLO, &s2));
    CHECK_EQ(s2.f_type, FT_ROOT_MAGIC);
    ERR(statfs("nosuch", &s), ENOENT);
    ERR(statfs("f/x", &s), ENOTDIR);
    ERR(fstatfs(-1, &s), EBADF);
    OK(unlink("f"));
}

void test_access(void)
{
    ft_put("f", "x", 1);
    OK(access("f", F_OK));
    OK(access("f", R_OK | W_OK));
    /* X_OK needs an execute bit, even for the superuser. */
    ERR(access("f", X_OK), EACCES);
    OK(chmod("f", 0744));
    OK(access("f", X_OK));
    OK(access(".", R_OK | W_OK | X_OK));
    OK(access("/tmp", W_OK));
    OK(access(FT_HELLO, R_OK | X_OK));
    ERR(access("nosuch", F_OK), ENOENT);
    ERR(access("f/x", F_OK), ENOTDIR);
    ERR(access("", F_OK), ENOENT);
    ERR(access("f", 8), EINVAL);
    ERR(access("f", -1), EINVAL);
    /* faccessat: from a directory, with its flags. */
    int dfd = OK(open(".", O_RDONLY | O_DIRECTORY));
    OK(faccessat(dfd, "f", R_OK, 0));
    OK(faccessat(AT_FDCWD, "f", W_OK, AT_EACCESS));
    OK(faccessat(AT_FDCWD, "f", R_OK, AT_SYMLINK_NOFOLLOW));
    int fd = OK(open("f", O_RDONLY));
    OK(faccessat(fd, "", R_OK, AT_EMPTY_PATH));
    ERR(faccessat(fd, "x", R_OK, 0), ENOTDIR);
    OK(close(fd));
    ERR(faccessat(dfd, "nosuch", F_OK, 0), ENOENT);
    ERR(faccessat(dfd, "f", F_OK, 0x4), EINVAL);
    ERR(faccessat(-4, "f", F_OK, 0), EBADF);
    ERR(faccessat(AT_FDCWD, FT_HELLO, W_OK, AT_EACCESS), EROFS);
    OK(close(dfd));
    OK(unlink("f"));
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st.st_mode;
}

void test_modes(void)
{
    ft_put("f", "x", 1);
    OK(mkdir("d", 0755));
    /* chmod changes the permission bits, never the type. */
    OK(chmod("f", 0600));
    CHECK_EQ(mode_of("f"), S_IFREG | 0600);
    OK(chmod("d", 0700));
    CHECK_EQ(mode_of("d"), S_IFDIR | 0700);
    int fd = OK(open("f", O_RDONLY));               /* fchmod needs no write access */
    OK(fchmod(fd, 0640));
    CHECK_EQ(mode_of("f"), S_IFREG | 0640);
    OK(fchmodat(AT_FDCWD, "f", 0604, 0));
    CHECK_EQ(mode_of("f"), S_IFREG | 0604);
    ERR(chmod("nosuch", 0644), ENOENT);
    ERR(chmod("f/x", 0644), ENOTDIR);
    ERR(fchmod(-1, 0644), EBADF);
    ERR(fchmodat(-1, "f", 0644, 0), EBADF);
    ERR(fchmodat(AT_FDCWD, "f", 0644, 0x4), EINVAL);
    /* Owners: one user, so changes to it, or to -1 (no change), succeed. */
    struct stat st;
    OK(chown("f", 0, 0));
    OK(fchown(fd, (uid_t)-1, (gid_t)-1));
    OK(lchown("f", 0, (gid_t)-1));
    OK(stat("f", &st));
    CHECK_EQ(st.st_uid, 0);
    CHECK_EQ(st.st_gid, 0);
    ERR(chown("nosuch", 0, 0), ENOENT);
    ERR(fchown(-1, 0, 0), EBADF);
    OK(close(fd));
    /* umask: the old mask back; only the permission bits are kept. */
    CHECK_EQ(umask(077), 022);
    ft_put("g", "", 0);
    CHECK_EQ(mode_of("g"), S_IFREG | 0600);
    OK(mkdir("e", 0777));
    CHECK_EQ(mode_of("e"), S_IFDIR | 0700);
    CHECK_EQ(umask(0177777), 077);
    CHECK_EQ(umask(022), 0777);
    /* A child has its parent's umask, and its own changes stay its own. */
    pid_t pid = FORK();
    if (pid == 0) {
        CHECK_EQ(umask(0), 022);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(umask(022), 022);
    OK(unlink("f"));
    OK(unlink("g"));
    OK(rmdir("d"));
    OK(rmdir("e"));
}

void test_readlink(void)
{
    char buf[64];
    ft_put("f", "x", 1);
    /* weensy has no symbolic links: every readlink is EINVAL or a lookup
     * error, as for Linux's files that are not links. */
    ERR(readlink("f", buf, sizeof buf), EINVAL);
    ERR(readlink(".", buf, sizeof buf), EINVAL);
    ERR(readlink(FT_HELLO, buf, sizeof buf), EINVAL);
    ERR(readlink("nosuch", buf, sizeof buf), ENOENT);
    ERR(readlink("f/x", buf, sizeof buf), ENOTDIR);
    ERR(readlink("", buf, sizeof buf), ENOENT);
    ERR(readlink("f", buf, 0), EINVAL);
    ERR(readlinkat(AT_FDCWD, "f", buf, sizeof buf), EINVAL);
    int dfd = OK(open(".", O_RDONLY | O_DIRECTORY));
    ERR(readlinkat(dfd, "f", buf, sizeof buf), EINVAL);
    ERR(readlinkat(dfd, "nosuch", buf, sizeof buf), ENOENT);
    OK(close(dfd));
    ERR(readlinkat(-2, "f", buf, sizeof buf), EBADF);
    OK(unlink("f"));
}
