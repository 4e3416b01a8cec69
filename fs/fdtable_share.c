/* fdtable_share.c -- descriptor tables as wholes (see fdtable.h): made
 * from a fixed pool, shared copy-on-write across fork and copied when
 * one side changes them (files_mine_at), shared by threads, and closed
 * by the last holder. The descriptors in them: fdtable.c. */
#include "kernel/kernel.h"
#include "fs/fdtable.h"
#include "fs/fdtable_internal.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

/* The tables themselves: a fixed pool, not kmalloc. Fork's copy-on-write
 * sharing moves a table: whichever side changes it first gets a new one,
 * the parent as often as the child, and a kmalloc object moving to
 * another slab changed the count of free pages the leak checks compare
 * (by one page, now and then, with nothing lost). Every table has a
 * process holding it and a process holds one (a copy-on-write copy is
 * made while another process still holds the original), so FILES_TABLES,
 * at least NPROC (proc/proc.c asserts it), never runs out. */
static struct files files_pool[FILES_TABLES];
static struct files *files_pool_free;   /* [files_pool_lock] linked by fd */
static int files_pool_used;             /* [files_pool_lock] slots ever handed out */
static struct spinlock files_pool_lock = SPINLOCK_INIT("files_pool");

static struct files *files_pool_take(void)
{
    spin_lock(&files_pool_lock);
    struct files *t = files_pool_free;
    if (t)
        files_pool_free = (struct files *)t->fd;
    else if (files_pool_used < FILES_TABLES)
        t = &files_pool[files_pool_used++];
    spin_unlock(&files_pool_lock);
    if (t)
        memset(t, 0, sizeof(*t));
    return t;
}

static void files_pool_give(struct files *t)
{
    spin_lock(&files_pool_lock);
    t->fd = (struct file **)files_pool_free;
    files_pool_free = t;
    spin_unlock(&files_pool_lock);
}

/* files_array_free: let go of t's array fd, unless it is the record's
 * own first slots. */
static void files_array_free(struct files *t, struct file **fd)
{
    if (fd != t->fd_first)
        kfree(fd);
}

/* files_alloc: an empty table with room for cap descriptors (FILES_FIRST
 * times a power of two): its own first slots, or an array besides. */
static struct files *files_alloc(int cap)
{
    assert(cap >= FILES_FIRST && cap % FILES_FIRST == 0);
    struct files *t = files_pool_take();
    if (!t)
        return 0;
    struct file **fd = cap == FILES_FIRST ? t->fd_first : kmalloc((size_t)cap * sizeof(*fd));
    if (!fd) {
        files_pool_give(t);
        return 0;
    }
    spinlock_init(&t->lock, "files");
    t->refs = 1;
    t->cow = false;
    t->umask = 022;
    t->cap = cap;
    t->top = 0;
    t->fd = fd;
    return t;
}

struct files *files_new(void)
{
    struct files *t = files_alloc(FILES_FIRST);
    if (t)
        t->cwd = vfs_root();
    return t;
}

/* files_free_empty: let go of a table that never held anything. */
static void files_free_empty(struct files *t)
{
    files_array_free(t, t->fd);
    files_pool_give(t);
}

/* files_copy: a table of the same descriptors (each one more
 * reference), working directory and umask: fork's copy. */
static struct files *files_copy(struct files *t)
{
    spin_lock(&t->lock);
    struct files *c = 0;
    while (!c || c->cap < t->cap) {  /* another thread may grow t meanwhile */
        int cap = t->cap;
        spin_unlock(&t->lock);
        if (c)
            files_free_empty(c);
        if (!(c = files_alloc(cap)))
            return 0;
        spin_lock(&t->lock);
    }
    c->cwd = t->cwd;
    vnode_ref(c->cwd);
    c->umask = t->umask;
    memcpy(c->cloexec, t->cloexec, sizeof(c->cloexec));
    c->top = t->top;
    for (int fd = 0; fd < t->top; fd++)
        if ((c->fd[fd] = t->fd[fd]))
            file_ref(c->fd[fd]);
    spin_unlock(&t->lock);
    return c;
}

/* files_mine_at: the table in *slot (the calling process's), its own to
 * change: a table shared copy-on-write is copied (and *slot changed)
 * unless the others have let go of it meanwhile. The copy is a pool
 * record only (files_fork shares no table with an array of its own), so
 * NULL, "no memory", would mean the pool is short of its bound. Only the process's one thread changes *slot: cow is set only for
 * single-threaded processes (fdtable.h), and only by a fork of one of
 * them, so only the holder itself clears it, and a holder that finds refs
 * at 1 is alone (each put is acq_rel: the others' reads came before). */
struct files *files_mine_at(struct files **slot)
{
    struct files *t = *slot;
    if (likely(!__atomic_load_n(&t->cow, __ATOMIC_ACQUIRE)))
        return t;
    spin_lock(&t->lock);
    bool alone = __atomic_load_n(&t->refs, __ATOMIC_ACQUIRE) == 1;
    if (alone)
        t->cow = false;
    spin_unlock(&t->lock);
    if (alone)
        return t;
    struct files *c = files_copy(t);
    if (!c)
        return 0;
    *slot = c;
    files_put(t);
    return c;
}

struct files *files_fork(struct files *t)
{
    spin_lock(&t->lock);
    /* refs at 1: the caller is the only thread using t, so its process
     * has one; cow: every holder is a single-threaded process. Only a
     * table with no array of its own is shared: its copy, when one side
     * changes it, is then a record from the pool and nothing else, which
     * cannot fail (see files_pool), so close and the rest never fail for
     * want of memory. A bigger one is copied now, as fork always did. */
    bool share = t->cap == FILES_FIRST && (__atomic_load_n(&t->refs, __ATOMIC_ACQUIRE) == 1 || t->cow);
    if (share) {
        __atomic_store_n(&t->cow, true, __ATOMIC_RELEASE);
        __atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
    }
    spin_unlock(&t->lock);
    return share ? t : files_copy(t);
}

int files_get(struct files **slot)
{
    struct files *t = files_mine_at(slot);   /* threads share a table of their own */
    if (!t)
        return -ENOMEM;
    int old = __atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
    assert(old > 0);
    return 0;
}

/* Close every descriptor cloexec_only selects (all, or the close-on-exec
 * ones). The files are let go with t->lock dropped, as a last close may
 * sleep (a pipe's wakeup is fine, but a file system's inactive may take
 * sleep locks): taken off the table a batch at a time, under one lock
 * each. Only the slots below the table's top are looked at, read again
 * each time, as another thread may fill more meanwhile; a lock per descriptor up to
 * FILES_MAX had doubled the cost of fork+exit+wait (15.5 k instructions
 * before the descriptor tables, 33 k with that loop, under -icount). */
#define FILES_CLOSE_BATCH 16

static void files_close_if(struct files *t, bool cloexec_only)
{
    struct file *batch[FILES_CLOSE_BATCH];
    for (int fd = 0;;) {
        int n = 0;
        spin_lock(&t->lock);
        for (; fd < t->top && n < FILES_CLOSE_BATCH; fd++) {
            uint64_t bit = 1UL << (fd % 64);
            if (!t->fd[fd] || (cloexec_only && !(t->cloexec[fd / 64] & bit)))
                continue;
            batch[n++] = t->fd[fd];
            t->fd[fd] = 0;
            t->cloexec[fd / 64] &= ~bit;
        }
        bool more = fd < t->top;
        spin_unlock(&t->lock);
        for (int i = 0; i < n; i++)
            file_put(batch[i]);
        if (!more)
            return;
    }
}

void files_put(struct files *t)
{
    int left = __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL);
    assert(left >= 0);
    if (left)
        return;
    files_close_if(t, false);
    vnode_put(t->cwd);
    files_array_free(t, t->fd);
    files_pool_give(t);
}

/* files_any_cloexec: some descriptor of t is marked close-on-exec. */
static bool files_any_cloexec(struct files *t)
{
    spin_lock(&t->lock);
    uint64_t any = 0;
    for (int i = 0; i < FILES_MAX / 64; i++)
        any |= t->cloexec[i];
    spin_unlock(&t->lock);
    return any != 0;
}

int files_prepare_exec(struct files **slot)
{
    if (!files_any_cloexec(*slot))
        return 0;
    return files_mine_at(slot) ? 0 : -ENOMEM;
}

void files_close_on_exec(struct files **slot)
{
    struct files *t = *slot;
    if (!files_any_cloexec(t))
        return;
    /* files_prepare_exec made it the process's own, and a process in
     * exec makes no fork meanwhile. */
    assert(!__atomic_load_n(&t->cow, __ATOMIC_ACQUIRE));
    files_close_if(t, true);
}
