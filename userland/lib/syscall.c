/* syscall.c -- syscall6() and the generated sys_* wrappers (see syscall.h). */
#include "syscall.h"

long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    /* Linux preserves the argument registers across a call; weensy should
     * too, but treating them as clobbered costs almost nothing and keeps
     * user code correct while the kernel's entry path is young. */
    __asm__ volatile("syscall"
                     : "+a"(n), "+D"(a1), "+S"(a2), "+d"(a3),
                       "+r"(r10), "+r"(r8), "+r"(r9)
                     :
                     : "rcx", "r11", "memory");
    return n;
}

#define SYSCALL_ARGS_0 0, 0, 0, 0, 0, 0
#define SYSCALL_ARGS_1 a1, 0, 0, 0, 0, 0
#define SYSCALL_ARGS_2 a1, a2, 0, 0, 0, 0
#define SYSCALL_ARGS_3 a1, a2, a3, 0, 0, 0
#define SYSCALL_ARGS_4 a1, a2, a3, a4, 0, 0
#define SYSCALL_ARGS_5 a1, a2, a3, a4, a5, 0
#define SYSCALL_ARGS_6 a1, a2, a3, a4, a5, a6

#define SYSCALL_DEFINE(num, name, nargs)                   \
    long sys_##name(SYSCALL_PARAMS_##nargs)                \
    {                                                      \
        return syscall6(SYS_##name, SYSCALL_ARGS_##nargs); \
    }
WEENSY_SYSCALLS(SYSCALL_DEFINE)
#undef SYSCALL_DEFINE
