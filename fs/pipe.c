/* pipe.c -- pipes (pipe.h): a ring of PIPE_SIZE bytes in kernel pages
 * between one read end and one write end (pipe(7)).
 *
 * The ring is counted in bytes ever written (head) and ever read (tail):
 * head - tail bytes are buffered, at ring offsets tail..head modulo
 * PIPE_SIZE. Its pages are made the first time the ring reaches them and
 * kept until the pipe goes, so a pipe that only ever carries a few bytes
 * costs one page.
 *
 * copyin and copyout may sleep (a fault may read swap), so the bytes move
 * with p->lock dropped. A writer first claims the writing side (wbusy) and
 * a stretch of free room, lets go of the lock, copies into the ring, then
 * takes the lock again to publish what it copied (head) and give the side
 * back; a reader does the same with rbusy and the buffered bytes (tail).
 * So one writer and one reader may copy at once, each in its own part of
 * the ring: a writer touches only [head, tail + PIPE_SIZE), a reader only
 * [tail, head), and neither moves until its copier is done. A write of at
 * most PIPE_BUF bytes waits for room for all of it and moves in one such
 * turn, which is what makes it atomic. Waiting for a turn or for room or
 * data is a killable sleep (wait_sleep), never a sleep lock: an
 * O_NONBLOCK end must not wait behind a blocked one, and a killed process
 * must not stay stuck behind another.
 *
 * Lifetime: the pipe and its vnode are one allocation. Each open end holds
 * a reference to the vnode (through its struct file); the ends' close ops
 * count readers and writers down, and the vnode's inactive op, when the
 * last reference goes, frees the ring and the pipe.
 *
 * Locks: p->lock (a spin lock) guards the counts and flags below; the
 * wakeups are made under it. Readers sleep on &p->rsleepers, writers on
 * &p->wsleepers, which count them, so a read or write with nobody waiting
 * on the other side wakes nobody (a wakeup looks at every process).
 */
#include "kernel/kernel.h"
#include "kernel/wait.h"
#include "fs/poll.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"
#include "include/weensy/termios.h"

#define PIPE_PAGES (PIPE_SIZE / PAGE_SIZE)
_Static_assert(PIPE_SIZE % PAGE_SIZE == 0, "the ring is whole pages");
_Static_assert(PIPE_BUF <= PIPE_SIZE, "an atomic write fits in the ring");

struct pipe {
    struct vnode vnode;              /* what both ends' files refer to */
    struct spinlock lock;
    uint64_t head;                   /* [lock] bytes ever written (and published) */
    uint64_t tail;                   /* [lock] bytes ever read */
    int readers;                     /* [lock] open read ends */
    int writers;                     /* [lock] open write ends */
    bool wbusy;                      /* [lock] a writer is copying in, lock dropped */
    bool rbusy;                      /* [lock] a reader is copying out, lock dropped */
    int rsleepers;                   /* [lock] readers asleep, waiting for data or their turn */
    int wsleepers;                   /* [lock] writers asleep, waiting for room or their turn */
    /* The ring's pages: a slot is filled (NULL -> page) only by the writer
     * holding wbusy, before it publishes bytes in it; freed only by
     * pipe_inactive. */
    struct page *pages[PIPE_PAGES];
};

/* pipe_sleep: sleep among the readers' or the writers' sleepers (p->lock
 * held, let go while asleep). pipe_wake: wake them, if any sleep. */
static void pipe_sleep(struct pipe *p, int *sleepers)
{
    assert(spin_holding(&p->lock));
    (*sleepers)++;
    wait_sleep_intr(sleepers, &p->lock, 0);
    (*sleepers)--;
}

static void pipe_wake(struct pipe *p, int *sleepers)
{
    assert(spin_holding(&p->lock));
    if (*sleepers)
        wait_wakeup(sleepers);
    poll_notify();               /* data, room or an end changed: pollers look again */
}

static bool pipe_nonblock(struct file *f)
{
    return __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

/* ---- moving bytes (p->lock not held) ------------------------------------ */

/* pipe_span: where ring position pos is, and how many bytes of n lie in
 * its page from there. */
static size_t pipe_span(uint64_t pos, size_t n, size_t *slot, size_t *off)
{
    *slot = (size_t)(pos % PIPE_SIZE) / PAGE_SIZE;
    *off = (size_t)(pos % PAGE_SIZE);
    return MIN(n, PAGE_SIZE - *off);
}

/* Where a write's bytes come from: user memory (write), or kernel memory
 * (sendfile's buffer). */
struct pipe_src {
    uintptr_t addr;
    bool kernel;
};

static int pipe_src_copy(void *dst, struct pipe_src src, size_t off, size_t n)
{
    if (!src.kernel)
        return copyin(dst, src.addr + off, n);
    memcpy(dst, (const void *)(src.addr + off), n);
    return 0;
}

/* pipe_copy_in: n bytes from src into the ring at pos, a page at a time,
 * making pages the ring has not reached before. *done: the bytes copied
 * (whole pieces only). Caller holds the writing side (wbusy). */
static int pipe_copy_in(struct pipe *p, uint64_t pos, struct pipe_src src, size_t n, size_t *done)
{
    *done = 0;
    while (*done < n) {
        size_t slot, off;
        size_t chunk = pipe_span(pos + *done, n - *done, &slot, &off);
        if (!p->pages[slot]) {
            struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
            if (!pg)
                return -ENOMEM;
            p->pages[slot] = pg;
        }
        int err = pipe_src_copy((uint8_t *)page_kva(p->pages[slot]) + off, src, *done, chunk);
        if (err < 0)
            return err;
        *done += chunk;
    }
    return 0;
}

/* pipe_copy_out: n buffered bytes at ring position pos out to user memory.
 * *done: the bytes copied (a piece that faulted is not counted, so it
 * stays in the pipe). Caller holds the reading side (rbusy). */
static int pipe_copy_out(struct pipe *p, uint64_t pos, uintptr_t udst, size_t n, size_t *done)
{
    *done = 0;
    while (*done < n) {
        size_t slot, off;
        size_t chunk = pipe_span(pos + *done, n - *done, &slot, &off);
        assert(p->pages[slot]);
        int err = copyout(udst + *done, (uint8_t *)page_kva(p->pages[slot]) + off, chunk);
        if (err < 0)
            return err;
        *done += chunk;
    }
    return 0;
}

/* ---- read ---------------------------------------------------------------- */

/* pipe_wait_data: wait until a read can go: 1 when there are bytes and
 * the reading side is free, 0 at end of file (no writer left, nothing
 * buffered), -EAGAIN, -ERESTARTSYS. Caller holds p->lock. */
static long pipe_wait_data(struct pipe *p, struct file *f)
{
    assert(spin_holding(&p->lock));
    for (;;) {
        if (!p->rbusy) {
            if (p->head != p->tail)
                return 1;
            if (p->writers == 0)
                return 0;
            if (pipe_nonblock(f))
                return -EAGAIN;
        }
        /* Another reader's copy ends soon: wait for it even if
         * O_NONBLOCK, as Linux's reader waits for the pipe's mutex. */
        if (wait_interrupted())
            return -ERESTARTSYS; /* a signal: EINTR, or a restart with SA_RESTART */
        pipe_sleep(p, &p->rsleepers);
    }
}

/* pipe_read: what is buffered, up to n bytes; it does not wait to fill n. */
static long pipe_read(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)pos;
    struct pipe *p = f->priv;
    if (n == 0)
        return 0;
    spin_lock(&p->lock);
    long ready = pipe_wait_data(p, f);
    if (ready <= 0) {
        spin_unlock(&p->lock);
        return ready;
    }
    size_t n_now = MIN(n, (size_t)(p->head - p->tail));
    uint64_t from = p->tail;
    p->rbusy = true;
    spin_unlock(&p->lock);

    size_t done;
    int err = pipe_copy_out(p, from, ubuf, n_now, &done);

    spin_lock(&p->lock);
    p->tail += done;
    p->rbusy = false;
    pipe_wake(p, &p->wsleepers);         /* room */
    pipe_wake(p, &p->rsleepers);         /* the reading side is free */
    spin_unlock(&p->lock);
    return done ? (long)done : err;
}

/* ---- write --------------------------------------------------------------- */

/* pipe_wait_room: wait until at least `need` bytes of room are free and
 * the writing side is: the room, or -EPIPE, -EAGAIN, -ERESTARTSYS. Caller holds
 * p->lock. */
static long pipe_wait_room(struct pipe *p, struct file *f, size_t need)
{
    assert(spin_holding(&p->lock));
    for (;;) {
        /* The system call sends the writer SIGPIPE (fs/sys_rw.c). */
        if (p->readers == 0)
            return -EPIPE;
        if (!p->wbusy) {
            size_t room = PIPE_SIZE - (size_t)(p->head - p->tail);
            if (room >= need)
                return (long)room;
            if (pipe_nonblock(f))
                return -EAGAIN;
        }
        if (wait_interrupted())
            return -ERESTARTSYS;
        pipe_sleep(p, &p->wsleepers);
    }
}

/* pipe_write (and pipe_write_kernel, for sendfile): all n bytes, waiting for room as needed. A write of at most
 * PIPE_BUF bytes waits for room for all of it and goes in one turn; a
 * longer one goes in pieces as room appears, and may be interleaved with
 * other writers' between them. Stopped early (no reader left, O_NONBLOCK,
 * a kill, a fault), it returns the bytes written, or the error if none. */
static long pipe_write_from(struct file *f, struct pipe_src src, size_t n)
{
    struct pipe *p = f->priv;
    size_t need = n <= PIPE_BUF ? n : 1;
    size_t written = 0;
    long err = 0;
    spin_lock(&p->lock);
    while (written < n) {
        long room = pipe_wait_room(p, f, need);
        if (room < 0) {
            err = room;
            break;
        }
        size_t n_now = MIN(n - written, (size_t)room);
        uint64_t at = p->head;
        p->wbusy = true;
        spin_unlock(&p->lock);

        size_t done;
        err = pipe_copy_in(p, at, (struct pipe_src){ src.addr + written, src.kernel }, n_now, &done);

        spin_lock(&p->lock);
        p->head += done;
        p->wbusy = false;
        written += done;
        pipe_wake(p, &p->rsleepers);     /* data */
        pipe_wake(p, &p->wsleepers);     /* the writing side is free */
        if (err < 0)
            break;
    }
    spin_unlock(&p->lock);
    return written ? (long)written : err;
}

static long pipe_write(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    (void)pos;
    return pipe_write_from(f, (struct pipe_src){ ubuf, false }, n);
}

static long pipe_write_kernel(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
    (void)pos;
    return pipe_write_from(f, (struct pipe_src){ (uintptr_t)buf, true }, n);
}

/* ---- the rest of the file ops ---------------------------------------------- */

/* FIONREAD (either end): the bytes buffered, as an int. */
static long pipe_ioctl(struct file *f, long request, uintptr_t arg)
{
    struct pipe *p = f->priv;
    if ((unsigned long)request != FIONREAD)
        return -ENOTTY;
    spin_lock(&p->lock);
    int n = (int)(p->head - p->tail);
    spin_unlock(&p->lock);
    return copyout(arg, &n, sizeof(n)) < 0 ? -EFAULT : 0;
}

/* pipe_close: an end's last holder is gone; wake whoever waits on the
 * other end (readers see end of file, writers -EPIPE). */
static void pipe_close(struct file *f)
{
    struct pipe *p = f->priv;
    spin_lock(&p->lock);
    if (file_readable(f)) {
        assert(p->readers > 0);
        p->readers--;
        pipe_wake(p, &p->wsleepers);
    } else {
        assert(p->writers > 0);
        p->writers--;
        pipe_wake(p, &p->rsleepers);
    }
    spin_unlock(&p->lock);
}

/* The read end: data, or end of file once no writer is left; the write
 * end: room, or an error once no reader is left (pipe(7)). */
static short pipe_poll(struct file *f)
{
    struct pipe *p = f->priv;
    short ready = 0;
    spin_lock(&p->lock);
    if (file_readable(f))
        ready = (short)((p->head != p->tail ? POLLIN : 0) | (p->writers ? 0 : POLLHUP));
    else
        ready = (short)((p->head - p->tail < PIPE_SIZE ? POLLOUT : 0) | (p->readers ? 0 : POLLERR));
    spin_unlock(&p->lock);
    return ready;
}

static const struct file_ops pipe_file_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .write_kernel = pipe_write_kernel,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .close = pipe_close,
    .seekable = false,
};

/* pipe_inactive: the vnode's last reference is gone, so both ends are
 * closed and nobody can be in a read or write: free the ring. */
static void pipe_inactive(struct vnode *v)
{
    struct pipe *p = container_of(v, struct pipe, vnode);
    assert(p->readers == 0 && p->writers == 0);
    assert(!p->rbusy && !p->wbusy);
    for (size_t i = 0; i < PIPE_PAGES; i++)
        if (p->pages[i])
            page_put(p->pages[i]);
    pcache_release(&v->pages);
    kfree(p);
}

static const struct vnode_ops pipe_vnode_ops = {
    .inactive = pipe_inactive,
};

/* ---- pipefs: the file system the pipes' vnodes are on ---------------------- */

#define PIPEFS_MAGIC 0x50495045      /* Linux's: what fstatfs says of a pipe */

static struct fs pipefs = { .name = "pipefs", .magic = PIPEFS_MAGIC };
static struct sleeplock pipefs_once = SLEEPLOCK_INIT("pipefs");
static uint64_t pipefs_ino;          /* [atomic] the last inode number given */

/* pipe_fs: pipefs, with its device number taken on first use (the VFS
 * hands them out, and it has no start-up hook for pipes). */
static struct fs *pipe_fs(void)
{
    if (!__atomic_load_n(&pipefs.dev, __ATOMIC_ACQUIRE)) {
        sleep_lock(&pipefs_once);
        if (!pipefs.dev)
            __atomic_store_n(&pipefs.dev, vfs_new_dev(), __ATOMIC_RELEASE);
        sleep_unlock(&pipefs_once);
    }
    return &pipefs;
}

/* ---- creation -------------------------------------------------------------- */

int pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
    assert((flags & ~(unsigned)O_NONBLOCK) == 0);
    struct fs *fs = pipe_fs();
    struct pipe *p = kmalloc(sizeof(*p));
    if (!p)
        return -ENOMEM;
    /* The vnode's own reference (refs 1) is ours until both files hold
     * theirs. */
    vnode_init(&p->vnode, fs, &pipe_vnode_ops, VN_FIFO, 0600, __atomic_add_fetch(&pipefs_ino, 1, __ATOMIC_RELAXED));
    spinlock_init(&p->lock, "pipe");
    p->readers = 1;
    p->writers = 1;
    int err = 0;
    *rd = file_alloc(&p->vnode, &pipe_file_ops, O_RDONLY | flags);
    *wr = *rd ? file_alloc(&p->vnode, &pipe_file_ops, O_WRONLY | flags) : NULL;
    if (*rd)
        (*rd)->priv = p;
    if (*wr) {
        (*wr)->priv = p;
    } else {
        /* No write end: put back the read end, if any, as if closed. */
        p->writers = 0;
        if (*rd)
            file_put(*rd);
        else
            p->readers = 0;
        *rd = NULL;
        err = -ENOMEM;
    }
    vnode_put(&p->vnode);
    return err;
}
