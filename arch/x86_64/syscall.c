/* syscall.c -- system call set-up (the MSRs that make `syscall` enter
 * syscall.asm) and the dispatcher, built from the one list in
 * include/weensy/syscalls.h. */
#include "kernel/kernel.h"
#include "proc/nosys.h"
#include "kernel/syscall.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trapframe.h"
#include "proc/proc.h"

void syscall_entry(void);

#define RFLAGS_TF (1UL << 8)
#define RFLAGS_DF (1UL << 10)
#define RFLAGS_NT (1UL << 14)

/* STAR: syscall loads CS = STAR[47:32] and SS = that + 8; sysret loads
 * CS = STAR[63:48] + 16 and SS = STAR[63:48] + 8, both with RPL 3. Our GDT
 * puts user data (0x18) just below user code (0x20) for that reason. */
_Static_assert(SEG_UCODE == ((SEG_UDATA & ~3) + 8 | 3), "sysret needs user code right after user data");

void syscall_init_cpu(void)
{
    uint64_t sysret_base = (SEG_UDATA & ~3UL) - 8;
    wrmsr(MSR_STAR, (sysret_base << 48) | ((uint64_t)SEG_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Flags cleared on entry: no interrupts until we are on the kernel
     * stack, no single-step, string ops forward, SMAP on. */
    wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

#define SYSCALL_ARGS_0
#define SYSCALL_ARGS_1 tf->rdi
#define SYSCALL_ARGS_2 tf->rdi, tf->rsi
#define SYSCALL_ARGS_3 tf->rdi, tf->rsi, tf->rdx
#define SYSCALL_ARGS_4 tf->rdi, tf->rsi, tf->rdx, tf->r10
#define SYSCALL_ARGS_5 tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8
#define SYSCALL_ARGS_6 tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9

static long syscall_call(struct trapframe *tf)
{
    switch (tf->rax) {
#define SYSCALL_CASE(num, name, nargs) \
    case num: return sys_##name(SYSCALL_ARGS_##nargs);
    WEENSY_SYSCALLS(SYSCALL_CASE)
#undef SYSCALL_CASE
    default:
        return sys_nosys(tf->rax);
    }
}

/* syscall_dispatch: from syscall.asm, which turned interrupts on: handlers
 * may sleep, and the timer may preempt them. It returns with them off.
 * The call's number is in tf->error too (syscall.asm put it there), Linux's
 * orig_ax: an interrupted call is restarted from it (proc/sig_deliver.c).
 * A call that replaces every register (execve, rt_sigreturn) leaves
 * TF_NO_SYSCALL there instead, and syscall.asm returns by iretq: rcx and
 * r11 are the frame's then, which sysret would overwrite. On the entry's
 * page (syscall.asm says why). */
__attribute__((section(".text.syscall"))) void syscall_dispatch(struct trapframe *tf)
{
    long ret = syscall_call(tf);
    tf->rax = (uint64_t)ret;
    proc_return_from_syscall(tf, ret);
    cli();
}
