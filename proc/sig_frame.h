/* sig_frame.h -- the signal frame on the user stack, in Linux's x86-64
 * layout (struct rt_sigframe; docs/linux-abi.md, "Signals"), which libc's
 * ucontext_t and siginfo_t read. */
#ifndef PROC_SIG_FRAME_H
#define PROC_SIG_FRAME_H
#include <stdint.h>
#include <stddef.h>

struct sigcontext_k {            /* Linux's struct sigcontext: uc_mcontext */
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;            /* user address of the FPU state, or 0 */
    uint64_t reserved1[8];
};

struct stack_k {                 /* stack_t */
    uintptr_t sp;
    int flags;
    int pad;
    uint64_t size;
};

struct ucontext_k {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct stack_k uc_stack;
    struct sigcontext_k uc_mcontext;
    uint64_t uc_sigmask;         /* the kernel's sigset_t: 64 signals */
};

struct siginfo_k {
    int32_t si_signo, si_errno, si_code, pad;
    union {
        struct { int32_t pid, uid; int32_t status, pad; uint64_t utime, stime; } kill;  /* and SIGCHLD */
        struct { uint64_t addr; } fault;
        uint8_t pad[112];
    } u;
};

struct rt_sigframe {
    uint64_t pretcode;           /* sa_restorer: the handler's return address */
    struct ucontext_k uc;
    struct siginfo_k info;
};                               /* the FPU state lies above it, 64-byte aligned */

#define UC_FP_XSTATE 1
#define UC_SIGCONTEXT_SS 2
#define UC_STRICT_RESTORE_SS 4
#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define FP_SW_BYTES_OFF 464      /* in the FXSAVE area: struct _fpx_sw_bytes */

_Static_assert(sizeof(struct sigcontext_k) == 256, "Linux's sigcontext");
_Static_assert(sizeof(struct siginfo_k) == 128, "Linux's siginfo");
_Static_assert(offsetof(struct rt_sigframe, uc.uc_mcontext) == 48, "Linux's rt_sigframe");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "Linux's rt_sigframe");
#endif
