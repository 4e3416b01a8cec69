/* unistd.h -- libc-style system call functions.
 *
 * Each returns -1 and sets errno on failure, like libc (the raw sys_* in
 * syscall.h return -E... instead). Success values are the kernel's.
 * The wait status macros (WIFEXITED, ...), WNOHANG, the SIG* numbers and
 * struct timespec come from include/weensy/syscalls.h.
 */
#ifndef USER_UNISTD_H
#define USER_UNISTD_H
#include <stddef.h>
#include <stdnoreturn.h>
#include <stdint.h>
#include "errno.h"
#include "syscall.h"
#include "types.h"
#include "include/weensy/fs.h"     /* SEEK_*, R_OK..F_OK, AT_*, O_* */
#include "include/weensy/info.h"

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);

/* ---- files (unistd_fs.c; docs/files.md) ---------------------------------
 * Each returns -1 and sets errno on failure, with Linux's meanings.
 * open, fcntl: fcntl.h; stat, mkdir, chmod, umask: stat.h; statfs:
 * statfs.h; readv/writev: uio.h; directories: dirent.h. */
int close(int fd);
/* pread/pwrite: at offset off, leaving the file offset where it was. */
ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
/* lseek: whence SEEK_SET, SEEK_CUR or SEEK_END; the new offset. */
off_t lseek(int fd, off_t off, int whence);
/* access/faccessat: mode F_OK or R_OK|W_OK|X_OK; faccessat's flags
 * AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int dup(int fd);
int dup2(int fd, int newfd);
/* dup3: like dup2, but flags may be O_CLOEXEC and fd == newfd is EINVAL. */
int dup3(int fd, int newfd, int flags);
/* pipe/pipe2: fds[0] reads what fds[1] writes; pipe2's flags O_CLOEXEC,
 * O_NONBLOCK. */
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int unlink(const char *path);
/* unlinkat: flags AT_REMOVEDIR makes it rmdir. */
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int rename(const char *from, const char *to);
int renameat(int fromdirfd, const char *from, int todirfd, const char *to);
/* getcwd: buf, holding the working directory's absolute path, or NULL
 * (ERANGE: size too small). Unlike glibc it never allocates: buf NULL
 * goes to the kernel as it is. */
char *getcwd(char *buf, size_t size);
int chdir(const char *path);
int fchdir(int fd);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int fsync(int fd);
int fdatasync(int fd);
/* chown/fchown/lchown: weensy has one user: accepted, and the ids stored. */
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
/* readlink/readlinkat: the link's target, not NUL-ended; the bytes put in
 * buf. weensy has no links: EINVAL on anything else, as on Linux. */
ssize_t readlink(const char *path, char *buf, size_t size);
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size);

pid_t getpid(void);
pid_t getppid(void);
int sched_yield(void);
/* fork: the child's pid in the parent, 0 in the child, -1 on failure. */
pid_t fork(void);
noreturn void exit(int status);
/* waitpid: pid -1 waits for any child; options 0 or WNOHANG (returns 0 if
 * no child has exited yet). status may be NULL. ECHILD: no children. */
pid_t waitpid(pid_t pid, int *status, int options);
int kill(pid_t pid, int sig);

/* The environment main's third argument points at (crt0 sets it). */
extern char **environ;
/* execve: run path (/bin/NAME, or a bare NAME) in place of this program;
 * returns only on failure (-1, errno: ENOENT, ENOEXEC, EFAULT, E2BIG,
 * ENAMETOOLONG, EACCES, ENOMEM). execv passes environ as envp. */
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);

/* Process groups (Linux's rules; docs/syscalls.md): pid 0 is the caller,
 * pgid 0 is the target's own pid. */
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);

int nanosleep(const struct timespec *req, struct timespec *rem);
/* sleep_ms: sleep ms milliseconds. Returns 0, or the milliseconds left
 * unslept if the sleep was cut short (all of them if it failed outright). */
unsigned sleep_ms(unsigned ms);

/* reboot: REBOOT_CMD_POWER_OFF, _RESTART or _HALT (include/weensy/syscalls.h)
 * ends the machine after every process is stopped and the kernel's page
 * check; only the first process may (EPERM). Does not return on success. */
int reboot(long cmd);

/* ioctl on the console (fds 0-2): the requests in include/weensy/termios.h. */
int ioctl(int fd, unsigned long request, void *arg);

/* weensy's own information calls (include/weensy/info.h): each fills up to
 * n records and returns how many exist (-1 and errno on failure). */
long procs(struct weensy_procinfo *buf, size_t n);
int meminfo(struct weensy_meminfo *info);
long programs(struct weensy_program *buf, size_t n);
/* viewer: show the memory viewer until the user presses 'v'. */
int viewer(int how);

/* weensy's own calls, mostly for tests. */
/* page_alloc: map a fresh zeroed, writable page at addr (page-aligned). */
int page_alloc(void *addr);
/* test_exit: end the test run with a verdict: pass 1 = pass, 0 = fail. */
noreturn void test_exit(int pass);
/* page_count: the number of free physical pages. */
long page_count(void);
/* mm_check: ask the kernel to cross-check its memory bookkeeping. */
int mm_check(void);
/* virt_to_phys: the physical address behind va in this process. */
long virt_to_phys(const void *va);
/* page_refs: the reference count of the frame behind va. */
long page_refs(const void *va);
#endif
