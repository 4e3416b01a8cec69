/* dirclean.c -- removing what a killed program left in a directory
 * (dirclean.h says why and how). */
#include "dirclean.h"
#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "weensy.h"

static uint8_t dents[2048] __attribute__((aligned(8)));
static const char *dirclean_who = "dirclean";

void dirclean_touch(void) { memset(dents, 0, sizeof dents); }

/* first_entry: the first entry of the directory open at fd (not "." or
 * ".."), with keep() false for it, copied into name; false at the end or
 * on an error (*err). */
static bool first_entry(int fd, bool (*keep)(const char *, void *), void *arg,
                        char name[NAME_MAX + 1], long *err)
{
    *err = sys_lseek(fd, 0, SEEK_SET);
    while (*err >= 0) {
        long n = sys_getdents64(fd, (long)dents, sizeof dents);
        if (n <= 0) {
            *err = n;
            return false;
        }
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
                (keep && keep(d->d_name, arg)))
                continue;
            memcpy(name, d->d_name, strlen(d->d_name) + 1);
            return true;
        }
    }
    return false;
}

static bool remove_name(int dirfd, const char *name, int depth);

/* empty_dir: remove everything in the directory open at fd. */
static bool empty_dir(int fd, int depth)
{
    char name[NAME_MAX + 1];
    long err;
    while (first_entry(fd, NULL, NULL, name, &err))
        if (!remove_name(fd, name, depth))
            return false;
    if (err < 0)
        printf("%s: cleaning: getdents64: %ld\n", dirclean_who, err);
    return err == 0;
}

static bool remove_name(int dirfd, const char *name, int depth)
{
    long r = sys_unlinkat(dirfd, (long)name, 0);
    if (r == -EISDIR) {
        sys_fchmodat(dirfd, (long)name, 0700);
        r = sys_unlinkat(dirfd, (long)name, AT_REMOVEDIR);
        if ((r == -ENOTEMPTY || r == -EEXIST) && depth < DIRCLEAN_DEPTH_MAX) {
            long sub = sys_openat(dirfd, (long)name, O_RDONLY | O_DIRECTORY, 0);
            r = sub;
            if (sub >= 0) {
                r = empty_dir((int)sub, depth + 1) ? sys_unlinkat(dirfd, (long)name, AT_REMOVEDIR)
                                                   : 1;
                sys_close(sub);
            }
        }
    }
    if (r == 0 || r == -ENOENT)
        return true;
    if (r < 0)                   /* 1: a deeper level failed and said so */
        printf("%s: cleaning: cannot remove %s (depth %d): %ld\n", dirclean_who, name, depth, r);
    return false;
}

bool dirclean(const char *dir, bool (*keep)(const char *, void *), void *arg, const char *who)
{
    dirclean_who = who;
    long fd = sys_open((long)dir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd == -ENOENT;    /* no such directory: nothing to clean */
    char name[NAME_MAX + 1];
    long err;
    bool ok = true;
    while (ok && first_entry((int)fd, keep, arg, name, &err))
        ok = remove_name((int)fd, name, 0);
    sys_close(fd);
    return ok && err == 0;
}

long dirnames_read(const char *dir, struct dirnames *out)
{
    out->n = 0;
    out->all = true;
    long fd = sys_open((long)dir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd == -ENOENT ? 0 : fd;
    long n = sys_getdents64(fd, (long)dents, sizeof dents);
    for (long off = 0; off < n;) {
        struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
        off += d->d_reclen;
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
            continue;
        if (out->n == DIRNAMES_MAX)
            out->all = false;
        else
            memcpy(out->name[out->n++], d->d_name, strlen(d->d_name) + 1);
    }
    if (n > 0 && sys_getdents64(fd, (long)dents, sizeof dents) > 0)
        out->all = false;        /* more than one buffer: not all noted */
    sys_close(fd);
    return n < 0 ? n : 0;
}

bool dirnames_has(const struct dirnames *names, const char *name)
{
    for (int i = 0; i < names->n; i++)
        if (strcmp(names->name[i], name) == 0)
            return true;
    return false;
}
