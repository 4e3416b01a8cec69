/* bench_musl.h -- what the benchmark takes from weensy's user library,
 * for its build with musl-gcc (BENCH_MUSL): one static Linux program,
 * musl-bench, that runs unchanged on weensy and on Linux, so that the two
 * kernels are timed running the very same instructions (docs/performance.md,
 * "The same binary on both kernels").
 *
 * musl gives the C library (printf, strcmp, pthreads). The system calls
 * stay raw, as in the other builds: sys_NAME(...) from the same list the
 * kernel is built from (include/weensy/syscall_list.h), returning the kernel's
 * result or -E..., with no errno and nothing a C library might add
 * (musl's fork() runs atfork handlers; getpid() once was cached by glibc).
 */
#ifndef BENCH_MUSL_H
#define BENCH_MUSL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "include/weensy/syscall_list.h"

/* syscall6: the System V x86-64 system-call convention, as weensy's
 * library's crt0 implements it: number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9; the CPU clobbers rcx and r11. */
static inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define BENCH_PARAMS_0 void
#define BENCH_PARAMS_1 long a1
#define BENCH_PARAMS_2 long a1, long a2
#define BENCH_PARAMS_3 long a1, long a2, long a3
#define BENCH_PARAMS_4 long a1, long a2, long a3, long a4
#define BENCH_PARAMS_5 long a1, long a2, long a3, long a4, long a5
#define BENCH_PARAMS_6 long a1, long a2, long a3, long a4, long a5, long a6
#define BENCH_ARGS_0 0, 0, 0, 0, 0, 0
#define BENCH_ARGS_1 a1, 0, 0, 0, 0, 0
#define BENCH_ARGS_2 a1, a2, 0, 0, 0, 0
#define BENCH_ARGS_3 a1, a2, a3, 0, 0, 0
#define BENCH_ARGS_4 a1, a2, a3, a4, 0, 0
#define BENCH_ARGS_5 a1, a2, a3, a4, a5, 0
#define BENCH_ARGS_6 a1, a2, a3, a4, a5, a6

#define BENCH_SYSCALL(num, name, nargs)                                  \
    static inline __attribute__((unused)) long sys_##name(BENCH_PARAMS_##nargs) \
    {                                                                    \
        return syscall6(num, BENCH_ARGS_##nargs);                        \
    }
WEENSY_SYSCALLS(BENCH_SYSCALL)
#undef BENCH_SYSCALL
#endif
