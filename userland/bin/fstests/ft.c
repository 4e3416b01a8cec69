/* ft.c -- the fstests checks and file helpers (see ft.h). */
#include "ft.h"

void *const ft_bad[FT_NBAD] = {
    (void *)0x0000300000000000UL,    /* user half, never mapped */
    (void *)0xffffffff80100000UL,    /* the kernel's image */
    (void *)0x0000800000000000UL,    /* the first non-canonical address */
    NULL,
    (void *)1,
};

static const char *const errnames[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
    [EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
    [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS", [EMLINK] = "EMLINK", [EPIPE] = "EPIPE", [ERANGE] = "ERANGE",
    [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY",
    [ELOOP] = "ELOOP", [EOVERFLOW] = "EOVERFLOW",
};

const char *ft_errname(int e)
{
    if (e > 0 && e < (int)(sizeof errnames / sizeof errnames[0]) && errnames[e])
        return errnames[e];
    return e == 0 ? "0" : "E?";
}

long ft_call_begin(void)
{
    errno = 0;
    return 0;
}

long ft_ok(const char *file, int line, const char *expr, long v)
{
    if (v == -1)
        testrun_fail(file, line, "%s: -1, errno %d (%s)", expr, errno, ft_errname(errno));
    return v;
}

void *ft_okp(const char *file, int line, const char *expr, void *p)
{
    if (!p)
        testrun_fail(file, line, "%s: NULL, errno %d (%s)", expr, errno, ft_errname(errno));
    return p;
}

void ft_err(const char *file, int line, const char *expr, long v, int e, int want)
{
    if (v != -1)
        testrun_fail(file, line, "%s: got %ld, want -1 with %s", expr, v, ft_errname(want));
    if (e != want)
        testrun_fail(file, line, "%s: errno %d (%s), want %d (%s)", expr, e, ft_errname(e), want,
                     ft_errname(want));
}

void ft_check_str(const char *file, int line, const char *expr, const char *a, const char *b)
{
    if (strcmp(a, b) != 0)
        testrun_fail(file, line, "%s: \"%s\", want \"%s\"", expr, a, b);
}

void ft_check_mem(const char *file, int line, const char *expr, const void *a, const void *b,
                  size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            testrun_fail(file, line, "%s: byte %lu is 0x%02x, want 0x%02x", expr,
                         (unsigned long)i, x[i], y[i]);
}

int ft_count_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < FT_FILES_MAX; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            n++;
    return n;
}

long ft_free_pages(void)
{
#ifdef FT_LINUX
    return 0;       /* Linux's free pages move on their own */
#else
    /* The raw count: meminfo's program_cache counts every page cache's
     * pages, a tmpfs file's too, so free + program_cache would not see a
     * file left behind. The initrd's pages the tests read are cached
     * before the first test (main.c, warm_up). */
    return page_count();
#endif
}

void ft_kinds(struct ft_kinds *k)
{
    memset(k, 0, sizeof(*k));
#ifndef FT_LINUX
    struct weensy_meminfo m;
    if (meminfo(&m) == 0)
        *k = (struct ft_kinds){ (long)m.free, (long)m.kept, (long)m.user, (long)m.shared,
                                (long)m.pagetable, (long)m.kernel, (long)m.program_cache };
#endif
}

const char *ft_kinds_diff(const struct ft_kinds *a, const struct ft_kinds *b)
{
    static char s[160];
    static const char *names[] = { "free", "kept", "user", "shared", "pagetable", "kernel", "cache" };
    const long *x = &a->free, *y = &b->free;
    int n = 0;
    s[0] = 0;
    for (int i = 0; i < 7 && n < (int)sizeof s - 24; i++)
        if (x[i] != y[i])
            n += snprintf(s + n, sizeof s - n, "%s%s %+ld", n ? " " : "", names[i], y[i] - x[i]);
    return n ? s : "none moved";
}

int ft_remove_tree(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    if (errno != EISDIR)
        return -1;
    DIR *d = opendir(path);
    char *child = malloc(PATH_MAX);
    if (d && child) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(child, PATH_MAX, "%s/%s", path, e->d_name);
            if (ft_remove_tree(child) == 0)
                rewinddir(d);           /* the listing changed under us */
        }
    }
    free(child);
    if (d)
        closedir(d);
    return rmdir(path);
}

void ft_put(const char *path, const void *data, size_t n)
{
    int fd = OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    CHECK_EQ(write(fd, data, n), n);
    OK(close(fd));
}

void ft_expect_fd(int fd, const void *data, size_t n)
{
    char buf[512];
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < sizeof buf ? n - done : sizeof buf;
        ssize_t got = OK(read(fd, buf, want));
        if (got == 0)
            FAIL("fd %d: end of file after %lu bytes, want %lu", fd, (unsigned long)done,
                 (unsigned long)n);
        CHECK_MEM(buf, (const char *)data + done, (size_t)got);
        done += (size_t)got;
    }
    CHECK_EQ(read(fd, buf, sizeof buf), 0);
}

void ft_expect(const char *path, const void *data, size_t n)
{
    int fd = OK(open(path, O_RDONLY));
    ft_expect_fd(fd, data, n);
    OK(close(fd));
}

int ft_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

void ft_pattern(void *buf, size_t n, unsigned seed)
{
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 131 + seed * 7 + (i >> 8)) & 0xff);
}

char *ft_name(const char *prefix, size_t n, char c)
{
    size_t plen = strlen(prefix);
    char *s = OKP(malloc(plen + n + 1));
    memcpy(s, prefix, plen);
    memset(s + plen, c, n);
    s[plen + n] = 0;
    return s;
}

int ft_fdcheck(const char *const args[])
{
    const char *argv[48];
    int n = 0;
    argv[n++] = "fdcheck";
    for (int i = 0; args[i]; i++) {
        CHECK(n < 47);
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    pid_t pid = FORK();
    if (pid == 0) {
        execve(FT_FDCHECK, (char *const *)argv, environ);
        printf("fstests: exec %s: %s\n", FT_FDCHECK, strerror(errno));
        exit(100);
    }
    return WAIT(pid);
}
