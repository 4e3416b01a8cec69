/* exec_path.c -- from a path to an initrd program (see exec.h).
 *
 * weensy has no file system yet: its tree is "/" holding "bin", which holds
 * the initrd's programs. The walk below follows that tree a component at a
 * time, with Linux's errors, so that the files issue can replace it with
 * a real lookup without changing what programs see. */
#include "kernel/kernel.h"
#include "kernel/initrd.h"
#include "proc/exec.h"
#include "include/weensy/errno.h"

enum exec_node { AT_ROOT, AT_BIN, AT_FILE };

/* One step from `at` through component c (len bytes). */
static int exec_step(enum exec_node *at, const char *c, size_t len, char *name, size_t size)
{
    if (len == 1 && c[0] == '.')
        return 0;
    if (len == 2 && c[0] == '.' && c[1] == '.') {
        *at = AT_ROOT;           /* /bin/.. and /.. are both / */
        return 0;
    }
    if (*at == AT_ROOT) {
        if (len != 3 || memcmp(c, "bin", 3) != 0)
            return -ENOENT;
        *at = AT_BIN;
        return 0;
    }
    if (len >= size)
        return -ENOENT;          /* longer than any program name */
    memcpy(name, c, len);
    name[len] = 0;
    const void *data;
    size_t n;
    if (!initrd_find(name, &data, &n))
        return -ENOENT;
    *at = AT_FILE;
    return 0;
}

int exec_resolve(const char *path, char *name, size_t size)
{
    if (!path[0])
        return -ENOENT;
    enum exec_node at = path[0] == '/' ? AT_ROOT : AT_BIN;
    for (const char *s = path; *s;) {
        while (*s == '/')
            s++;
        const char *c = s;
        while (*s && *s != '/')
            s++;
        size_t len = (size_t)(s - c);
        if (len == 0)
            break;                   /* trailing slashes */
        if (len > EXEC_NAME_MAX)
            return -ENAMETOOLONG;
        if (at == AT_FILE)
            return -ENOTDIR;         /* a program used as a directory */
        int err = exec_step(&at, c, len, name, size);
        if (err)
            return err;
    }
    if (at != AT_FILE)
        return -EACCES;              /* / and /bin are directories */
    if (path[strlen(path) - 1] == '/')
        return -ENOTDIR;             /* "sh/" */
    return 0;
}
