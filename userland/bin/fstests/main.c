/* fstests -- the file system calls from user space, with Linux's
 * semantics and errors: open and its flags, read/write/lseek/pread/readv,
 * directories, names, rename and unlink, descriptors (dup, fcntl, fork,
 * exec), stat and statfs, modes, truncate, pipes, bad pointers, and the
 * limits, and several processes at once (concurrent.c). The runner is
 * the user library's (testrun.h): "fstests" runs every test, "fstests
 * NAME..." the named ones. ft.h says what each test is checked for
 * besides its own checks (descriptors, its directory, free pages).
 */
#include "ft.h"

char ft_dir[64];

/* body_run: in the body's own process: make the test's directory and work
 * in it, run the body, then require the descriptors as they were and the
 * directory empty. */
static void body_run(void (*body)(void))
{
    testrun_test_pid = getpid();        /* failure lines need no pid */
    OK(mkdir(ft_dir, 0755));
    OK(chdir(ft_dir));
    umask(022);
    int fds = ft_count_fds();
    body();
    CHECK_EQ(ft_count_fds(), fds);
    OK(chdir("/"));
    if (rmdir(ft_dir) != 0)
        FAIL("rmdir %s at the end: %s (the test left something in it)", ft_dir,
             ft_errname(errno));
}

/* ft_run: the body in a child; once it is reaped, every page it took must
 * be free again (a zombie's last pages may take a moment on another CPU). */
static void ft_run(void (*body)(void))
{
    snprintf(ft_dir, sizeof ft_dir, "/tmp/ft.%s", testrun_name);
    struct ft_kinds kbefore, kafter;
    long before = ft_free_pages();
    ft_kinds(&kbefore);
    pid_t pid = FORK();
    if (pid == 0) {
        body_run(body);
        exit(0);
    }
    int status = WAIT(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* What a failed test left behind goes, so that the kernel's own
         * check at the end still finds only pages the kernel lost. */
        ft_remove_tree(ft_dir);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
            exit(1);                    /* the body printed why */
        char s[32];
        FAIL("the test's process ended with %s", testrun_status(status, s));
    }
    long after = ft_free_pages();
    for (int i = 0; i < 100 && after != before; i++) {
        testrun_msleep(10);
        after = ft_free_pages();
    }
    if (after != before) {
        ft_kinds(&kafter);
        FAIL("free pages %ld before, %ld after (%+ld); by kind: %s", before, after,
             after - before, ft_kinds_diff(&kbefore, &kafter));
    }
}

#define FT_TESTS(X)                                                              \
    X(open_create, "O_CREAT, O_EXCL, O_TRUNC, creat; the mode and the umask")    \
    X(open_modes, "O_RDONLY, O_WRONLY, O_RDWR: EBADF the wrong way")             \
    X(open_errors, "ENOENT, ENOTDIR, EISDIR, EEXIST, EINVAL, EBADF")             \
    X(openat, "the *at calls from a directory descriptor")                       \
    X(emfile, "FILES_MAX descriptors: EMFILE from open, dup, fcntl, pipe")       \
    X(rofs, "EROFS for every change to the initrd")                              \
    X(rw, "read and write: sizes, offsets, end of file, EISDIR")                 \
    X(lseek, "SEEK_SET, SEEK_CUR, SEEK_END; EINVAL, ESPIPE")                     \
    X(holes, "writes past the end leave zeros")                                  \
    X(pread, "pread and pwrite leave the offset")                                \
    X(iov, "readv and writev: pieces, limits, errors")                           \
    X(append, "O_APPEND writes at the end, F_SETFL switches it")                 \
    X(elf, "reading /bin/hello from the initrd")                                 \
    X(console, "/dev/console is a character device")                             \
    X(efault, "EFAULT for every bad pointer of every call")                      \
    X(names, "ENAMETOOLONG: a 256-byte name, a 4096-byte path")                  \
    X(dirs, "mkdir, rmdir: EEXIST, ENOTEMPTY, ENOTDIR, EINVAL, EBUSY")           \
    X(getdents, "getdents64 lists exactly the entries, with d_type")             \
    X(readdir, "opendir, readdir, rewinddir, closedir")                          \
    X(cwd, "getcwd after chdir, .., fchdir; ERANGE")                             \
    X(unlink, "unlink and unlinkat: EISDIR, ENOENT, AT_REMOVEDIR")               \
    X(unlink_open, "an unlinked file lives until its last close")                \
    X(rename, "rename of files: replace, same file, errors, EXDEV")              \
    X(rename_dirs, "rename of directories: into itself, over one, EBUSY")        \
    X(dup, "dup and dup2 share the offset and flags")                            \
    X(dup23, "dup2 and dup3: closing the target, EBADF, EINVAL, O_CLOEXEC")      \
    X(fcntl, "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL")     \
    X(fork_fds, "fork shares open files and their offsets")                      \
    X(fork_fds_own, "after fork each side's descriptors, cwd, umask are its own") \
    X(cloexec_exec, "exec closes O_CLOEXEC descriptors and keeps the rest")      \
    X(exec_tmpfs, "exec of hello copied to tmpfs: bare, ./, absolute, rewritten") \
    X(exec_perm, "exec: EACCES for 0644, directories, devices; ENOEXEC, ENOTDIR") \
    X(stat, "stat, fstat, lstat, fstatat: types, sizes, links")                  \
    X(statfs, "statfs and fstatfs: tmpfs and the initrd")                        \
    X(access, "access and faccessat")                                            \
    X(modes, "chmod, fchmod, fchmodat, chown, fchown, umask")                    \
    X(truncate, "truncate and ftruncate: grow, shrink, errors")                  \
    X(sync, "fsync, fdatasync, msync")                                           \
    X(readlink, "readlink: no links, EINVAL")                                    \
    X(pipe, "pipe and pipe2: data, end of file, EPIPE, flags")                   \
    X(concurrent_writes, "4 processes: O_APPEND, one shared offset, no record torn") \
    X(concurrent_names, "4 processes make, rename, remove names while it is listed") \
    X(concurrent_reads, "3 processes read a file a fourth writes: the bytes written") \
    X(concurrent_faults, "4 processes fault one file's holes in: one page each")  \
    X(concurrent_fds, "4 threads open, dup, dup2, close in one descriptor table")

#define FT_WRAP(name, what) \
    static void run_##name(void) { ft_run(test_##name); }
FT_TESTS(FT_WRAP)

#define FT_CASE(name, what) { #name, run_##name, NULL, 60, what },
static const struct testrun_case tests[] = { FT_TESTS(FT_CASE) };
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

/* warm_up: bring into the kernel's caches, once, the initrd's files and
 * directories the tests use, so that a test's leak check does not count
 * pages the cache keeps for good the first time it reads them. */
static void warm_up(void)
{
    static char buf[4096];
    const char *paths[] = { "/", "/bin", FT_HELLO, FT_FDCHECK, FT_CONSOLE, "/tmp" };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            printf("fstests: warm-up: stat %s: %s\n", paths[i], strerror(errno));
        int fd = open(paths[i], O_RDONLY);
        if (fd < 0)
            continue;
        if (S_ISREG(st.st_mode))
            while (read(fd, buf, sizeof buf) > 0)
                ;
        else if (S_ISDIR(st.st_mode))
            while (getdents64(fd, buf, sizeof buf) > 0)
                ;
        close(fd);
    }
    pid_t pid = fork();
    if (pid == 0) {
        execve(FT_FDCHECK, (char *const[]){ "fdcheck", NULL }, environ);
        exit(100);
    }
    int status;
    if (pid > 0)
        waitpid(pid, &status, 0);
}

int main(int argc, char **argv)
{
    static const struct testrun runner = {
        .prog = "fstests", .tests = tests, .ntests = NTESTS,
        .sweep_grace = 5, .runner_setup = warm_up,
    };
    return testrun_main(&runner, argc, argv);
}
