/* calls.c -- what the fuzzer calls: every entry of the one system-call list
 * (include/weensy/syscalls.h), each with its argument count, plus numbers
 * that are not calls. A call this file knows gets argument kinds that fit
 * it and a weight; one added to the list later is fuzzed all the same, with
 * arguments of any kind and the default weight. */
#include "fuzz.h"

#define W_DEFAULT 10
#define W_TOUCH 6

struct call_info fuzz_calls[FUZZ_MAXCALLS];
int fuzz_ncalls, fuzz_nreal;
static int total_weight;

/* The known calls: kinds for their arguments, and how often to make them.
 * Calls that end or stall their caller (exit, exit_group, execve, read,
 * nanosleep, wait4, viewer) or cost a lot (mm_check, mem_dump) are made
 * less often. */
#define K(num, w, ...) { .nr = (num), .weight = (w), .kind = { __VA_ARGS__ } }
static const struct call_info known[] = {
    K(SYS_read, 6, A_FD, A_BUF, A_LEN),
    K(SYS_write, 8, A_FD, A_BUF, A_LEN),
    K(SYS_mmap, 16, A_ADDR, A_LEN, A_PROT, A_MAPFLAGS, A_MMAPFD, A_OFF),
    K(SYS_mprotect, 12, A_ADDR, A_LEN, A_PROT),
    K(SYS_munmap, 12, A_ADDR, A_LEN),
    K(SYS_mremap, 8, A_ADDR, A_LEN, A_LEN, A_MREMAPFLAGS, A_ADDR),
    K(SYS_brk, 6, A_ADDR),
    K(SYS_ioctl, 8, A_FD, A_IOCTL, A_BUF),
    K(SYS_shmget, 10, A_KEY, A_LEN, A_IPCFLAGS),
    K(SYS_shmat, 10, A_SHMID, A_ADDR, A_IPCFLAGS),
    K(SYS_shmctl, 6, A_SHMID, A_SHMCMD, A_BUF),
    K(SYS_shmdt, 8, A_ADDR),
    K(SYS_nanosleep, 3, A_TS, A_BUF),
    K(SYS_fork, 5),
    K(SYS_execve, 5, A_PATH, A_VEC, A_VEC),
    K(SYS_exit, 1, A_NUM),
    K(SYS_wait4, 6, A_PID, A_BUF, A_WAITOPT, A_BUF),
    K(SYS_kill, 5, A_PID, A_SIG),
    K(SYS_setpgid, 6, A_PID, A_PID),
    K(SYS_getpgid, 4, A_PID),
    K(SYS_setsid, 2),
    K(SYS_getsid, 3, A_PID),
    K(SYS_personality, 3, A_NUM),
    K(SYS_sendfile, 6, A_FD, A_FD, A_BUF, A_LEN),
    K(SYS_reboot, 2, A_NUM, A_NUM, A_NUM, A_BUF),
    K(SYS_sched_setaffinity, 6, A_PID, A_LEN, A_BUF),
    K(SYS_sched_getaffinity, 6, A_PID, A_LEN, A_BUF),
    K(SYS_clock_gettime, 6, A_CLOCK, A_BUF),
    K(SYS_page_alloc, 10, A_ADDR),
    K(SYS_test_exit, 2, A_NUM),
    K(SYS_mm_check, 1),
    K(SYS_virt_to_phys, 5, A_BUF),
    K(SYS_page_refs, 5, A_BUF),
    K(SYS_mem_dump, 1),
    K(SYS_procs, 6, A_BUF, A_NUM, A_RECSIZE),
    K(SYS_meminfo, 6, A_BUF, A_RECSIZE),
    K(SYS_programs, 6, A_BUF, A_NUM, A_RECSIZE),
    K(SYS_viewer, 1, A_HOW),
    K(SYS_clone, 5, A_CLONEFLAGS, A_ADDR, A_BUF, A_BUF, A_ADDR),
    K(SYS_futex, 10, A_BUF, A_FUTEXOP, A_NUM, A_TS, A_BUF, A_NUM),
    K(SYS_exit_group, 1, A_NUM),
    K(SYS_set_tid_address, 4, A_BUF),
    K(SYS_arch_prctl, 6, A_ARCHCODE, A_BUF),
    K(SYS_madvise, 8, A_ADDR, A_LEN, A_NUM),
    K(SYS_prlimit64, 4, A_PID, A_NUM, A_BUF, A_BUF),
    K(SYS_getrandom, 6, A_BUF, A_LEN, A_NUM),
    K(SYS_poll, 4, A_BUF, A_NUM, A_NUM),
    K(SYS_ppoll, 4, A_BUF, A_NUM, A_TS, A_BUF, A_NUM),
    K(SYS_uname, 4, A_BUF),
    K(SYS_syslog, 3, A_NUM, A_BUF, A_LEN),
    K(SYS_clock_nanosleep, 3, A_CLOCK, A_NUM, A_TS, A_BUF),
    /* signals: rt_sigaction's new action is made harmless (guard_sig.c) */
    K(SYS_rt_sigaction, 6, A_SIG, A_BUF, A_BUF, A_SIGSETSIZE),
    K(SYS_rt_sigprocmask, 6, A_HOW, A_BUF, A_BUF, A_SIGSETSIZE),
    K(SYS_rt_sigpending, 3, A_BUF, A_SIGSETSIZE),
    K(SYS_rt_sigreturn, 1),
    K(SYS_rt_sigsuspend, 1, A_BUF, A_SIGSETSIZE),
    K(SYS_pause, 1),
    K(SYS_sigaltstack, 3, A_BUF, A_BUF),
    K(SYS_tkill, 3, A_PID, A_SIG),
    K(SYS_tgkill, 3, A_PID, A_PID, A_SIG),
    K(SYS_alarm, 2, A_NUM),
    K(SYS_setitimer, 3, A_NUM, A_BUF, A_BUF),
    K(SYS_getitimer, 3, A_NUM, A_BUF),
    /* the file calls: the ones that make, open and use files most */
    K(SYS_open, 8, A_FPATH, A_OFLAGS, A_MODE),
    K(SYS_openat, 8, A_DIRFD, A_FPATH, A_OFLAGS, A_MODE),
    K(SYS_creat, 3, A_FPATH, A_MODE),
    K(SYS_close, 6, A_FD),
    K(SYS_pread64, 5, A_FD, A_BUF, A_LEN, A_FOFF),
    K(SYS_pwrite64, 5, A_FD, A_BUF, A_LEN, A_FOFF),
    K(SYS_readv, 4, A_FD, A_IOV, A_IOVCNT),
    K(SYS_writev, 4, A_FD, A_IOV, A_IOVCNT),
    K(SYS_lseek, 5, A_FD, A_FOFF, A_WHENCE),
    K(SYS_stat, 3, A_FPATH, A_BUF),
    K(SYS_lstat, 2, A_FPATH, A_BUF),
    K(SYS_fstat, 3, A_FD, A_BUF),
    K(SYS_newfstatat, 3, A_DIRFD, A_FPATH, A_BUF, A_ATFLAGS),
    K(SYS_access, 2, A_FPATH, A_AMODE),
    K(SYS_faccessat, 2, A_DIRFD, A_FPATH, A_AMODE),
    K(SYS_faccessat2, 2, A_DIRFD, A_FPATH, A_AMODE, A_ATFLAGS),
    K(SYS_pipe, 3, A_BUF),
    K(SYS_pipe2, 3, A_BUF, A_FDFLAGS),
    K(SYS_dup, 4, A_FD),
    K(SYS_dup2, 4, A_FD, A_FD),
    K(SYS_dup3, 3, A_FD, A_FD, A_FDFLAGS),
    K(SYS_fcntl, 5, A_FD, A_FCNTL, A_FCNTLARG),
    K(SYS_msync, 3, A_ADDR, A_LEN, A_MSFLAGS),
    K(SYS_fsync, 2, A_FD),
    K(SYS_fdatasync, 1, A_FD),
    K(SYS_truncate, 3, A_FPATH, A_FOFF),
    K(SYS_ftruncate, 4, A_FD, A_FOFF),
    K(SYS_getdents64, 5, A_FD, A_BUF, A_DLEN),
    K(SYS_getcwd, 2, A_BUF, A_LEN),
    K(SYS_chdir, 2, A_FPATH),
    K(SYS_fchdir, 2, A_FD),
    K(SYS_mkdir, 5, A_FPATH, A_MODE),
    K(SYS_mkdirat, 3, A_DIRFD, A_FPATH, A_MODE),
    K(SYS_rmdir, 4, A_FPATH),
    K(SYS_unlink, 5, A_FPATH),
    K(SYS_unlinkat, 4, A_DIRFD, A_FPATH, A_ATFLAGS),
    K(SYS_rename, 5, A_FPATH, A_FPATH),
    K(SYS_renameat, 3, A_DIRFD, A_FPATH, A_DIRFD, A_FPATH),
    K(SYS_renameat2, 3, A_DIRFD, A_FPATH, A_DIRFD, A_FPATH, A_RENFLAGS),
    K(SYS_readlink, 2, A_FPATH, A_BUF, A_LEN),
    K(SYS_readlinkat, 1, A_DIRFD, A_FPATH, A_BUF, A_LEN),
    K(SYS_chmod, 2, A_FPATH, A_MODE),
    K(SYS_fchmod, 2, A_FD, A_MODE),
    K(SYS_fchmodat, 1, A_DIRFD, A_FPATH, A_MODE),
    K(SYS_chown, 1, A_FPATH, A_UID, A_UID),
    K(SYS_fchown, 1, A_FD, A_UID, A_UID),
    K(SYS_lchown, 1, A_FPATH, A_UID, A_UID),
    K(SYS_umask, 1, A_UMASK),
    K(SYS_statfs, 2, A_FPATH, A_BUF),
    K(SYS_fstatfs, 2, A_FD, A_BUF),
};

/* The errors docs/syscalls.md gives each call: any other is a finding
 * (an internal error leaking out, or the documentation out of date). The
 * memory windows' EPERM is for kernels without debugcalls.
 *
 * The file calls' are Linux's (man 2 of each call), less the ones that
 * need what weensy does not have: symbolic links (ELOOP), quotas
 * (EDQUOT), leases and locks, O_TMPFILE (EOPNOTSUPP), file sizes past
 * O_LARGEFILE's (open's EFBIG and EOVERFLOW). ENOMEM is allowed for every
 * call that takes a path (Linux's copy of a path can run out of memory
 * too, and under failalloc weensy's does) and for getdents64, whose
 * records weensy gathers in a kernel buffer. */
#define E(e) ((errset)1 << (e))
#define E_PATH (E(EFAULT) | E(ENAMETOOLONG) | E(ENOENT) | E(ENOTDIR) | E(EACCES) | E(ENOMEM))
#define E_AT (E_PATH | E(EBADF))   /* the *at forms: dirfd */
#define E_READ (E(EBADF) | E(EFAULT) | E(EINTR) | E(EISDIR) | E(EINVAL) | E(EAGAIN) | E(ENOMEM) | E(EIO))
#define E_WRITE (E(EBADF) | E(EFAULT) | E(EINTR) | E(EISDIR) | E(EINVAL) | E(EAGAIN) | E(EPIPE) | \
                 E(EFBIG) | E(ENOSPC) | E(ENOMEM) | E(EIO) | E(EPERM))
#define E_OPEN (E_AT | E(EEXIST) | E(EINTR) | E(EINVAL) | E(EISDIR) | E(EMFILE) | E(ENFILE) | \
                E(ENODEV) | E(ENOSPC) | E(ENXIO) | E(EPERM) | E(EROFS) | E(ETXTBSY))
#define E_STAT (E_AT | E(EINVAL) | E(EOVERFLOW))
#define E_ACCESS (E_AT | E(EINVAL) | E(EIO) | E(EPERM) | E(EROFS) | E(ETXTBSY))
#define E_MKDIR (E_AT | E(EEXIST) | E(EMLINK) | E(ENOSPC) | E(EPERM) | E(EROFS))
#define E_RMDIR (E_AT | E(EBUSY) | E(EINVAL) | E(ENOTEMPTY) | E(EEXIST) | E(EPERM) | E(EROFS))
#define E_UNLINK (E_AT | E(EBUSY) | E(EIO) | E(EISDIR) | E(EPERM) | E(EROFS))
#define E_RENAME (E_AT | E(EBUSY) | E(EINVAL) | E(EISDIR) | E(EMLINK) | E(ENOSPC) | \
                  E(ENOTEMPTY) | E(EEXIST) | E(EPERM) | E(EROFS) | E(EXDEV))
#define E_CHMOD (E_AT | E(EIO) | E(EPERM) | E(EROFS) | E(EINVAL))
/* ENOMEM: a descriptor past the table's room grows it (fs/fdtable.h), which
 * may find no memory, as Linux's expand_files may. */
#define E_DUP (E(EBADF) | E(EBUSY) | E(EINTR) | E(EMFILE) | E(ENOMEM))
static const struct { long nr; errset errs; } documented[] = {
    { SYS_read, E_READ },
    { SYS_write, E_WRITE },
    { SYS_mmap, E(EINVAL) | E(EBADF) | E(ENOMEM) | E(EACCES) | E(ENODEV) | E(EOVERFLOW) },
    { SYS_mprotect, E(EINVAL) | E(ENOMEM) | E(EACCES) },
    { SYS_munmap, E(EINVAL) | E(ENOMEM) },
    { SYS_mremap, E(EINVAL) | E(EFAULT) | E(ENOMEM) | E(EAGAIN) },
    { SYS_brk, 0 },
    { SYS_ioctl, E(EBADF) | E(EFAULT) | E(EINVAL) | E(ESRCH) | E(ENOTTY) },
    { SYS_sched_yield, 0 },
    { SYS_shmget, E(ENOENT) | E(EEXIST) | E(EINVAL) | E(ENOSPC) },
    { SYS_shmat, E(EINVAL) | E(ENOMEM) },
    { SYS_shmctl, E(EINVAL) },
    { SYS_nanosleep, E(EFAULT) | E(EINVAL) | E(EINTR) },
    { SYS_getpid, 0 },
    { SYS_fork, E(EAGAIN) | E(ENOMEM) },
    { SYS_execve, E(ENOENT) | E(ENOTDIR) | E(EACCES) | E(ENAMETOOLONG) | E(ENOEXEC) | E(EFAULT) |
                  E(E2BIG) | E(ENOMEM) | E(ELOOP) },
    { SYS_wait4, E(EINVAL) | E(ECHILD) | E(EFAULT) | E(EINTR) | E(ESRCH) },
    { SYS_kill, E(EINVAL) | E(ESRCH) | E(EPERM) },
    { SYS_shmdt, E(EINVAL) },
    { SYS_setpgid, E(EINVAL) | E(ESRCH) | E(EACCES) | E(EPERM) },
    { SYS_getppid, 0 },
    { SYS_getpgrp, 0 },
    { SYS_getpgid, E(ESRCH) },
    { SYS_setsid, E(EPERM) },
    { SYS_getsid, E(ESRCH) },
    { SYS_personality, 0 },
    { SYS_sendfile, E(EBADF) | E(EINVAL) | E(EFAULT) | E(ENOMEM) | E(EPIPE) | E(EAGAIN) | E(EINTR) | E(ENOSPC) |
                    E(EFBIG) | E(EISDIR) | E(EIO) },
    { SYS_reboot, E(EINVAL) | E(EPERM) },
    { SYS_sched_setaffinity, E(EFAULT) | E(ESRCH) | E(EINVAL) },
    { SYS_sched_getaffinity, E(EINVAL) | E(ESRCH) | E(EFAULT) },
    { SYS_clock_gettime, E(EINVAL) | E(EFAULT) },
    { SYS_page_alloc, E(EINVAL) | E(ENOMEM) },
    { SYS_test_exit, E(EPERM) },
    { SYS_page_count, E(EPERM) },
    { SYS_mm_check, E(EPERM) | E(EINTR) },
    { SYS_virt_to_phys, E(EFAULT) | E(EPERM) },
    { SYS_page_refs, E(EFAULT) | E(EPERM) },
    { SYS_mem_dump, E(EPERM) | E(EINTR) },
    { SYS_procs, E(EINVAL) | E(EFAULT) },
    { SYS_meminfo, E(EINVAL) | E(EFAULT) },
    { SYS_programs, E(EINVAL) | E(EFAULT) },
    { SYS_viewer, E(EINVAL) | E(EPERM) | E(ENODEV) | E(EBUSY) | E(EINTR) },
    { SYS_clone, E(EINVAL) | E(EPERM) | E(EAGAIN) | E(ENOMEM) },
    { SYS_futex, E(EAGAIN) | E(ETIMEDOUT) | E(EFAULT) | E(EINVAL) | E(ENOSYS) | E(EINTR) | E(ENOMEM) },
    { SYS_gettid, 0 },
    { SYS_set_tid_address, 0 },
    { SYS_arch_prctl, E(EINVAL) | E(EPERM) | E(EFAULT) },
    { SYS_madvise, E(EINVAL) | E(ENOMEM) },
    { SYS_prlimit64, E(EINVAL) | E(ESRCH) | E(EFAULT) },
    { SYS_uname, E(EFAULT) },
    { SYS_syslog, E(EINVAL) | E(EFAULT) },
    { SYS_time, E(EFAULT) },
    { SYS_clock_nanosleep, E(EFAULT) | E(EINTR) | E(EINVAL) },
    { SYS_poll, E(EFAULT) | E(EINTR) | E(EINVAL) | E(ENOMEM) },
    { SYS_ppoll, E(EFAULT) | E(EINTR) | E(EINVAL) | E(ENOMEM) },
    { SYS_gettimeofday, E(EFAULT) },
    { SYS_getrandom, E(EINVAL) | E(EFAULT) | E(EAGAIN) | E(EINTR) },
    { SYS_getuid, 0 },
    { SYS_geteuid, 0 },
    { SYS_getgid, 0 },
    { SYS_getegid, 0 },
    { SYS_setuid, E(EINVAL) | E(EPERM) | E(EAGAIN) },
    { SYS_setgid, E(EINVAL) | E(EPERM) },
    { SYS_prctl, E(EINVAL) | E(EFAULT) | E(EPERM) | E(EACCES) | E(EBUSY) },
    { SYS_set_robust_list, E(EINVAL) },
    { SYS_rseq, E(ENOSYS) | E(EINVAL) | E(EFAULT) | E(EBUSY) | E(EPERM) },
    /* signals (ENOMEM: rt_sigaction makes a process's table of actions
     * when it first sets one) */
    { SYS_rt_sigaction, E(EINVAL) | E(EFAULT) | E(ENOMEM) },
    { SYS_rt_sigprocmask, E(EINVAL) | E(EFAULT) },
    { SYS_rt_sigpending, E(EINVAL) | E(EFAULT) },
    { SYS_rt_sigreturn, 0 },
    { SYS_rt_sigsuspend, E(EINVAL) | E(EFAULT) | E(EINTR) },
    { SYS_pause, E(EINTR) },
    { SYS_sigaltstack, E(EINVAL) | E(EFAULT) | E(ENOMEM) | E(EPERM) },
    { SYS_tkill, E(EINVAL) | E(ESRCH) | E(EPERM) },
    { SYS_tgkill, E(EINVAL) | E(ESRCH) | E(EPERM) },
    { SYS_alarm, 0 },
    { SYS_setitimer, E(EINVAL) | E(EFAULT) },
    { SYS_getitimer, E(EINVAL) | E(EFAULT) },
    /* the file calls */
    { SYS_open, E_OPEN & ~E(EBADF) },
    { SYS_openat, E_OPEN },
    { SYS_creat, E_OPEN & ~E(EBADF) },
    { SYS_close, E(EBADF) | E(EINTR) | E(EIO) },
    { SYS_pread64, E_READ | E(ESPIPE) | E(ENXIO) | E(EOVERFLOW) },
    { SYS_pwrite64, E_WRITE | E(ESPIPE) | E(ENXIO) },
    { SYS_readv, E_READ },
    { SYS_writev, E_WRITE },
    { SYS_lseek, E(EBADF) | E(EINVAL) | E(ENXIO) | E(EOVERFLOW) | E(ESPIPE) },
    { SYS_stat, E_STAT & ~E(EBADF) },
    { SYS_lstat, E_STAT & ~E(EBADF) },
    { SYS_fstat, E(EBADF) | E(EFAULT) | E(ENOMEM) | E(EOVERFLOW) },
    { SYS_newfstatat, E_STAT },
    { SYS_access, E_ACCESS & ~E(EBADF) },
    { SYS_faccessat, E_ACCESS },
    { SYS_faccessat2, E_ACCESS },
    { SYS_pipe, E(EFAULT) | E(EMFILE) | E(ENFILE) | E(ENOMEM) },
    { SYS_pipe2, E(EFAULT) | E(EINVAL) | E(EMFILE) | E(ENFILE) | E(ENOMEM) },
    { SYS_dup, E_DUP },
    { SYS_dup2, E_DUP },
    { SYS_dup3, E_DUP | E(EINVAL) },
    { SYS_fcntl, E(EBADF) | E(EINVAL) | E(EMFILE) | E(EINTR) | E(EFAULT) | E(EPERM) | E(ENOMEM) },
    { SYS_msync, E(EBUSY) | E(EINVAL) | E(ENOMEM) },
    { SYS_fsync, E(EBADF) | E(EINTR) | E(EIO) | E(ENOSPC) | E(EROFS) | E(EINVAL) },
    { SYS_fdatasync, E(EBADF) | E(EINTR) | E(EIO) | E(ENOSPC) | E(EROFS) | E(EINVAL) },
    { SYS_truncate, (E_PATH | E(EFBIG) | E(EINTR) | E(EINVAL) | E(EIO) | E(EISDIR) | E(EPERM) |
                     E(EROFS) | E(ETXTBSY)) },
    { SYS_ftruncate, E(EBADF) | E(EINVAL) | E(EFBIG) | E(EINTR) | E(EIO) | E(EPERM) | E(ETXTBSY) },
    { SYS_getdents64, E(EBADF) | E(EFAULT) | E(EINVAL) | E(ENOENT) | E(ENOTDIR) | E(ENOMEM) },
    { SYS_getcwd, E(EACCES) | E(EFAULT) | E(EINVAL) | E(ENAMETOOLONG) | E(ENOENT) | E(ENOMEM) |
                  E(ERANGE) },
    { SYS_chdir, E_PATH | E(EIO) },
    { SYS_fchdir, E(EACCES) | E(EBADF) | E(ENOTDIR) },
    { SYS_mkdir, E_MKDIR & ~E(EBADF) },
    { SYS_mkdirat, E_MKDIR },
    { SYS_rmdir, E_RMDIR & ~E(EBADF) },
    { SYS_unlink, E_UNLINK & ~E(EBADF) },
    { SYS_unlinkat, E_UNLINK | E_RMDIR },
    { SYS_rename, E_RENAME & ~E(EBADF) },
    { SYS_renameat, E_RENAME },
    { SYS_renameat2, E_RENAME },
    { SYS_readlink, (E_PATH | E(EINVAL) | E(EIO)) },
    { SYS_readlinkat, E_AT | E(EINVAL) | E(EIO) },
    { SYS_chmod, E_CHMOD & ~E(EBADF) },
    { SYS_fchmod, E(EBADF) | E(EIO) | E(EPERM) | E(EROFS) },
    { SYS_fchmodat, E_CHMOD },
    { SYS_chown, E_CHMOD & ~E(EBADF) },
    { SYS_fchown, E(EBADF) | E(EIO) | E(EPERM) | E(EROFS) | E(EINVAL) },
    { SYS_lchown, E_CHMOD & ~E(EBADF) },
    { SYS_umask, 0 },
    { SYS_statfs, E_PATH | E(EINTR) | E(EIO) | E(EOVERFLOW) },
    { SYS_fstatfs, E(EBADF) | E(EFAULT) | E(EINTR) | E(EIO) | E(ENOMEM) | E(EOVERFLOW) },
};

/* Numbers no call has: Linux calls weensy lacks, gaps, weensy's range
 * past its last call, and numbers whose low 32 bits name a real call (a
 * dispatcher that looked only at eax would run it). Each must be ENOSYS. */
static const long not_calls[] = {
    139, 23, 41, 58, 100, 155, 232, 335, 435, 512, 999, 1099, 4096, -1, -39,
    (1L << 32) | SYS_getpid, (1L << 32) | SYS_exit, (long)0x8000000000000000UL | SYS_fork,
    (1L << 32) | SYS_unlink,
    0x7fffffff,
};

static const struct call_info *known_info(long nr)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].nr == nr)
            return &known[i];
    return NULL;
}

static void calls_add(long nr, const char *name, int nargs)
{
    if (fuzz_ncalls == FUZZ_MAXCALLS) {
        printf("fuzz: more than %d calls: raise FUZZ_MAXCALLS in calls.c\n", FUZZ_MAXCALLS);
        exit(2);
    }
    struct call_info *c = &fuzz_calls[fuzz_ncalls++];
    const struct call_info *k = known_info(nr);
    *c = (struct call_info){ .nr = nr, .name = name, .nargs = nargs, .weight = W_DEFAULT };
    if (k) {
        c->weight = k->weight;
        for (int i = 0; i < 6; i++)
            c->kind[i] = k->kind[i];
    }
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        if (documented[i].nr == nr) {
            c->checked = true;
            c->errs = documented[i].errs;
        }
    total_weight += c->weight;
}

bool calls_error_allowed(const struct call_info *c, long ret)
{
    if (ret >= 0 || ret < -4095 || !c->checked)
        return true;
    return -ret < 128 && ((c->errs >> -ret) & 1);
}

void calls_init(void)
{
#define CALL_ADD(num, name, nargs) calls_add(num, #name, nargs);
    WEENSY_SYSCALLS(CALL_ADD)
#undef CALL_ADD
    calls_add(FUZZ_TOUCH, "(touch)", 2);
    total_weight -= W_DEFAULT - W_TOUCH;
    fuzz_calls[fuzz_ncalls - 1].weight = W_TOUCH;
    fuzz_nreal = fuzz_ncalls;
    /* The numbers that are not calls share one default weight between them. */
    int n = (int)(sizeof not_calls / sizeof not_calls[0]);
    for (int i = 0; i < n; i++) {
        calls_add(not_calls[i], "(no call)", 6);
        total_weight -= fuzz_calls[fuzz_ncalls - 1].weight;
        fuzz_calls[fuzz_ncalls - 1].weight = 1;
        total_weight += 1;
    }
}

int calls_pick(struct rng *r)
{
    int x = (int)rng_below(r, (uint64_t)total_weight);
    for (int i = 0; i < fuzz_ncalls; i++) {
        x -= fuzz_calls[i].weight;
        if (x < 0)
            return i;
    }
    return 0;
}

const char *call_name(long nr, char buf[32])
{
    if (nr == FUZZ_TOUCH)
        return "touch";
    for (int i = 0; i < fuzz_nreal; i++)
        if (fuzz_calls[i].nr == nr)
            return fuzz_calls[i].name;
    snprintf(buf, 32, nr >= 0 && nr < 100000 ? "syscall_%ld" : "syscall_%#lx", nr);
    return buf;
}
