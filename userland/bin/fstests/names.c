/* names.c -- the limits on names: NAME_MAX (255) bytes in a component,
 * PATH_MAX (4096) bytes in a path with its NUL. */
#include "ft.h"

void test_names(void)
{
    struct stat st;
    /* 255 bytes: a name like any other. */
    char *n255 = ft_name("", NAME_MAX, 'a');
    int fd = OK(open(n255, O_RDWR | O_CREAT | O_EXCL, 0644));
    OK(close(fd));
    OK(stat(n255, &st));
    int dfd = OK(open(".", O_RDONLY));
    char buf[512];
    ssize_t n = OK(getdents64(dfd, buf, sizeof buf));
    int seen = 0;
    for (ssize_t at = 0; at < n;) {
        struct linux_dirent64 *e = (void *)(buf + at);
        seen += strcmp(e->d_name, n255) == 0;
        at += e->d_reclen;
    }
    CHECK_EQ(seen, 1);
    OK(close(dfd));
    OK(unlink(n255));
    OK(mkdir(n255, 0755));
    OK(rmdir(n255));
    /* 256 bytes: ENAMETOOLONG, for a last component or one on the way. */
    char *n256 = ft_name("", NAME_MAX + 1, 'b');
    char *long_dir = ft_name("", NAME_MAX + 3, 'd');
    memcpy(long_dir + NAME_MAX + 1, "/x", 2);     /* 256 bytes, then "/x" */
    ft_put("f", "x", 1);
    ERR(open(n256, O_RDWR | O_CREAT, 0644), ENAMETOOLONG);
    ERR(open(n256, O_RDONLY), ENAMETOOLONG);
    ERR(stat(n256, &st), ENAMETOOLONG);
    ERR(mkdir(n256, 0755), ENAMETOOLONG);
    ERR(rmdir(n256), ENAMETOOLONG);
    ERR(unlink(n256), ENAMETOOLONG);
    ERR(access(n256, F_OK), ENAMETOOLONG);
    ERR(rename("f", n256), ENAMETOOLONG);
    ERR(rename(n256, "g"), ENAMETOOLONG);
    ERR(chdir(n256), ENAMETOOLONG);
    ERR(open(long_dir, O_RDWR | O_CREAT, 0644), ENAMETOOLONG);
    ERR(stat(long_dir, &st), ENAMETOOLONG);
    /* A path of 4095 bytes is fine; of 4096 (no room for its NUL) not. */
    char *slashes = ft_name("", PATH_MAX - 1, '/');
    OK(stat(slashes, &st));
    CHECK(S_ISDIR(st.st_mode));
    fd = OK(open(slashes, O_RDONLY | O_DIRECTORY));
    OK(close(fd));
    char *tmp = ft_name("", PATH_MAX - 1, '/');
    memcpy(tmp + PATH_MAX - 1 - 3, "tmp", 3);     /* ////...///tmp */
    OK(stat(tmp, &st));
    CHECK(S_ISDIR(st.st_mode));
    char *too_long = ft_name("", PATH_MAX, '/');
    ERR(stat(too_long, &st), ENAMETOOLONG);
    ERR(open(too_long, O_RDONLY), ENAMETOOLONG);
    ERR(mkdir(too_long, 0755), ENAMETOOLONG);
    ERR(chdir(too_long), ENAMETOOLONG);
    ERR(access(too_long, F_OK), ENAMETOOLONG);
    ERR(rename("f", too_long), ENAMETOOLONG);
    /* A relative path that long, of "./": the same. */
    char *dots = ft_name("", PATH_MAX, '.');
    for (int i = 1; i < PATH_MAX; i += 2)
        dots[i] = '/';
    ERR(stat(dots, &st), ENAMETOOLONG);
    dots[PATH_MAX - 1] = 0;                        /* 4095 bytes: "./././.../." */
    OK(stat(dots, &st));
    OK(unlink("f"));
    free(n255);
    free(n256);
    free(long_dir);
    free(slashes);
    free(tmp);
    free(too_long);
    free(dots);
}
