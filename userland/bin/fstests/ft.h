/* ft.h -- the fstests harness: checks on libc-style results (-1 and
 * errno), the per-test directory and leak checks, and helpers the tests
 * share.
 *
 * Every test runs in a process of its own (testrun.h), and there ft_run
 * (main.c) runs its body in one more child, inside a fresh directory
 * /tmp/ft.NAME that is its working directory. Around the body:
 *   - the open descriptors must be the same ones after as before (a test
 *     closes what it opens, and so must the kernel's failed calls);
 *   - the directory must be empty at the end (rmdir succeeds);
 *   - once the body's process is reaped, the free pages (page_count) must
 *     be back to their number before: every page of a file, pipe, vnode or
 *     open file came back.
 *
 * The expectations are Linux's: the same sources build on Linux against
 * glibc (FT_LINUX; linux/run in this folder) and must pass there.
 */
#ifndef FSTESTS_FT_H
#define FSTESTS_FT_H
#ifdef FT_LINUX
#include "linux/host.h"
#else
#include "weensy.h"
#include "testrun.h"
#endif

/* Paths the tests rely on: the initrd is read-only at / with programs in
 * /bin, a tmpfs is at /tmp. */
#define FT_HELLO   "/bin/hello"
#define FT_FDCHECK "/bin/fdcheck"
#define FT_CONSOLE "/dev/console"
/* statfs("/")'s f_type: the initrd's (on Linux, the read-only tmpfs the
 * host run puts at /). */
#ifdef FT_LINUX
#define FT_ROOT_MAGIC TMPFS_MAGIC
#else
#define FT_ROOT_MAGIC INITRDFS_MAGIC
#endif

/* Addresses no call may read or write through: unmapped user memory, the
 * kernel's image, the first non-canonical address, NULL, 1. */
#define FT_NBAD 5
extern void *const ft_bad[FT_NBAD];

/* ---- checks -------------------------------------------------------------- */
/* OK(e): e must not be -1; its value. ERR(e, E): e must be -1 with errno
 * E. ERRP / OKP: the same for calls that return a pointer (NULL on
 * failure). Each names the expression, the result and errno on failure. */
#define OK(e) ft_ok(__FILE__, __LINE__, #e, (ft_call_begin(), (long)(e)))
#define ERR(e, E)                                                        \
    do {                                                                 \
        errno = 0;                                                       \
        long ft_v_ = (long)(e);                                          \
        ft_err(__FILE__, __LINE__, #e, ft_v_, errno, (E));               \
    } while (0)
#define OKP(e) ft_okp(__FILE__, __LINE__, #e, (ft_call_begin(), (e)))
#define ERRP(e, E)                                                       \
    do {                                                                 \
        errno = 0;                                                       \
        const void *ft_p_ = (e);                                         \
        ft_err(__FILE__, __LINE__, #e, ft_p_ ? 0 : -1, errno, (E));      \
    } while (0)
/* CHECK_STR(a, b): two strings are equal. CHECK_MEM(a, b, n): n bytes. */
#define CHECK_STR(a, b) ft_check_str(__FILE__, __LINE__, #a, (a), (b))
#define CHECK_MEM(a, b, n) ft_check_mem(__FILE__, __LINE__, #a, (a), (b), (n))

long ft_call_begin(void);          /* errno = 0, returns 0 */
long ft_ok(const char *file, int line, const char *expr, long v);
void *ft_okp(const char *file, int line, const char *expr, void *p);
void ft_err(const char *file, int line, const char *expr, long v, int e, int want);
void ft_check_str(const char *file, int line, const char *expr, const char *a, const char *b);
void ft_check_mem(const char *file, int line, const char *expr, const void *a, const void *b,
                  size_t n);
const char *ft_errname(int e);

/* ---- the harness (main.c, ft.c) ------------------------------------------- */
/* ft_count_fds: descriptors open in 0..FT_FILES_MAX-1 (fcntl F_GETFD). */
#define FT_FILES_MAX 256
int ft_count_fds(void);
/* ft_free_pages: free pages (page_count), 0 on Linux. */
long ft_free_pages(void);
/* ft_kinds: the kernel's pages by kind (meminfo; zeros on Linux), and
 * ft_kinds_diff: the kinds that moved from a to b, as "user +1 kernel -2"
 * (a static buffer): where a leak check's pages went. */
struct ft_kinds { long free, kept, user, shared, pagetable, kernel, cache; };
void ft_kinds(struct ft_kinds *k);
const char *ft_kinds_diff(const struct ft_kinds *a, const struct ft_kinds *b);
/* ft_dir: the test's own directory ("/tmp/ft.NAME"). */
extern char ft_dir[64];
/* ft_remove_tree: remove path and, if it is a directory, everything in
 * it, as far as it can (after a failed test); 0 if all went. */
int ft_remove_tree(const char *path);

/* ---- file helpers (ft.c) -------------------------------------------------- */
/* ft_put: create (or truncate) path with these n bytes, mode 0644. */
void ft_put(const char *path, const void *data, size_t n);
/* ft_expect: path holds exactly these n bytes. */
void ft_expect(const char *path, const void *data, size_t n);
/* ft_expect_fd: read(fd) from where it is gives exactly these n bytes,
 * then end of file. */
void ft_expect_fd(int fd, const void *data, size_t n);
/* ft_exists: stat(path) succeeds. */
int ft_exists(const char *path);
/* ft_pattern: fill buf with n bytes that depend on seed and position. */
void ft_pattern(void *buf, size_t n, unsigned seed);
/* ft_name: a malloc'd string of n copies of c, after prefix. */
char *ft_name(const char *prefix, size_t n, char c);
/* ft_fdcheck: fork, exec /bin/fdcheck with these arguments (NULL-ended),
 * and return its exit status (0: all it was asked held). */
int ft_fdcheck(const char *const args[]);

/* ---- the tests ------------------------------------------------------------ */
void test_open_create(void);
void test_open_modes(void);
void test_open_errors(void);
void test_openat(void);
void test_emfile(void);
void test_rofs(void);
void test_rw(void);
void test_lseek(void);
void test_holes(void);
void test_pread(void);
void test_iov(void);
void test_append(void);
void test_elf(void);
void test_console(void);
void test_efault(void);
void test_names(void);
void test_dirs(void);
void test_getdents(void);
void test_readdir(void);
void test_cwd(void);
void test_unlink(void);
void test_unlink_open(void);
void test_rename(void);
void test_rename_dirs(void);
void test_dup(void);
void test_dup23(void);
void test_fcntl(void);
void test_fork_fds(void);
void test_fork_fds_own(void);
void test_cloexec_exec(void);
void test_stat(void);
void test_statfs(void);
void test_access(void);
void test_modes(void);
void test_truncate(void);
void test_sync(void);
void test_readlink(void);
void test_pipe(void);
void test_exec_tmpfs(void);
void test_exec_perm(void);
void test_concurrent_writes(void);
void test_concurrent_names(void);
void test_concurrent_reads(void);
void test_concurrent_faults(void);
void test_concurrent_fds(void);
#endif
