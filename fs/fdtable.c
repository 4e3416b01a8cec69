/* fdtable.c -- the descriptors in the caller's table (see fdtable.h):
 * looking them up, installing, closing, their close-on-exec bits, the
 * working directory and umask. The tables as wholes: fdtable_share.c. */
#include "kernel/kernel.h"
#include "fs/fdtable.h"
#include "fs/fdtable_internal.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

_Static_assert(FILES_MAX * sizeof(struct file *) <= 2048, "the largest array is a kmalloc object");

static struct files **(*files_current_fn)(void);

void files_set_current(struct files **(*current)(void)) { files_current_fn = current; }

static void (*files_sigpipe_fn)(void);

void files_set_sigpipe(void (*sigpipe)(void)) { files_sigpipe_fn = sigpipe; }

void files_sigpipe(void)
{
    if (files_sigpipe_fn)
        files_sigpipe_fn();
}

struct files **files_current_slot(void)
{
    struct files **slot = files_current_fn ? files_current_fn() : 0;
    assert(slot && *slot);
    return slot;
}

/* files_current: the caller's table, to read. */
struct files *files_current(void) { return *files_current_slot(); }

static void fd_set_bit(struct files *t, int fd, bool cloexec)
{
    assert(spin_holding(&t->lock));
    if (cloexec)
        t->cloexec[fd / 64] |= 1UL << (fd % 64);
    else
        t->cloexec[fd / 64] &= ~(1UL << (fd % 64));
}

/* fd_store: f in slot fd (< cap), with its close-on-exec bit; the top
 * moves up past it. */
static void fd_store(struct files *t, int fd, struct file *f, bool cloexec)
{
    assert(spin_holding(&t->lock));
    assert(fd < t->cap);
    t->fd[fd] = f;
    fd_set_bit(t, fd, cloexec);
    if (fd >= t->top)
        t->top = fd + 1;
}

/* files_grow: room for descriptor `want` (< FILES_MAX) in the caller's
 * table; the array is made with the lock dropped, so another thread may
 * have grown it meanwhile (then the new one is simply let go). Caller
 * holds t->lock, which it holds again on return. -ENOMEM. */
static int files_grow(struct files *t, int want)
{
    assert(spin_holding(&t->lock));
    while (want >= t->cap) {
        int cap = t->cap * 2;
        spin_unlock(&t->lock);
        struct file **fd = kmalloc((size_t)cap * sizeof(*fd));
        spin_lock(&t->lock);
        if (!fd)
            return -ENOMEM;
        if (cap <= t->cap) {
            kfree(fd);
            continue;
        }
        memcpy(fd, t->fd, (size_t)t->cap * sizeof(*fd));
        struct file **old = t->fd;
        t->fd = fd;
        t->cap = cap;
        if (old == t->fd_first)  /* they stay in the record, unused: no stale pointers */
            memset(t->fd_first, 0, sizeof(t->fd_first));
        else
            kfree(old);
    }
    return 0;
}

/* files_mine: the caller's table, to change (NULL: -ENOMEM). */
static struct files *files_mine(void) { return files_mine_at(files_current_slot()); }

int files_open_console(struct files *t)
{
    struct vnode *v;
    int err = vfs_lookup(0, "/dev/console", &v);
    if (err)
        return err;
    struct file *f;
    err = file_open_vnode(v, O_RDWR, &f);
    vnode_put(v);
    if (err)
        return err;
    spin_lock(&t->lock);
    assert(t->cap >= 3);
    for (int fd = 0; fd < 3; fd++) {
        assert(!t->fd[fd]);
        fd_store(t, fd, f, false);
        if (fd)
            file_ref(f);
    }
    spin_unlock(&t->lock);
    return 0;
}

bool files_have_room(void)
{
    struct files *t = files_current();
    spin_lock(&t->lock);
    int fd = 0;
    while (fd < t->cap && t->fd[fd])
        fd++;
    spin_unlock(&t->lock);
    return fd < FILES_MAX;
}

int files_count(struct files *t)
{
    int n = 0;
    spin_lock(&t->lock);
    for (int fd = 0; fd < t->cap; fd++)
        n += t->fd[fd] != 0;
    spin_unlock(&t->lock);
    return n;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || fd >= FILES_MAX)
        return 0;
    struct files *t = files_current();
    spin_lock(&t->lock);
    struct file *f = fd < t->cap ? t->fd[fd] : 0;
    if (f)
        file_ref(f);
    spin_unlock(&t->lock);
    return f;
}

int fd_install(struct file *f, int min, bool cloexec)
{
    struct files *t = files_mine();
    if (!t)
        return -ENOMEM;
    spin_lock(&t->lock);
    int fd = min < 0 ? 0 : min;
    while (fd < t->cap && t->fd[fd])
        fd++;
    int err = fd < FILES_MAX ? files_grow(t, fd) : -EMFILE;
    while (!err && t->fd[fd])        /* taken while the lock was let go */
        err = ++fd < FILES_MAX ? files_grow(t, fd) : -EMFILE;
    if (!err)
        fd_store(t, fd, f, cloexec);
    spin_unlock(&t->lock);
    return err ? err : fd;
}

int fd_install_at(struct file *f, int fd, bool cloexec)
{
    if (fd < 0 || fd >= FILES_MAX)
        return -EBADF;
    struct files *t = files_mine();
    if (!t)
        return -ENOMEM;
    spin_lock(&t->lock);
    int err = files_grow(t, fd);
    struct file *old = err ? 0 : t->fd[fd];
    if (!err)
        fd_store(t, fd, f, cloexec);
    spin_unlock(&t->lock);
    if (old)
        file_put(old);
    return err ? err : fd;
}

int fd_close(int fd)
{
    if (fd < 0 || fd >= FILES_MAX)
        return -EBADF;
    struct files *t = files_mine();
    if (!t)
        return -ENOMEM;
    spin_lock(&t->lock);
    struct file *f = fd < t->cap ? t->fd[fd] : 0;
    if (f) {
        t->fd[fd] = 0;
        fd_set_bit(t, fd, false);
    }
    spin_unlock(&t->lock);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

bool fd_cloexec(int fd)
{
    struct files *t = files_current();
    spin_lock(&t->lock);
    bool on = fd >= 0 && fd < FILES_MAX && (t->cloexec[fd / 64] >> (fd % 64) & 1);
    spin_unlock(&t->lock);
    return on;
}

int fd_set_cloexec(int fd, bool on)
{
    if (fd < 0 || fd >= FILES_MAX)
        return -EBADF;
    struct files *t = files_mine();
    if (!t)
        return -ENOMEM;
    spin_lock(&t->lock);
    int err = fd < t->cap && t->fd[fd] ? 0 : -EBADF;
    if (!err)
        fd_set_bit(t, fd, on);
    spin_unlock(&t->lock);
    return err;
}

struct vnode *files_cwd(void) { return files_cwd_of(files_current()); }

struct vnode *files_cwd_of(struct files *t)
{
    spin_lock(&t->lock);
    struct vnode *v = t->cwd;
    vnode_ref(v);
    spin_unlock(&t->lock);
    return v;
}

int files_chdir(struct vnode *v)
{
    struct files *t = files_mine();
    if (!t) {
        vnode_put(v);
        return -ENOMEM;
    }
    spin_lock(&t->lock);
    struct vnode *old = t->cwd;
    t->cwd = v;
    spin_unlock(&t->lock);
    vnode_put(old);
    return 0;
}

int files_umask(uint16_t set, bool change)
{
    struct files *t = change ? files_mine() : files_current();
    if (!t)
        return -ENOMEM;
    spin_lock(&t->lock);
    uint16_t old = t->umask;
    if (change)
        t->umask = set & 0777;
    spin_unlock(&t->lock);
    return old;
}
