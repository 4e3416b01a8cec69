/* util.c -- reading /proc with the raw calls (sys_open, sys_read,
 * sys_getdents64, sys_close), which return -E... directly. */
#include "pt.h"

char text[TEXT_MAX];
char text2[TEXT_MAX];

long open_ro(const char *path)
{
    return sys_open((long)path, O_RDONLY, 0);
}

long read_fd(long fd, char *buf, size_t size, size_t chunk)
{
    size_t len = 0;
    for (;;) {
        CHECK(len + chunk < size);
        long n = sys_read(fd, (long)(buf + len), (long)chunk);
        if (n < 0)
            FAIL("read: %ld", n);
        if (n == 0)
            break;
        CHECK((size_t)n <= chunk);
        len += (size_t)n;
    }
    buf[len] = 0;
    return (long)len;
}


long read_file(const char *path, char *buf, size_t chunk)
{
    long fd = open_ro(path);
    if (fd < 0)
        FAIL("open %s: %ld", path, fd);
    long len = read_fd(fd, buf, TEXT_MAX, chunk);
    CHECK_EQ(sys_close(fd), 0);
    return len;
}


const char *find_line(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *l = s; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        if (strncmp(l, prefix, n) == 0)
            return l;
    return 0;
}

bool dir_has(const char *path, const char *name)
{
    long fd = sys_open((long)path, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        FAIL("open %s: %ld", path, fd);
    static char buf[256] __attribute__((aligned(8)));
    bool found = false, dot = false, dotdot = false;
    long n;
    while ((n = sys_getdents64(fd, (long)buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n;) {
            const struct linux_dirent64 *d = (const void *)(buf + off);
            CHECK(d->d_reclen > 0 && d->d_reclen % 8 == 0);
            found |= strcmp(d->d_name, name) == 0;
            dot |= strcmp(d->d_name, ".") == 0;
            dotdot |= strcmp(d->d_name, "..") == 0;
            off += d->d_reclen;
        }
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(sys_close(fd), 0);
    CHECK(dot && dotdot);
    return found;
}
