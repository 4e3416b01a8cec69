/* dirent.c -- opendir/readdir/closedir over getdents64 (see dirent.h). */
#include "dirent.h"
#include "errno.h"
#include "fcntl.h"
#include "stat.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "sysret.h"
#include "unistd.h"

#define DIR_BUF_SIZE 2048

struct weensy_dir {
    int fd;
    size_t pos;                 /* the next record in buf */
    size_t len;                 /* bytes of records in buf */
    struct dirent ent;          /* what readdir returned last */
    /* 8-byte aligned: the records' fields are read in place. */
    _Alignas(8) char buf[DIR_BUF_SIZE];
};

ssize_t getdents64(int fd, void *buf, size_t n)
{
    return sysret(sys_getdents64(fd, (long)buf, (long)n));
}

DIR *fdopendir(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    DIR *d = malloc(sizeof(*d));
    if (!d)
        return NULL;
    d->fd = fd;
    d->pos = 0;
    d->len = 0;
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));
        if (n <= 0)
            return NULL;
        d->len = (size_t)n;
        d->pos = 0;
    }
    const struct linux_dirent64 *k = (const void *)(d->buf + d->pos);
    d->pos += k->d_reclen;
    d->ent.d_ino = k->d_ino;
    d->ent.d_off = k->d_off;
    d->ent.d_reclen = sizeof(d->ent);
    d->ent.d_type = k->d_type;
    /* The kernel ends the name with a NUL within the record, and a name
     * is at most NAME_MAX bytes. */
    strlcpy(d->ent.d_name, k->d_name, sizeof(d->ent.d_name));
    return &d->ent;
}

void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = 0;
    d->len = 0;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}

int dirfd(DIR *d)
{
    return d->fd;
}
