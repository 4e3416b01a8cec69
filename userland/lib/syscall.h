/* syscall.h -- raw system calls for user programs.
 *
 * syscall6() is the one place that executes the `syscall` instruction.
 * Every entry of WEENSY_SYSCALLS (include/weensy/syscalls.h) also gets a
 * wrapper `long sys_NAME(long a1, ...)` with that entry's argument count,
 * generated from the X-macro, so the list cannot drift from the kernel's.
 *
 * The sys_* wrappers return the kernel's raw result: a value >= 0 on
 * success, -E... (include/weensy/errno.h) on failure. They do not touch
 * errno. Pointer arguments are passed as long: sys_read(0, (long)buf, n).
 * The libc-style functions in unistd.h are the typed layer that returns -1
 * and sets errno.
 */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H
#include "include/weensy/syscalls.h"

/* syscall6: system call number n with up to six arguments (unused ones 0).
 * ABI: number in rax; arguments in rdi, rsi, rdx, r10, r8, r9; result in
 * rax; the CPU clobbers rcx (return rip) and r11 (rflags). */
long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);

#define SYSCALL_PARAMS_0 void
#define SYSCALL_PARAMS_1 long a1
#define SYSCALL_PARAMS_2 long a1, long a2
#define SYSCALL_PARAMS_3 long a1, long a2, long a3
#define SYSCALL_PARAMS_4 long a1, long a2, long a3, long a4
#define SYSCALL_PARAMS_5 long a1, long a2, long a3, long a4, long a5
#define SYSCALL_PARAMS_6 long a1, long a2, long a3, long a4, long a5, long a6

#define SYSCALL_DECLARE(num, name, nargs) \
    long sys_##name(SYSCALL_PARAMS_##nargs);
WEENSY_SYSCALLS(SYSCALL_DECLARE)
#undef SYSCALL_DECLARE
#endif
