/* sig_return.c -- rt_sigreturn: the registers, FPU state, mask and
 * alternate stack a handler's frame saved (sig_deliver.c) come back, and
 * the interrupted code goes on; and the calls that wait for a signal:
 * pause, rt_sigsuspend.
 *
 * The frame is the user's memory: a handler (or an attacker) may have
 * changed anything in it. What would let the thread run with kernel
 * privilege or make the return itself fault in the kernel is refused,
 * and the process dies with SIGSEGV and one line saying why: a code or
 * stack selector other than the user's, a rip or rsp outside the user
 * half (a non-canonical one would fault in the kernel's iretq), rflags
 * bits user code cannot set (IOPL, NT, VM, VIF, VIP, reserved), an FPU
 * image XRSTOR would refuse. The return always goes by iretq
 * (TF_NO_SYSCALL in the error slot: syscall.asm), so rcx and r11 come
 * back too.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/sched.h"
#include "proc/sig_frame.h"
#include "proc/fpu_switch.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define USER_HALF_END 0x0000800000000000UL   /* the first non-canonical address */
/* Flags user code may change itself (popf): CF PF AF ZF SF TF DF OF AC
 * RF ID; IF is always set on the way back, and bit 1 always reads 1. */
#define RFLAGS_USER 0x00250dd5UL
#define RFLAGS_FIXED 0x2UL
#define FPU_BUF_STACK 1088       /* an area this size fits on the kernel stack */

static noreturn void sig_bad_frame(struct proc *p, uintptr_t frame, const char *why)
{
    char msg[160];
    snprintf(msg, sizeof(msg), "pid %d (%s) killed by SIGSEGV: rt_sigreturn: %s (frame at %#lx)",
             p->pid, p->name, why, frame);
    proc_report_kill(msg);
    proc_exit_group(SIGSEGV);
}

static const char *sig_check_context(const struct sigcontext_k *sc)
{
    if (sc->cs != SEG_UCODE)
        return "code selector is not user code";
    if (sc->ss != SEG_UDATA && sc->ss != 0)
        return "stack selector is not user data";
    if (sc->rip >= USER_HALF_END)
        return "rip outside the user half";
    if (sc->rsp >= USER_HALF_END)
        return "rsp outside the user half";
    if ((sc->eflags & ~(RFLAGS_USER | RFLAGS_IF | RFLAGS_FIXED)) != 0)
        return "rflags bits user code cannot set (IOPL, NT, VM...)";
    return 0;
}

/* sig_restore_fpu: the frame's FPU image into the thread's registers;
 * 0 (none: the starting state, as Linux does), or the reason it is
 * refused. Read into a buffer first: a switch during the copy saves the
 * registers into p->fpu, which must hold only a checked image. */
static const char *sig_restore_fpu(struct proc *p, uintptr_t ufp)
{
    if (!ufp) {
        proc_fpu_exec(p);
        return 0;
    }
    size_t size = fpu_area_size();
    uint8_t stackbuf[FPU_BUF_STACK] __attribute__((aligned(64)));
    uint8_t *buf = size <= sizeof(stackbuf) ? stackbuf : kmalloc(size);
    const char *why = 0;
    if (!buf)
        return "no memory for the FPU state";
    if (copyin(buf, ufp, size) < 0)
        why = "FPU state unreadable";
    else if (!fpu_area_check(buf))
        why = "FPU state the CPU would refuse";
    if (!why) {
        push_off();
        memcpy(p->fpu, buf, size);
        fpu_restore(p->fpu);
        struct cpu *c = mycpu();
        p->fpu_gen = fpu_gen_next(c);
        c->fpu_loaded = p->fpu;
        c->fpu_loaded_gen = p->fpu_gen;
        pop_off();
    }
    if (buf != stackbuf)
        kfree(buf);
    return why;
}

static void sig_restore_regs(struct trapframe *tf, const struct sigcontext_k *sc)
{
    tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
    tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
    tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
    tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx;
    tf->rsp = sc->rsp; tf->rip = sc->rip;
    tf->rflags = (sc->eflags & RFLAGS_USER) | RFLAGS_IF | RFLAGS_FIXED;
    tf->cs = SEG_UCODE;
    tf->ss = SEG_UDATA;
    tf->error = TF_NO_SYSCALL;   /* nothing to restart; the return goes by iretq */
}

long sys_rt_sigreturn(void)
{
    struct proc *p = myproc();
    struct trapframe *tf = p->tf;
    uintptr_t frame = tf->rsp - 8;   /* the handler's ret took pretcode */
    struct rt_sigframe f;
    if (tf->rsp < 8 || copyin(&f, frame, sizeof(f)) < 0)
        sig_bad_frame(p, frame, "frame unreadable");
    const char *why = sig_check_context(&f.uc.uc_mcontext);
    if (!why)
        why = sig_restore_fpu(p, f.uc.uc_mcontext.fpstate);
    if (why)
        sig_bad_frame(p, frame, why);
    sig_restore_regs(tf, &f.uc.uc_mcontext);
    sig_set_mask(p, f.uc.uc_sigmask);
    if (f.uc.uc_stack.flags & (int)SS_AUTODISARM) {
        p->sig_alt_sp = f.uc.uc_stack.sp;   /* what delivery disarmed */
        p->sig_alt_size = f.uc.uc_stack.size;
        p->sig_alt_autodisarm = true;
    }
    return (long)tf->rax;        /* syscall_dispatch writes it back unchanged */
}

/* ---- waiting for a signal ------------------------------------------------------ */

static struct spinlock sigwait_lock = SPINLOCK_INIT("sigwait");
static int sigwait_chan;

/* Sleep until a signal the thread does not block is pending (no one
 * wakes sigwait_chan: the signal's sender wakes the thread itself). */
static void sig_wait_any(struct proc *p)
{
    spin_lock(&sigwait_lock);
    while (!proc_interrupted(p))
        sleep_intr(&sigwait_chan, &sigwait_lock, 0);
    spin_unlock(&sigwait_lock);
}

/* pause: until a handler has run (then EINTR); a signal that is ignored
 * or taken by another thread restarts it (ERESTARTNOHAND). */
long sys_pause(void)
{
    sig_wait_any(myproc());
    return -ERESTARTNOHAND;
}

/* rt_sigsuspend: pause with mask as the thread's mask meanwhile; the old
 * mask comes back once the handler returns (it is the frame's). */
long sys_rt_sigsuspend(uintptr_t umask, long sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    uint64_t mask;
    if (copyin(&mask, umask, sizeof(mask)) < 0)
        return -EFAULT;
    struct proc *p = myproc();
    p->sig_saved_mask = p->sig_blocked;
    p->sig_restore_mask = true;
    sig_set_mask(p, mask);
    sig_wait_any(p);
    return -ERESTARTNOHAND;
}
