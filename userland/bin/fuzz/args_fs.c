/* args_fs.c -- the file calls' arguments: paths, descriptors, open flags,
 * modes, offsets, iovec arrays, directory buffers.
 *
 * Each process works in a directory of its own, /tmp/fz<pid>, made when
 * it starts (a worker, or a child its fork made) and made its working
 * directory, so that relative names land there; a forked child keeps its
 * parent's directory as a second one to play in (two processes then race
 * in one directory). The coordinator removes them all at the end of the
 * round (tmpclean.c).
 *
 * Paths: names in the worker's directory that exist or will (a file, a
 * subdirectory, a name of NAME_MAX bytes), ones that cannot (through a
 * file, a missing directory, a name of NAME_MAX + 1), the read-only
 * initrd, /dev, /proc, "", ".", "..", a path of 4095 bytes that is legal
 * and one of 4096 that is not, strings that run into an unmapped page,
 * and bad pointers.
 *
 * Descriptors: small numbers (the worker opens 3 to 8 at its start, so
 * they are mostly open), the ones its calls returned, and -1, AT_FDCWD,
 * the last and first past the table, numbers with bits above 32.
 */
#include "fuzz.h"
#include "arch/x86_64/memlayout.h"

#define PATH_LEN (FZ_DIR_MAX + NAME_MAX + 8)
#define FDS_SETUP 6              /* fds[0..5]: what the worker opened at its start */

static long pick(struct rng *r, const long *v, size_t n) { return v[rng_below(r, n)]; }
#define PICK(r, list) pick((r), (list), sizeof(list) / sizeof((list)[0]))

static struct arg value(long v) { return (struct arg){ v, false, PROG_NONE }; }
static struct arg own(const void *p) { return (struct arg){ (long)p, true, PROG_NONE }; }

/* ---- paths ---------------------------------------------------------------------- */

/* The process's own paths, made from its directory (dir_paths), and those
 * of the directory it was forked in (parent_paths). Each process has its
 * own copy (fork copies the data). */
enum { P_DIR, P_DIR_SLASH, P_FILE, P_FILE2, P_SUB, P_SUB_FILE, P_SUB_DIR, P_THROUGH_FILE,
       P_NO_DIR, P_DOT_FILE, P_DOTDOT_FILE, P_NAME_MAX, P_NAME_TOO_LONG, P_FILE_SLASH, P_BACK_IN,
       NPATHS };
static char dir_paths[NPATHS][PATH_LEN], parent_paths[NPATHS][PATH_LEN];
static bool have_parent;
static char path_ok[PATH_MAX];           /* 4095 bytes: the worker's file, spelt long */
static char path_too_long[PATH_MAX + 1]; /* 4096 bytes before its NUL */

static const char *const fixed_paths[] = {
    "/", "/bin", "/bin/", "/bin/hello", "/bin/fuzz", "/bin/hello/", "/bin/hello/x", "/bin/nope",
    "/tmp", "/tmp/", "/tmp/..", "/tmp/nope", "/dev", "/dev/console", "/dev/nope", "/proc",
    "/proc/self/maps", "/proc/meminfo", "/proc/1/stat", "", ".", "..", "a", "b", "sub", "sub/c",
    "sub/../a", "a/", "./b", "//tmp//", "/../bin/./hello", "nope/x",
};

static void paths_make(char (*p)[PATH_LEN], const char *dir)
{
    static const char *const tail[NPATHS] = {
        [P_DIR] = "", [P_DIR_SLASH] = "/", [P_FILE] = "/a", [P_FILE2] = "/b", [P_SUB] = "/sub",
        [P_SUB_FILE] = "/sub/c", [P_SUB_DIR] = "/sub/d", [P_THROUGH_FILE] = "/a/x",
        [P_NO_DIR] = "/nope/x", [P_DOT_FILE] = "/./a", [P_DOTDOT_FILE] = "/sub/../b",
        [P_FILE_SLASH] = "/a/",
    };
    for (int i = 0; i < NPATHS; i++)
        snprintf(p[i], PATH_LEN, "%s%s", dir, tail[i] ? tail[i] : "");
    size_t n = strlen(dir);
    for (int i = P_NAME_MAX; i <= P_NAME_TOO_LONG; i++) {
        p[i][n] = '/';
        memset(p[i] + n + 1, 'n', NAME_MAX + (size_t)(i - P_NAME_MAX));
        p[i][n + 1 + NAME_MAX + (size_t)(i - P_NAME_MAX)] = 0;
    }
    /* "/tmp/fz<pid>/../fz<pid>/a": out and back in */
    snprintf(p[P_BACK_IN], PATH_LEN, "%s/..%s/a", dir, strrchr(dir, '/'));
}

/* path_ok: the worker's file as "<dir>/././.../a", 4095 bytes (one "//"
 * evens it out). */
static void path_ok_make(const char *dir)
{
    size_t n = strlen(dir), end = sizeof path_ok - 1, i = n;
    memcpy(path_ok, dir, n);
    if ((end - 2 - n) % 2)
        path_ok[i++] = '/';
    for (; i < end - 2; i += 2)
        memcpy(path_ok + i, "/.", 2);
    memcpy(path_ok + end - 2, "/a", 3);
}

static struct arg path_pick(struct worker *w)
{
    struct rng *r = &w->rng;
    uint64_t k = rng_below(r, 40);
    if (k < 18)
        return own(dir_paths[rng_below(r, NPATHS)]);
    if (k < 28)
        return own(fixed_paths[rng_below(r, sizeof fixed_paths / sizeof fixed_paths[0])]);
    if (k < 30)
        return own(have_parent ? parent_paths[rng_below(r, NPATHS)] : dir_paths[P_FILE]);
    if (k < 31)
        return own(path_ok);
    if (k < 32)
        return own(path_too_long);
    if (k < 33)                  /* "nope" with its NUL the last byte of a page (args.c) */
        return own((char *)fuzz_mem.edge + PAGE_SIZE - 5);
    if (k < 34)                  /* no NUL before the unmapped page */
        return own((char *)fuzz_mem.edge + 3 * PAGE_SIZE - 1 - rng_below(r, 40));
    return args_buffer(w);
}

/* ---- descriptors -------------------------------------------------------------------- */

static struct arg fd_pick(struct worker *w)
{
    static const long odd[] = {
        -1, AT_FDCWD, 255, 256, 1023, 1024, 0x7fffffff, -0x80000000L, 0xffffffffL,
        (1L << 32) | 3, (1L << 32) | 0, (long)0x8000000000000001UL,
    };
    struct rng *r = &w->rng;
    uint64_t k = rng_below(r, 10);
    if (k < 5)
        return value((long)rng_below(r, 10));
    if (k < 8 && w->nfds)
        return value(w->fds[rng_below(r, (uint64_t)w->nfds)]);
    return value(rng_chance(r, 3, 4) ? PICK(r, odd) : (long)rng_next(r));
}

static struct arg dirfd_pick(struct worker *w)
{
    struct rng *r = &w->rng;
    switch (rng_below(r, 10)) {
    case 0: case 1: case 2: case 3: return value(AT_FDCWD);
    case 4: case 5: return value(w->fds[0]);       /* its directory */
    case 6: return value(w->fds[3]);                /* "/" */
    case 7: return value((1L << 32) | (AT_FDCWD & 0xffffffffL));   /* AT_FDCWD as an int */
    default: return fd_pick(w);                     /* files (ENOTDIR), closed, bad */
    }
}

void args_fs_learn(struct worker *w, long nr, const long a[6], long ret)
{
    bool dup = nr == SYS_fcntl && (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC);
    if (ret < 0 || !(nr == SYS_open || nr == SYS_openat || nr == SYS_creat || nr == SYS_dup ||
                     nr == SYS_dup2 || nr == SYS_dup3 || dup))
        return;
    int i = w->nfds < FDS ? w->nfds++ : FDS_SETUP + (int)rng_below(&w->rng, FDS - FDS_SETUP);
    w->fds[i] = (int)ret;
}

/* ---- iovec arrays ------------------------------------------------------------------ */

/* One array per process, refilled at each pick; entries past the ones
 * filled are zero (empty), up to IOV_MAX and one more. */
static struct iovec iovs[IOV_MAX + 2];
static int iovs_used;

static uint64_t iov_len_pick(struct rng *r)
{
    static const long lens[] = { 0, 1, 7, 100, 512, 4095, 4096, 4097, 8192 };
    return rng_chance(r, 1, 3) ? rng_below(r, FUZZ_OWN_READ_MAX) : (uint64_t)PICK(r, lens);
}

static struct arg iov_pick(struct worker *w)
{
    struct rng *r = &w->rng;
    memset(iovs, 0, (size_t)iovs_used * sizeof(iovs[0]));
    uint64_t k = rng_below(r, 10);
    if (k >= 8)                  /* the array itself bad: NULL, kernel, unmapped, an edge */
        return rng_chance(r, 1, 2) ? args_buffer(w)
                                   : own((char *)fuzz_mem.edge + PAGE_SIZE - 16 * (1 + rng_below(r, 3)));
    int n = 1 + (int)rng_below(r, 4);
    for (int i = 0; i < n; i++)
        iovs[i] = (struct iovec){ (void *)args_own_buffer(w), iov_len_pick(r) };
    if (k == 6)                  /* one bad buffer among good ones: EFAULT, or a short count */
        iovs[rng_below(r, (uint64_t)n)].iov_base = (void *)args_buffer(w).v;
    if (k == 7) {                /* the lengths overflow ssize_t: EINVAL before any byte moves
                                  * (the first alone would fault at once, not read 2 GiB) */
        iovs[0] = (struct iovec){ NULL, 0x7fffffffffffffffUL };
        iovs[1] = (struct iovec){ (void *)args_own_buffer(w), 0x7fffffffffffffffUL };
        n = 2;
    }
    iovs_used = n;
    return own(iovs);
}

struct iovec *args_fs_iovs(long iov, int *n)
{
    *n = iovs_used;
    return iov == (long)iovs ? iovs : NULL;
}

long args_fs_iov_bytes(long iov, long cnt)
{
    if (iov != (long)iovs || cnt < 0 || cnt > IOV_MAX)
        return -1;
    uint64_t total = 0;
    for (long i = 0; i < cnt; i++)
        total += iovs[i].iov_len;
    return total > 0x7fffffffffffffffUL ? -1 : (long)total;
}

/* ---- the worker's start ------------------------------------------------------------- */

void args_fs_setup(void)
{
    memset(path_too_long, 'l', sizeof path_too_long - 1);
    path_too_long[0] = '/';
    path_too_long[sizeof path_too_long - 1] = 0;
}

/* fds[0..5]: its directory, a file in it with some bytes, a program of
 * the initrd, "/", and a pipe. A forked child inherits them (and its
 * parent's directory): it only makes its own directory. */
void args_fs_worker_setup(struct worker *w)
{
    char dir[FZ_DIR_MAX];
    snprintf(dir, sizeof dir, "/tmp/fz%d", w->pid);
    if (w->dir[0]) {
        memcpy(parent_paths, dir_paths, sizeof dir_paths);
        have_parent = true;
    }
    memcpy(w->dir, dir, sizeof dir);
    paths_make(dir_paths, dir);
    path_ok_make(dir);
    sys_mkdir((long)dir, 0755);
    sys_chdir((long)dir);
    if (w->nfds)
        return;
    int p[2] = { -1, -1 };
    w->fds[0] = (int)sys_open((long)dir, O_RDONLY | O_DIRECTORY, 0);
    w->fds[1] = (int)sys_open((long)dir_paths[P_FILE], O_RDWR | O_CREAT, 0644);
    sys_write(w->fds[1], (long)dir_paths, (long)sizeof dir_paths);   /* two pages of text */
    w->fds[2] = (int)sys_open((long)"/bin/hello", O_RDONLY, 0);
    w->fds[3] = (int)sys_open((long)"/", O_RDONLY | O_DIRECTORY, 0);
    sys_pipe2((long)p, 0);
    w->fds[4] = p[0];
    w->fds[5] = p[1];
    w->nfds = FDS_SETUP;
}

/* ---- the kinds ----------------------------------------------------------------------- */

struct arg args_fs_pick(struct worker *w, enum arg_kind kind)
{
    static const long oflags[] = {
        O_RDONLY, O_WRONLY, O_RDWR, O_RDWR | O_CREAT, O_WRONLY | O_CREAT | O_TRUNC,
        O_RDWR | O_CREAT | O_EXCL, O_WRONLY | O_CREAT | O_APPEND, O_RDONLY | O_DIRECTORY,
        O_RDWR | O_DIRECTORY, O_CREAT | O_DIRECTORY, O_RDONLY | O_CLOEXEC, O_RDWR | O_TRUNC,
        O_RDONLY | O_TRUNC, O_ACCMODE, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_LARGEFILE,
        O_NOFOLLOW, O_RDWR | O_CREAT | O_CLOEXEC, O_EXCL, O_WRONLY | O_APPEND,
    };
    static const long modes[] = { 0644, 0600, 0755, 0777, 0, 0444, 0200, 07777, 0100644, 01777,
                                  -1, (long)0xffffffff00000644UL };
    static const long whences[] = { SEEK_SET, SEEK_SET, SEEK_CUR, SEEK_CUR, SEEK_END, SEEK_END,
                                    3, 4, 5, -1, 1L << 32 };
    /* offsets and sizes: a file's first pages, the page cache's end (1 GiB:
     * EFBIG past it), what wraps */
    static const long offs[] = {
        0, 0, 0, 1, 100, 4095, 4096, 4097, 8192, 3 * 4096 + 17, 65536, 1L << 20, (1L << 30) - 1,
        1L << 30, (1L << 30) + 4096, 1L << 40, 0x7fffffffffffffffL, 0x7ffffffffffff000L, -1,
        -4096, (long)0x8000000000000000UL,
    };
    static const long iovcnts[] = { 0, 1, 1, 2, 3, 4, 4, 8, IOV_MAX, IOV_MAX + 1, -1, 0x7fffffff,
                                    (1L << 32) | 1 };
    static const long dlens[] = { 0, 1, 19, 23, 24, 32, 64, 280, 1024, 4096, 8192, -1 };
    static const long fcntls[] = { F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC,
                                   5, 6, 7, 8, 1024, 1031, -1, (1L << 32) | F_GETFD };
    static const long fcntlargs[] = { 0, FD_CLOEXEC, O_NONBLOCK, O_APPEND, O_APPEND | O_NONBLOCK,
                                      O_RDWR, 3, 10, 255, 256, -1, 0x7fffffff };
    static const long atflags[] = { 0, 0, 0, AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_EMPTY_PATH,
                                    0x800, 0x6000, AT_EMPTY_PATH | AT_REMOVEDIR };
    static const long amodes[] = { F_OK, R_OK, W_OK, X_OK, R_OK | W_OK, 7, 8, -1 };
    static const long uids[] = { 0, -1, 1000, 0xffffffffL, 65534 };
    static const long msflags[] = { MS_ASYNC, MS_SYNC, MS_INVALIDATE, 0, MS_ASYNC | MS_SYNC,
                                    MS_SYNC | MS_INVALIDATE, 8, -1 };
    static const long fdflags[] = { 0, 0, O_CLOEXEC, O_NONBLOCK, O_CLOEXEC | O_NONBLOCK, 040000,
                                    -1 };
    static const long renflags[] = { 0, 0, 0, 0, 1, 2, 4, 3, -1 };
    static const long umasks[] = { 022, 0, 077, 0777, 07777, -1 };
    struct rng *r = &w->rng;
    switch (kind) {
    case A_FPATH: return path_pick(w);
    case A_FD: return fd_pick(w);
    case A_DIRFD: return dirfd_pick(w);
    case A_IOV: return iov_pick(w);
    case A_OFLAGS: return value(PICK(r, oflags));
    case A_MODE: return value(PICK(r, modes));
    case A_WHENCE: return value(PICK(r, whences));
    case A_FOFF: return value(rng_chance(r, 1, 4) ? (long)rng_below(r, 3 * 4096) : PICK(r, offs));
    case A_IOVCNT: return value(PICK(r, iovcnts));
    case A_DLEN: return value(PICK(r, dlens));
    case A_FCNTL: return value(PICK(r, fcntls));
    case A_FCNTLARG: return value(PICK(r, fcntlargs));
    case A_ATFLAGS: return value(PICK(r, atflags));
    case A_AMODE: return value(PICK(r, amodes));
    case A_UID: return value(PICK(r, uids));
    case A_MSFLAGS: return value(PICK(r, msflags));
    case A_FDFLAGS: return value(PICK(r, fdflags));
    case A_RENFLAGS: return value(PICK(r, renflags));
    case A_UMASK: return value(PICK(r, umasks));
    default:
        return value(rng_chance(r, 1, 2) ? (long)rng_next(r) : 1L << rng_below(r, 64));
    }
}
