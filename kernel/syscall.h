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

/* the console: read and write (tty/sys_tty.c) */
long sys_read(long fd, uintptr_t buf, size_t n);
long sys_write(long fd, uintptr_t buf, size_t n);

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
long sys_sched_setaffinity(long pid, size_t len, uintptr_t mask);
long sys_prlimit64(long pid, long resource, uintptr_t unew, uintptr_t uold);
long sys_madvise(uintptr_t addr, size_t len, long advice);
long sys_sched_getaffinity(long pid, size_t len, uintptr_t mask);

/* threads (proc/sys_thread.c, proc/futex.c) */
long sys_clone(unsigned long flags, uintptr_t stack, uintptr_t parent_tid, uintptr_t child_tid,
               uintptr_t tls);
long sys_exit_group(long code);
long sys_gettid(void);
long sys_set_tid_address(uintptr_t tidptr);
long sys_arch_prctl(long code, uintptr_t addr);
long sys_futex(uintptr_t uaddr, long op, long val, uintptr_t timeout, uintptr_t uaddr2, long val3);

/* the console as a terminal (tty/sys_tty.c) */
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
long sys_brk(uintptr_t addr);
long sys_shmget(long key, size_t size, long flags);
long sys_shmat(long id, uintptr_t addr, long flags);
long sys_shmctl(long id, long cmd, uintptr_t buf);
long sys_shmdt(uintptr_t addr);
long sys_page_alloc(uintptr_t addr);

/* time (kernel/clock.c) */
long sys_clock_gettime(long clock, uintptr_t ts);

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

void syscall_init_cpu(void);
#endif
