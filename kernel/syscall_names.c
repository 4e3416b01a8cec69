/* syscall_names.c -- the names of Linux's x86-64 system calls by number
 * (the ABI's list, as <asm/unistd_64.h> gives it for Linux 6.1), so that a
 * call weensy does not have is reported by name (proc/nosys.c).
 *
 * One string of every name in number order, each ended by a NUL, an empty
 * name for a number with no call: no table of pointers (3.6 KiB of
 * kernel image, a page less for the programs of a mem=2M machine). A
 * look-up walks it, which only the first report of a call does. */
#include "kernel/kernel.h"
#include "kernel/syscall_names.h"

static const char syscall_names[] =
    "read\0write\0open\0close\0stat\0fstat\0lstat\0poll\0lseek\0mmap\0mprotect\0munmap\0brk\0"
    "rt_sigaction\0rt_sigprocmask\0rt_sigreturn\0ioctl\0pread64\0pwrite64\0readv\0writev\0access\0"
    "pipe\0select\0sched_yield\0mremap\0msync\0mincore\0madvise\0shmget\0shmat\0shmctl\0dup\0"
    "dup2\0pause\0nanosleep\0getitimer\0alarm\0setitimer\0getpid\0sendfile\0socket\0connect\0"
    "accept\0sendto\0recvfrom\0sendmsg\0recvmsg\0shutdown\0bind\0listen\0getsockname\0"
    "getpeername\0socketpair\0setsockopt\0getsockopt\0clone\0fork\0vfork\0execve\0exit\0wait4\0"
    "kill\0uname\0semget\0semop\0semctl\0shmdt\0msgget\0msgsnd\0msgrcv\0msgctl\0fcntl\0flock\0"
    "fsync\0fdatasync\0truncate\0ftruncate\0getdents\0getcwd\0chdir\0fchdir\0rename\0mkdir\0"
    "rmdir\0creat\0link\0unlink\0symlink\0readlink\0chmod\0fchmod\0chown\0fchown\0lchown\0umask\0"
    "gettimeofday\0getrlimit\0getrusage\0sysinfo\0times\0ptrace\0getuid\0syslog\0getgid\0setuid\0"
    "setgid\0geteuid\0getegid\0setpgid\0getppid\0getpgrp\0setsid\0setreuid\0setregid\0getgroups\0"
    "setgroups\0setresuid\0getresuid\0setresgid\0getresgid\0getpgid\0setfsuid\0setfsgid\0getsid\0"
    "capget\0capset\0rt_sigpending\0rt_sigtimedwait\0rt_sigqueueinfo\0rt_sigsuspend\0sigaltstack\0"
    "utime\0mknod\0uselib\0personality\0ustat\0statfs\0fstatfs\0sysfs\0getpriority\0setpriority\0"
    "sched_setparam\0sched_getparam\0sched_setscheduler\0sched_getscheduler\0"
    "sched_get_priority_max\0sched_get_priority_min\0sched_rr_get_interval\0mlock\0munlock\0"
    "mlockall\0munlockall\0vhangup\0modify_ldt\0pivot_root\0_sysctl\0prctl\0arch_prctl\0adjtimex\0"
    "setrlimit\0chroot\0sync\0acct\0settimeofday\0mount\0umount2\0swapon\0swapoff\0reboot\0"
    "sethostname\0setdomainname\0iopl\0ioperm\0create_module\0init_module\0delete_module\0"
    "get_kernel_syms\0query_module\0quotactl\0nfsservctl\0getpmsg\0putpmsg\0afs_syscall\0tuxcall\0"
    "security\0gettid\0readahead\0setxattr\0lsetxattr\0fsetxattr\0getxattr\0lgetxattr\0fgetxattr\0"
    "listxattr\0llistxattr\0flistxattr\0removexattr\0lremovexattr\0fremovexattr\0tkill\0time\0"
    "futex\0sched_setaffinity\0sched_getaffinity\0set_thread_area\0io_setup\0io_destroy\0"
    "io_getevents\0io_submit\0io_cancel\0get_thread_area\0lookup_dcookie\0epoll_create\0"
    "epoll_ctl_old\0epoll_wait_old\0remap_file_pages\0getdents64\0set_tid_address\0"
    "restart_syscall\0semtimedop\0fadvise64\0timer_create\0timer_settime\0timer_gettime\0"
    "timer_getoverrun\0timer_delete\0clock_settime\0clock_gettime\0clock_getres\0clock_nanosleep\0"
    "exit_group\0epoll_wait\0epoll_ctl\0tgkill\0utimes\0vserver\0mbind\0set_mempolicy\0"
    "get_mempolicy\0mq_open\0mq_unlink\0mq_timedsend\0mq_timedreceive\0mq_notify\0mq_getsetattr\0"
    "kexec_load\0waitid\0add_key\0request_key\0keyctl\0ioprio_set\0ioprio_get\0inotify_init\0"
    "inotify_add_watch\0inotify_rm_watch\0migrate_pages\0openat\0mkdirat\0mknodat\0fchownat\0"
    "futimesat\0newfstatat\0unlinkat\0renameat\0linkat\0symlinkat\0readlinkat\0fchmodat\0"
    "faccessat\0pselect6\0ppoll\0unshare\0set_robust_list\0get_robust_list\0splice\0tee\0"
    "sync_file_range\0vmsplice\0move_pages\0utimensat\0epoll_pwait\0signalfd\0timerfd_create\0"
    "eventfd\0fallocate\0timerfd_settime\0timerfd_gettime\0accept4\0signalfd4\0eventfd2\0"
    "epoll_create1\0dup3\0pipe2\0inotify_init1\0preadv\0pwritev\0rt_tgsigqueueinfo\0"
    "perf_event_open\0recvmmsg\0fanotify_init\0fanotify_mark\0prlimit64\0name_to_handle_at\0"
    "open_by_handle_at\0clock_adjtime\0syncfs\0sendmmsg\0setns\0getcpu\0process_vm_readv\0"
    "process_vm_writev\0kcmp\0finit_module\0sched_setattr\0sched_getattr\0renameat2\0seccomp\0"
    "getrandom\0memfd_create\0kexec_file_load\0bpf\0execveat\0userfaultfd\0membarrier\0mlock2\0"
    "copy_file_range\0preadv2\0pwritev2\0pkey_mprotect\0pkey_alloc\0pkey_free\0statx\0"
    "io_pgetevents\0rseq\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    "\0\0\0\0\0\0\0pidfd_send_signal\0io_uring_setup\0io_uring_enter\0io_uring_register\0"
    "open_tree\0move_mount\0fsopen\0fsconfig\0fsmount\0fspick\0pidfd_open\0clone3\0close_range\0"
    "openat2\0pidfd_getfd\0faccessat2\0process_madvise\0epoll_pwait2\0mount_setattr\0quotactl_fd\0"
    "landlock_create_ruleset\0landlock_add_rule\0landlock_restrict_self\0memfd_secret\0"
    "process_mrelease\0futex_waitv\0set_mempolicy_home_node\0";

#define SYSCALL_NAMES_COUNT 451

const char *syscall_name(unsigned long nr)
{
    if (nr >= SYSCALL_NAMES_COUNT)
        return 0;
    const char *s = syscall_names;
    for (unsigned long i = 0; i < nr; i++)
        s += strlen(s) + 1;
    return *s ? s : 0;
}
