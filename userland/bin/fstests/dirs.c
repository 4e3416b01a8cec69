/* dirs.c -- mkdir, rmdir, getdents64, the dirent.h functions, and the
 * working directory (chdir, fchdir, getcwd). */
#include "ft.h"

static struct stat st_of(const char *path)
{
    struct stat st;
    OK(stat(path, &st));
    return st;
}

void test_dirs(void)
{
    OK(mkdir("d", 0777));
    struct stat st = st_of("d");
    CHECK_EQ(st.st_mode, S_IFDIR | 0755);           /* umask 022 */
    CHECK_EQ(st.st_nlink, 2);                       /* its name and its "." */
    uint64_t top = st_of(".").st_nlink;
    ft_put("f", "x", 1);
    ERR(mkdir("d", 0755), EEXIST);
    ERR(mkdir("f", 0755), EEXIST);
    ERR(mkdir(".", 0755), EEXIST);
    ERR(mkdir("nosuch/d", 0755), ENOENT);
    ERR(mkdir("f/d", 0755), ENOTDIR);
    ERR(mkdir("", 0755), ENOENT);
    OK(mkdir("e/", 0755));                          /* a trailing '/' is fine */
    CHECK_EQ(st_of(".").st_nlink, top + 1);          /* e's ".." */
    /* Subdirectories count in their parent's links. */
    OK(mkdir("d/a", 0755));
    OK(mkdir("d/b", 0755));
    CHECK_EQ(st_of("d").st_nlink, 4);
    ft_put("d/file", "x", 1);
    CHECK_EQ(st_of("d").st_nlink, 4);
    /* rmdir: only an empty directory, by a real name. */
    ERR(rmdir("d"), ENOTEMPTY);
    ERR(rmdir("d/file"), ENOTDIR);
    ERR(rmdir("f"), ENOTDIR);
    ERR(rmdir("nosuch"), ENOENT);
    ERR(rmdir(""), ENOENT);
    ERR(rmdir("."), EINVAL);
    ERR(rmdir("d/."), EINVAL);
    ERR(rmdir("d/a/.."), ENOTEMPTY);
    ERR(rmdir("/"), EBUSY);
    /* /tmp is a mount point, but in the read-only initrd: Linux asks the
     * parent's file system for write access first. */
    ERR(rmdir("/tmp"), EROFS);
    OK(rmdir("d/a"));
    CHECK_EQ(st_of("d").st_nlink, 3);
    OK(rmdir("d/b/"));
    OK(unlink("d/file"));
    OK(rmdir("d"));
    ERR(stat("d", &st), ENOENT);
    OK(rmdir("e"));
    CHECK_EQ(st_of(".").st_nlink, top - 1);
    OK(unlink("f"));
}

/* Entries of one directory, as getdents64 gives them. */
struct listing {
    int n;
    char name[8][16];
    int type[8];
    uint64_t ino[8];
};

/* list: read every entry of the directory open at fd with a buffer of
 * size bytes, checking each record's shape. */
static void list(int fd, size_t size, struct listing *l)
{
    _Alignas(8) char buf[1024];
    CHECK(size <= sizeof buf);
    l->n = 0;
    ssize_t got;
    while ((got = OK(getdents64(fd, buf, size))) > 0) {
        for (ssize_t at = 0; at < got;) {
            struct linux_dirent64 *e = (void *)(buf + at);
            size_t len = strlen(e->d_name);
            CHECK(e->d_reclen % 8 == 0);
            CHECK(e->d_reclen >= offsetof(struct linux_dirent64, d_name) + len + 1);
            CHECK(at + e->d_reclen <= got);
            CHECK(e->d_ino != 0);
            CHECK(l->n < 8 && len < 16);
            strlcpy(l->name[l->n], e->d_name, 16);
            l->type[l->n] = e->d_type;
            l->ino[l->n] = e->d_ino;
            l->n++;
            at += e->d_reclen;
        }
    }
}

/* expect_entries: the listing holds exactly these names, each once, with
 * these types and, for the ones that can be stat'ed, their inodes. */
static void expect_entries(const struct listing *l, const char *dir, const char *const names[],
                           const int types[], int n)
{
    if (l->n != n)
        FAIL("%s: %d entries, want %d", dir, l->n, n);
    for (int i = 0; i < n; i++) {
        int found = -1;
        for (int j = 0; j < l->n; j++)
            if (strcmp(l->name[j], names[i]) == 0) {
                CHECK(found < 0);
                found = j;
            }
        if (found < 0)
            FAIL("%s: no entry \"%s\"", dir, names[i]);
        if (l->type[found] != types[i])
            FAIL("%s/%s: d_type %d, want %d", dir, names[i], l->type[found], types[i]);
        char path[64];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (strcmp(names[i], "..") != 0)
            CHECK_EQ(l->ino[found], st_of(path).st_ino);
    }
}

void test_getdents(void)
{
    struct listing l;
    OK(mkdir("g", 0755));
    int fd = OK(open("g", O_RDONLY | O_DIRECTORY));
    /* An empty directory: "." and "..". */
    list(fd, 1024, &l);
    expect_entries(&l, "g", (const char *const[]){ ".", ".." }, (const int[]){ DT_DIR, DT_DIR },
                   2);
    CHECK_EQ(getdents64(fd, &l, sizeof l), 0);       /* and it stays at the end */
    ft_put("g/a", "x", 1);
    ft_put("g/bb", "x", 1);
    OK(mkdir("g/c", 0755));
    const char *const names[] = { ".", "..", "a", "bb", "c" };
    const int types[] = { DT_DIR, DT_DIR, DT_REG, DT_REG, DT_DIR };
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    list(fd, 1024, &l);
    expect_entries(&l, "g", names, types, 5);
    /* A buffer with room for one record at a time: the same entries. */
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    list(fd, 32, &l);
    expect_entries(&l, "g", names, types, 5);
    /* Too small for any record. */
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    char tiny[8];
    ERR(getdents64(fd, tiny, 1), EINVAL);
    ERR(getdents64(fd, tiny, sizeof tiny), EINVAL);
    /* Changes show after a rewind. */
    OK(unlink("g/bb"));
    ft_put("g/d", "x", 1);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    list(fd, 1024, &l);
    expect_entries(&l, "g", (const char *const[]){ ".", "..", "a", "c", "d" },
                   (const int[]){ DT_DIR, DT_DIR, DT_REG, DT_DIR, DT_REG }, 5);
    /* Not a directory, not open. */
    int f = OK(open("g/a", O_RDONLY));
    ERR(getdents64(f, &l, sizeof l), ENOTDIR);
    OK(close(f));
    ERR(getdents64(-1, &l, sizeof l), EBADF);
    OK(unlink("g/a"));
    OK(unlink("g/d"));
    OK(rmdir("g/c"));
    OK(close(fd));
    OK(rmdir("g"));
}

void test_readdir(void)
{
    /* More entries than one buffer of the DIR holds. */
    enum { N = 100 };
    char name[16], seen[N] = { 0 };
    OK(mkdir("r", 0755));
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "r/file%03d", i);
        ft_put(name, "", 0);
    }
    DIR *d = OKP(opendir("r"));
    CHECK(fcntl(dirfd(d), F_GETFD) == FD_CLOEXEC);
    for (int round = 0; round < 2; round++) {
        int dots = 0, files = 0;
        struct dirent *e;
        memset(seen, 0, sizeof seen);
        errno = 0;
        while ((e = readdir(d)) != NULL) {
            int i;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                dots++;
                CHECK_EQ(e->d_type, DT_DIR);
                continue;
            }
            CHECK(strncmp(e->d_name, "file", 4) == 0);
            i = atoi(e->d_name + 4);
            CHECK(i >= 0 && i < N && !seen[i]);
            CHECK_EQ(e->d_type, DT_REG);
            seen[i] = 1;
            files++;
        }
        CHECK_EQ(errno, 0);
        CHECK_EQ(dots, 2);
        CHECK_EQ(files, N);
        rewinddir(d);
    }
    OK(closedir(d));
    ERRP(opendir("nosuch"), ENOENT);
    ERRP(opendir("r/file000"), ENOTDIR);
    /* fdopendir takes a descriptor over; closedir closes it. */
    int fd = OK(open("r", O_RDONLY | O_DIRECTORY));
    d = OKP(fdopendir(fd));
    CHECK_EQ(dirfd(d), fd);
    CHECK(readdir(d) != NULL);
    OK(closedir(d));
    ERR(fcntl(fd, F_GETFD), EBADF);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "r/file%03d", i);
        OK(unlink(name));
    }
    OK(rmdir("r"));
}

static void expect_cwd(const char *want)
{
    char buf[128];
    OKP(getcwd(buf, sizeof buf));
    CHECK_STR(buf, want);
}

void test_cwd(void)
{
    char buf[128], sub[96];
    expect_cwd(ft_dir);
    OK(mkdir("sub", 0755));
    OK(mkdir("sub/deeper", 0755));
    snprintf(sub, sizeof sub, "%s/sub", ft_dir);
    OK(chdir("sub"));
    expect_cwd(sub);
    ft_put("f", "here", 4);                         /* relative to the new cwd */
    char path[128];
    snprintf(path, sizeof path, "%s/f", sub);
    ft_expect(path, "here", 4);
    OK(chdir(".."));
    expect_cwd(ft_dir);
    OK(chdir("sub/deeper/../../sub/./deeper/.."));
    expect_cwd(sub);
    /* getcwd's buffer must hold the path and its NUL. */
    size_t len = strlen(sub);
    OKP(getcwd(buf, len + 1));
    ERRP(getcwd(buf, len), ERANGE);
    ERRP(getcwd(buf, 1), ERANGE);
    /* The root is its own parent; other file systems' directories too. */
    OK(chdir("/"));
    expect_cwd("/");
    OK(chdir(".."));
    expect_cwd("/");
    OK(chdir("/tmp/.."));
    expect_cwd("/");
    OK(chdir("/bin"));
    expect_cwd("/bin");
    int fd = OK(open("hello", O_RDONLY));           /* relative, on the initrd */
    OK(close(fd));
    OK(chdir("/tmp"));
    expect_cwd("/tmp");
    /* fchdir: to an open directory, not to a file. */
    fd = OK(open(sub, O_RDONLY | O_DIRECTORY));
    OK(fchdir(fd));
    expect_cwd(sub);
    OK(close(fd));
    fd = OK(open("f", O_RDONLY));
    ERR(fchdir(fd), ENOTDIR);
    OK(close(fd));
    ERR(fchdir(-1), EBADF);
    ERR(fchdir(200), EBADF);
    ERR(chdir("f"), ENOTDIR);
    ERR(chdir("nosuch"), ENOENT);
    ERR(chdir(""), ENOENT);
    ERR(chdir("f/"), ENOTDIR);
    expect_cwd(sub);
    /* A working directory that is removed: it stays, empty, nameless. */
    OK(chdir("deeper"));
    OK(rmdir("../deeper"));
    ERRP(getcwd(buf, sizeof buf), ENOENT);
    ERR(open("new", O_RDWR | O_CREAT, 0644), ENOENT);
    ERR(mkdir("new", 0755), ENOENT);
    OK(chdir(ft_dir));
    expect_cwd(ft_dir);
    OK(unlink("sub/f"));
    OK(rmdir("sub"));
}
