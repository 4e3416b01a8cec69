/* syscall.h -- the kernel's system call handlers, one per entry of
 * WEENSY_SYSCALLS (include/weensy/syscalls.h). The dispatcher
 * (arch/x86_64/syscall.c) calls sys_NAME with the entry's argument count,
 * so a handler missing here or taking the wrong count fails to compile.
 *
 * Each returns a value >= 0, or a negative errno. User pointers arrive as
 * uintptr_t and are touched only through mm/uaccess.h. docs/syscalls.md is
 * the reference for numbers, arguments and errors.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include <stdint.h>
#include <stddef.h>

/* descriptors and reading and writing (fs/sys_rw.c, fs/sys_fd.c) */
long sys_read(long fd, uintptr_t buf, size_t n);
long sys_write(long fd, uintptr_t buf, size_t n);
long sys_pread64(long fd, uintptr_t buf, size_t n, long off);
long sys_pwrite64(long fd, uintptr_t buf, size_t n, long off);
long sys_readv(long fd, uintptr_t iov, long iovcnt);
long sys_writev(long fd, uintptr_t iov, long iovcnt);
long sys_lseek(long fd, long off, long whence);
long sys_close(long fd);
long sys_dup(long fd);
long sys_dup2(long fd, long newfd);
long sys_dup3(long fd, long newfd, long flags);
long sys_fcntl(long fd, long cmd, long arg);
long sys_pipe(uintptr_t fds);
long sys_pipe2(uintptr_t fds, long flags);
long sys_fsync(long fd);
long sys_fdatasync(long fd);
long sys_ftruncate(long fd, long len);
long sys_fstat(long fd, uintptr_t st);
long sys_fstatfs(long fd, uintptr_t st);
long sys_getdents64(long fd, uintptr_t buf, size_t n);
long sys_fchdir(long fd);
long sys_fchmod(long fd, long mode);
long sys_fchown(long fd, long uid, long gid);

/* paths (fs/sys_open.c, fs/sys_path.c, fs/sys_stat.c) */
long sys_open(uintptr_t path, long flags, long mode);
long sys_openat(long dirfd, uintptr_t path, long flags, long mode);
long sys_creat(uintptr_t path, long mode);
long sys_stat(uintptr_t path, uintptr_t st);
long sys_lstat(uintptr_t path, uintptr_t st);
long sys_newfstatat(long dirfd, uintptr_t path, uintptr_t st, long flags);
long sys_access(uintptr_t path, long mode);
long sys_faccessat(long dirfd, uintptr_t path, long mode);
long sys_faccessat2(long dirfd, uintptr_t path, long mode, long flags);
long sys_statfs(uintptr_t path, uintptr_t st);
long sys_readlink(uintptr_t path, uintptr_t buf, size_t n);
long sys_readlinkat(long dirfd, uintptr_t path, uintptr_t buf, size_t n);
long sys_truncate(uintptr_t path, long len);
long sys_getcwd(uintptr_t buf, size_t n);
long sys_chdir(uintptr_t path);
long sys_mkdir(uintptr_t path, long mode);
long sys_mkdirat(long dirfd, uintptr_t path, long mode);
long sys_rmdir(uintptr_t path);
long sys_unlink(uintptr_t path);
long sys_unlinkat(long dirfd, uintptr_t path, long flags);
long sys_rename(uintptr_t from, uintptr_t to);
long sys_renameat(long fromfd, uintptr_t from, long tofd, uintptr_t to);
long sys_renameat2(long fromfd, uintptr_t from, long tofd, uintptr_t to, long flags);
long sys_chmod(uintptr_t path, long mode);
long sys_fchmodat(long dirfd, uintptr_t path, long mode);
long sys_chown(uintptr_t path, long uid, long gid);
long sys_lchown(uintptr_t path, long uid, long gid);
long sys_umask(long mask);

/* processes (proc/sys_proc.c, proc/fork.c, proc/exit.c) */
long sys_sched_yield(void);
long sys_nanosleep(uintptr_t req, uintptr_t rem);
long sys_getpid(void);
long sys_getppid(void);
long sys_fork(void);
long sys_exit(long code);
long sys_wait4(long pid, uintptr_t status, long options, uintptr_t rusage);
long sys_kill(long pid, long sig);
long sys_execve(uintptr_t path, uintptr_t argv, uintptr_t envp);
long sys_setpgid(long pid, long pgid);
long sys_getpgid(long pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(long pid);
long sys_personality(long persona);
long sys_sendfile(long out_fd, long in_fd, uintptr_t offset, size_t count);
long sys_sched_setaffinity(long pid, size_t len, uintptr_t mask);
long sys_prlimit64(long pid, long resource, uintptr_t unew, uintptr_t uold);
long sys_madvise(uintptr_t addr, size_t len, long advice);
long sys_msync(uintptr_t addr, size_t len, long flags);
long sys_sched_getaffinity(long pid, size_t len, uintptr_t mask);

/* signals (proc/signal.c, sig_state.c, sig_return.c, sig_timer.c) */
long sys_rt_sigaction(long sig, uintptr_t act, uintptr_t oact, long sigsetsize);
long sys_rt_sigprocmask(long how, uintptr_t set, uintptr_t oset, long sigsetsize);
long sys_rt_sigreturn(void);
long sys_rt_sigpending(uintptr_t set, long sigsetsize);
long sys_rt_sigsuspend(uintptr_t mask, long sigsetsize);
long sys_sigaltstack(uintptr_t ss, uintptr_t oss);
long sys_pause(void);
long sys_tkill(long tid, long sig);
long sys_tgkill(long tgid, long tid, long sig);
long sys_getitimer(long which, uintptr_t cur);
long sys_setitimer(long which, uintptr_t val, uintptr_t old);
long sys_alarm(long seconds);

/* threads (proc/sys_thread.c, proc/futex.c) */
long sys_clone(unsigned long flags, uintptr_t stack, uintptr_t parent_tid, uintptr_t child_tid,
               uintptr_t tls);
long sys_exit_group(long code);
long sys_gettid(void);
long sys_set_tid_address(uintptr_t tidptr);
long sys_arch_prctl(long code, uintptr_t addr);
long sys_futex(uintptr_t uaddr, long op, long val, uintptr_t timeout, uintptr_t uaddr2, long val3);

/* ioctl, handed to the file's ops (fs/sys_rw.c; the console's in tty/sys_tty.c) */
long sys_ioctl(long fd, long request, uintptr_t arg);

/* information for ps, mem and ls (inspect/sys_info.c) and the viewer
 * (inspect/sys_viewer.c) */
long sys_procs(uintptr_t buf, size_t n, size_t recsize);
long sys_meminfo(uintptr_t buf, size_t size);
long sys_programs(uintptr_t buf, size_t n, size_t recsize);
long sys_viewer(long how);

/* address spaces (mm/mmap.c, mm/shm.c) */
long sys_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd, long off);
long sys_mprotect(uintptr_t addr, size_t len, long prot);
long sys_munmap(uintptr_t addr, size_t len);
long sys_mremap(uintptr_t old, size_t old_size, size_t new_size, long flags, uintptr_t new_addr);
long sys_brk(uintptr_t addr);
long sys_shmget(long key, size_t size, long flags);
long sys_shmat(long id, uintptr_t addr, long flags);
long sys_shmctl(long id, long cmd, uintptr_t buf);
long sys_shmdt(uintptr_t addr);
long sys_page_alloc(uintptr_t addr);

/* time (kernel/clock.c) */
long sys_clock_gettime(long clock, uintptr_t ts);
long sys_time(uintptr_t tloc);
long sys_clock_nanosleep(long clock, long flags, uintptr_t ureq, uintptr_t urem);   /* proc/sys_proc.c */
long sys_gettimeofday(uintptr_t tv, uintptr_t tz);

/* ending the machine: only the first process (proc/shutdown.c) */
long sys_reboot(long magic1, long magic2, long cmd, uintptr_t arg);
long sys_test_exit(long pass);

/* weensy's debugging calls, only where the command line enables them
 * (inspect/sys_debug.c) */
long sys_page_count(void);
long sys_mm_check(void);
long sys_virt_to_phys(uintptr_t va);
long sys_page_refs(uintptr_t va);
long sys_mem_dump(void);

/* waiting on several files (fs/poll.c) */
long sys_poll(uintptr_t ufds, unsigned long n, long timeout_ms);
long sys_ppoll(uintptr_t ufds, unsigned long n, uintptr_t uts, uintptr_t sigmask, size_t sigsetsize);

/* what programs ask at start-up (kernel/sys_uname.c, proc/sys_cred.c) */
long sys_uname(uintptr_t ubuf);
long sys_getrandom(uintptr_t ubuf, size_t n, long flags);

/* the kernel log kept in memory (kernel/sys_syslog.c, kernel/kmsg.h) */
long sys_syslog(long type, uintptr_t ubuf, long len);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setuid(long uid);
long sys_setgid(long gid);
long sys_prctl(long option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
long sys_set_robust_list(uintptr_t head, size_t len);
long sys_rseq(uintptr_t rseq, long len, long flags, long sig);

void syscall_init_cpu(void);
#endif
