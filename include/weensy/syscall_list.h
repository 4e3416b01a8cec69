/* syscall_list.h -- the one list of system calls, alone: the kernel
 * builds its dispatch table from it and the user library its wrappers, so
 * the two can never disagree. Calls Linux has keep Linux's x86-64 numbers
 * and meanings; weensy's own are numbered from 1000. syscalls.h adds the
 * numbers as SYS_NAME and the constants of the ABI; this file has nothing
 * else, so that a program built with another C library (musl-bench,
 * userland/bin/bench/bench_musl.h) can take the list without clashing with
 * that library's own definitions.
 *
 * SYSCALL(number, name, argument count)
 */
#ifndef WEENSY_SYSCALL_LIST_H
#define WEENSY_SYSCALL_LIST_H

#define WEENSY_SYSCALLS(SYSCALL)          \
    SYSCALL(0,    read,       3)          \
    SYSCALL(1,    write,      3)          \
    SYSCALL(2,    open,       3)          \
    SYSCALL(3,    close,      1)          \
    SYSCALL(4,    stat,       2)          \
    SYSCALL(5,    fstat,      2)          \
    SYSCALL(6,    lstat,      2)          \
    SYSCALL(7,    poll,       3)          \
    SYSCALL(8,    lseek,      3)          \
    SYSCALL(9,    mmap,       6)          \
    SYSCALL(10,   mprotect,   3)          \
    SYSCALL(11,   munmap,     2)          \
    SYSCALL(12,   brk,        1)          \
    SYSCALL(13,   rt_sigaction, 4)        \
    SYSCALL(14,   rt_sigprocmask, 4)      \
    SYSCALL(15,   rt_sigreturn, 0)        \
    SYSCALL(16,   ioctl,      3)          \
    SYSCALL(17,   pread64,    4)          \
    SYSCALL(18,   pwrite64,   4)          \
    SYSCALL(19,   readv,      3)          \
    SYSCALL(20,   writev,     3)          \
    SYSCALL(21,   access,     2)          \
    SYSCALL(22,   pipe,       1)          \
    SYSCALL(24,   sched_yield, 0)         \
    SYSCALL(25,   mremap,     5)          \
    SYSCALL(26,   msync,      3)          \
    SYSCALL(28,   madvise,    3)          \
    SYSCALL(29,   shmget,     3)          \
    SYSCALL(30,   shmat,      3)          \
    SYSCALL(31,   shmctl,     3)          \
    SYSCALL(32,   dup,        1)          \
    SYSCALL(33,   dup2,       2)          \
    SYSCALL(34,   pause,      0)          \
    SYSCALL(35,   nanosleep,  2)          \
    SYSCALL(36,   getitimer,  2)          \
    SYSCALL(37,   alarm,      1)          \
    SYSCALL(38,   setitimer,  3)          \
    SYSCALL(39,   getpid,     0)          \
    SYSCALL(40,   sendfile,   4)          \
    SYSCALL(56,   clone,      5)          \
    SYSCALL(57,   fork,       0)          \
    SYSCALL(59,   execve,     3)          \
    SYSCALL(60,   exit,       1)          \
    SYSCALL(61,   wait4,      4)          \
    SYSCALL(62,   kill,       2)          \
    SYSCALL(63,   uname,      1)          \
    SYSCALL(67,   shmdt,      1)          \
    SYSCALL(72,   fcntl,      3)          \
    SYSCALL(74,   fsync,      1)          \
    SYSCALL(75,   fdatasync,  1)          \
    SYSCALL(76,   truncate,   2)          \
    SYSCALL(77,   ftruncate,  2)          \
    SYSCALL(79,   getcwd,     2)          \
    SYSCALL(80,   chdir,      1)          \
    SYSCALL(81,   fchdir,     1)          \
    SYSCALL(82,   rename,     2)          \
    SYSCALL(83,   mkdir,      2)          \
    SYSCALL(84,   rmdir,      1)          \
    SYSCALL(85,   creat,      2)          \
    SYSCALL(87,   unlink,     1)          \
    SYSCALL(89,   readlink,   3)          \
    SYSCALL(90,   chmod,      2)          \
    SYSCALL(91,   fchmod,     2)          \
    SYSCALL(92,   chown,      3)          \
    SYSCALL(93,   fchown,     3)          \
    SYSCALL(94,   lchown,     3)          \
    SYSCALL(95,   umask,      1)          \
    SYSCALL(96,   gettimeofday, 2)        \
    SYSCALL(102,  getuid,     0)          \
    SYSCALL(103,  syslog,     3)          \
    SYSCALL(104,  getgid,     0)          \
    SYSCALL(105,  setuid,     1)          \
    SYSCALL(106,  setgid,     1)          \
    SYSCALL(107,  geteuid,    0)          \
    SYSCALL(108,  getegid,    0)          \
    SYSCALL(109,  setpgid,    2)          \
    SYSCALL(110,  getppid,    0)          \
    SYSCALL(111,  getpgrp,    0)          \
    SYSCALL(112,  setsid,     0)          \
    SYSCALL(121,  getpgid,    1)          \
    SYSCALL(124,  getsid,     1)          \
    SYSCALL(127,  rt_sigpending, 2)       \
    SYSCALL(130,  rt_sigsuspend, 2)       \
    SYSCALL(131,  sigaltstack, 2)         \
    SYSCALL(135,  personality, 1)         \
    SYSCALL(137,  statfs,     2)          \
    SYSCALL(138,  fstatfs,    2)          \
    SYSCALL(157,  prctl,      5)          \
    SYSCALL(158,  arch_prctl, 2)          \
    SYSCALL(169,  reboot,     4)          \
    SYSCALL(186,  gettid,     0)          \
    SYSCALL(200,  tkill,      2)          \
    SYSCALL(201,  time,       1)          \
    SYSCALL(202,  futex,      6)          \
    SYSCALL(203,  sched_setaffinity, 3)   \
    SYSCALL(204,  sched_getaffinity, 3)   \
    SYSCALL(217,  getdents64, 3)          \
    SYSCALL(218,  set_tid_address, 1)     \
    SYSCALL(228,  clock_gettime, 2)       \
    SYSCALL(230,  clock_nanosleep, 4)     \
    SYSCALL(231,  exit_group, 1)          \
    SYSCALL(234,  tgkill,     3)          \
    SYSCALL(257,  openat,     4)          \
    SYSCALL(258,  mkdirat,    3)          \
    SYSCALL(262,  newfstatat, 4)          \
    SYSCALL(263,  unlinkat,   3)          \
    SYSCALL(264,  renameat,   4)          \
    SYSCALL(267,  readlinkat, 4)          \
    SYSCALL(268,  fchmodat,   3)          \
    SYSCALL(269,  faccessat,  3)          \
    SYSCALL(271,  ppoll,      5)          \
    SYSCALL(273,  set_robust_list, 2)     \
    SYSCALL(292,  dup3,       3)          \
    SYSCALL(293,  pipe2,      2)          \
    SYSCALL(302,  prlimit64,  4)          \
    SYSCALL(316,  renameat2,  5)          \
    SYSCALL(318,  getrandom,  3)          \
    SYSCALL(334,  rseq,       4)          \
    SYSCALL(439,  faccessat2, 4)          \
    SYSCALL(1000, page_alloc, 1)          \
    SYSCALL(1001, test_exit,  1)          \
    SYSCALL(1002, page_count, 0)          \
    SYSCALL(1003, mm_check,   0)          \
    SYSCALL(1004, virt_to_phys, 1)        \
    SYSCALL(1005, page_refs,  1)          \
    SYSCALL(1006, mem_dump,   0)          \
    SYSCALL(1007, procs,      3)          \
    SYSCALL(1008, meminfo,    2)          \
    SYSCALL(1009, programs,   3)          \
    SYSCALL(1010, viewer,     1)
#endif
