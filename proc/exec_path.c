/* exec_path.c -- from exec's path to the file it runs (see exec.h).
 *
 * A path is looked up as open(2) would, from the process's working
 * directory (which is not the caller's when the kernel starts the first
 * process, so it comes from p's own table). weensy's shell has no PATH
 * search, so a bare name ("hello", no slash but trailing ones) is looked
 * for in /bin first, and only if /bin has no such name, from the working
 * directory as Linux's execve would. Then the file must be one exec may
 * run: a regular file with an execute bit (else -EACCES, as Linux says for
 * a directory, a device or a file of mode 0644). */
#include "kernel/kernel.h"
#include "proc/exec.h"
#include "proc/proc.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "include/weensy/errno.h"

/* A name with no slash but trailing ones ("sh", "sh/"). */
static bool exec_bare(const char *path)
{
    const char *s = path;
    while (*s && *s != '/')
        s++;
    while (*s == '/')
        s++;
    return path[0] != '/' && *s == 0;
}

/* The bare name in /bin, or -ENOENT. */
static int exec_in_bin(const char *path, struct vnode **out)
{
    struct vnode *bin;
    int err = vfs_lookup(0, "/bin", &bin);
    if (err)
        return -ENOENT;
    err = vfs_lookup(bin, path, out);
    vnode_put(bin);
    return err;
}

/* Linux's execute check, for one user who is the superuser: a regular
 * file with at least one x bit. */
static int exec_may_run(struct vnode *v)
{
    if (v->type != VN_REG)
        return -EACCES;
    sleep_lock(&v->lock);
    uint16_t mode = v->mode;
    sleep_unlock(&v->lock);
    return mode & 0111 ? 0 : -EACCES;
}

int exec_lookup(struct proc *p, const char *path, struct vnode **out)
{
    int err = -ENOENT;
    if (exec_bare(path))
        err = exec_in_bin(path, out);
    if (err == -ENOENT) {
        struct vnode *cwd = p->files ? files_cwd_of(p->files) : vfs_root();
        err = vfs_lookup(cwd, path, out);
        vnode_put(cwd);
    }
    if (err)
        return err;
    err = exec_may_run(*out);
    if (err)
        vnode_put(*out);
    return err;
}

void exec_basename(const char *path, char *name, size_t size)
{
    const char *end = path + strlen(path);
    while (end > path && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > path && start[-1] != '/')
        start--;
    size_t len = (size_t)(end - start);
    if (len >= size)
        len = size - 1;
    memcpy(name, start, len);
    name[len] = 0;
}
