/* guard_fs.c -- reads and writes of descriptors, kept from ending or
 * stalling the run, most of the time. Any descriptor may be the console
 * (0, 1 and 2 are, and dup or open("/dev/console") make more) or a pipe
 * (the worker makes some), so the guard asks the kernel what the
 * descriptor is (fstat) rather than trusting the number:
 *
 *  - the console: a write prints nothing (empty, or from a bad buffer:
 *    the log stays readable), a read mostly asks for nothing (else it
 *    waits for a line that never comes, until the round's end);
 *  - a pipe: a read of an empty one and a write bigger than the room left
 *    mostly move nothing (else the worker, which holds both ends, waits
 *    for itself until the round's end);
 *  - a read into the worker's own memory asks for at most
 *    FUZZ_OWN_READ_MAX bytes (a read of a big file would run on into the
 *    worker's own state), and readv's buffers stay out of its stack
 *    (guard.c: guard_stack_buffer; the other calls' are its arguments);
 *  - a regular file's reads and writes mostly move nothing once free
 *    memory is below a quarter of what the run began with: a file's
 *    pages stay when its writer is killed (and so do the zero pages a
 *    read of a hole puts in the cache), until the round's end removes it,
 *    and with every page in files the coordinator itself could not go on
 *    (fuzz.lowmem: the worker processes' own memory comes back as they
 *    die; the files' would not).
 * One call in eight on a console or pipe goes through as it is.
 */
#include "fuzz.h"

#define PIPE_SIZE 65536          /* fs/pipe.h: a pipe's buffer */

static bool is_read(long nr) { return nr == SYS_read || nr == SYS_pread64 || nr == SYS_readv; }

/* The bytes the call would move, or -1 (unknown: not our iovec array). */
static long io_bytes(long nr, const struct arg a[6])
{
    if (nr == SYS_readv || nr == SYS_writev)
        return args_fs_iov_bytes(a[1].v, a[2].v);
    return a[2].v;
}

/* Make the call move nothing: a count of 0, or none of the vectors. */
static void io_nothing(struct arg a[6]) { a[2].v = 0; }

static void guard_console(struct worker *w, long nr, struct arg a[6], long n)
{
    if (n == 0)
        return;
    if (is_read(nr)) {
        if (!rng_chance(&w->rng, 1, 10))
            io_nothing(a);
        return;
    }
    /* a write: always quiet (the old rule for fds 1 and 2) */
    if (nr == SYS_writev || rng_chance(&w->rng, 1, 2))
        io_nothing(a);
    else
        a[1].v = (long)0xffff800000000000UL;
}

static void guard_pipe(struct worker *w, long fd, long nr, struct arg a[6], long n)
{
    int avail = 0;
    if (n == 0 || rng_chance(&w->rng, 1, 8) || sys_ioctl(fd, FIONREAD, (long)&avail) != 0)
        return;
    if (is_read(nr) ? avail == 0 : n < 0 || n > PIPE_SIZE - avail)
        io_nothing(a);
}

/* Free memory is low: leave it to the processes (see above). */
static bool memory_low(void)
{
    struct weensy_meminfo m;
    return run.files_min_free && meminfo(&m) == 0 && (long)m.free < run.files_min_free;
}

void guard_fs_io(struct worker *w, long nr, struct arg a[6])
{
    if ((nr == SYS_read || nr == SYS_pread64) && a[1].own && (unsigned long)a[2].v > FUZZ_OWN_READ_MAX)
        a[2].v = FUZZ_OWN_READ_MAX;
    int n_iov;
    struct iovec *iov = nr == SYS_readv ? args_fs_iovs(a[1].v, &n_iov) : NULL;
    if (iov)
        guard_iov_buffers(w, iov, n_iov);
    struct stat st;
    if (sys_fstat(a[0].v, (long)&st) != 0)
        return;
    long n = io_bytes(nr, a);
    if (S_ISCHR(st.st_mode))
        guard_console(w, nr, a, n);
    else if (S_ISFIFO(st.st_mode))
        guard_pipe(w, a[0].v, nr, a, n);
    else if (S_ISREG(st.st_mode) && n != 0 && !rng_chance(&w->rng, 1, 8) && memory_low())
        io_nothing(a);
}
