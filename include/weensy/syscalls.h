/* syscalls.h -- the system calls' numbers (SYS_NAME, from the one list
 * in syscall_list.h) and the constants and structures of the ABI that the
 * kernel and the user library share. */
#ifndef WEENSY_SYSCALLS_H
#define WEENSY_SYSCALLS_H

#include "syscall_list.h"

#define SYSCALL_ENUM(num, name, nargs) SYS_##name = num,
enum { WEENSY_SYSCALLS(SYSCALL_ENUM) };
#undef SYSCALL_ENUM

/* wait4 status encoding, as on Linux: exited -> (code << 8); killed by
 * signal n -> n. */
#define W_EXITCODE(code) (((code) & 0xff) << 8)
#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define WNOTHREAD 0x20000000         /* Linux's __WNOTHREAD */
#define WALL 0x40000000              /* __WALL */
#define WCLONE 0x80000000            /* __WCLONE */

/* reboot(2)'s magic numbers and commands (Linux's). */
#define REBOOT_MAGIC1 0xfee1deadL
#define REBOOT_MAGIC2 672274793L
#define REBOOT_MAGIC2A 85072278L
#define REBOOT_MAGIC2B 369367448L
#define REBOOT_MAGIC2C 537993216L
#define REBOOT_CMD_RESTART 0x01234567L
#define REBOOT_CMD_HALT 0xcdef0123L
#define REBOOT_CMD_POWER_OFF 0x4321fedcL
#define REBOOT_CMD_CAD_ON 0x89abcdefL
#define REBOOT_CMD_CAD_OFF 0L

/* Linux's signal numbers (docs/linux-abi.md, "Signals"). */
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGWINCH 28
#define NSIG 64

struct timespec {
    long tv_sec;
    long tv_nsec;
};
#endif
