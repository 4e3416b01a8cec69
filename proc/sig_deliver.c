/* sig_deliver.c -- taking a pending signal on the way back to user mode
 * (proc_return_to_user): its default action, or its handler on a frame
 * built on the user stack; the restart or EINTR of the system call it
 * interrupted. rt_sigreturn, which undoes the frame, is in sig_return.c.
 *
 * The frame (sig_frame.h), from the top of the stack down: the red zone
 * (128 bytes, left alone), the FPU state (64-byte aligned), then struct
 * rt_sigframe placed so that the handler starts with (rsp + 8) % 16 == 0,
 * as after a call: rsp points at pretcode, sa_restorer, which the
 * handler's ret jumps to (libc's stub that calls rt_sigreturn). With
 * SA_ONSTACK and an alternate stack the thread is not already on, the
 * frame goes at the alternate stack's top instead (no red zone).
 */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/sig_frame.h"
#include "proc/fpu_switch.h"
#include "mm/uaccess.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

#define RED_ZONE 128
#define RFLAGS_TF (1UL << 8)
#define RFLAGS_DF (1UL << 10)
#define RFLAGS_RF (1UL << 16)
#define SIG_SYNC_MASK (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | SIG_BIT(SIGFPE) | SIG_BIT(SIGTRAP))

struct sig_taken {
    int sig;
    struct sigaction_k act;
    struct sig_kinfo info;
};

/* The signal to take from set: a fault's first (it must be answered
 * before anything else runs), else the lowest number. */
static int sig_pick(uint64_t set)
{
    uint64_t sync = set & SIG_SYNC_MASK;
    uint64_t from = sync ? sync : set;
    return from ? __builtin_ctzll(from) + 1 : 0;
}

/* sig_dequeue: take the next signal p does not block, from its own
 * pending set first, then its process's; its action as it is now (a
 * SA_RESETHAND handler is reset to SIG_DFL as it is taken). 0: none. */
static int sig_dequeue(struct proc *p, struct sig_taken *t)
{
    struct sighand *sh = p->sig;
    spin_lock(&sh->lock);
    uint64_t mine = p->sig_pending & ~p->sig_blocked;
    uint64_t shared = sh->pending & ~p->sig_blocked;
    int sig = sig_pick(mine);
    if (sig) {
        p->sig_pending &= ~SIG_BIT(sig);
        if (SIG_BIT(sig) & SIG_SYNC_MASK)
            t->info = (struct sig_kinfo){ .code = p->sig_fault_code, .val = p->sig_fault_addr };
        else
            t->info = (struct sig_kinfo){ .code = p->sig_tcode, .pid = p->sig_tpid };
    } else if ((sig = sig_pick(shared))) {
        sh->pending &= ~SIG_BIT(sig);
        t->info = sig <= SIG_INFO_MAX && sh->acts ? sh->acts->info[sig - 1] : (struct sig_kinfo){ .code = SI_USER };
    }
    if (sig) {
        t->sig = sig;
        t->act = sig_action(sh, sig);
        if (t->act.handler > SIG_IGN && (t->act.flags & SA_RESETHAND))
            sig_act_reset(sh, sig);
    }
    sig_recalc(sh);
    spin_unlock(&sh->lock);
    return sig;
}

/* A system call that a signal interrupted (-ERESTART*): run again from
 * its syscall instruction with its number back in rax, or fail with
 * EINTR when a handler ran and the call may not restart under it. The
 * original rax is in tf->error (syscall.asm put it there, Linux's
 * orig_ax; rt_sigreturn and execve set TF_NO_SYSCALL: nothing to
 * restart). */
static void sig_restart(struct trapframe *tf, const struct sigaction_k *act)
{
    if (!proc_sys_restartable(tf))
        return;
    long err = -(long)tf->rax;
    if (act && (err == ERESTARTNOHAND || (err == ERESTARTSYS && !(act->flags & SA_RESTART)))) {
        tf->rax = (uint64_t)-EINTR;
        return;
    }
    tf->rax = tf->error;
    tf->rip -= 2;                /* syscall is 0f 05 */
}

/* ---- the frame ---------------------------------------------------------------- */

static void sig_fill_info(struct siginfo_k *si, int sig, const struct sig_kinfo *k)
{
    si->si_signo = sig;
    si->si_code = k->code;
    if (SIG_BIT(sig) & SIG_SYNC_MASK && k->code > 0) {
        si->u.fault.addr = k->val;
    } else {
        si->u.kill.pid = k->pid;
        if (sig == SIGCHLD)
            si->u.kill.status = (int32_t)k->val;
    }
}

static void sig_fill_context(struct sigcontext_k *sc, const struct trapframe *tf)
{
    *sc = (struct sigcontext_k){
        .r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11, .r12 = tf->r12,
        .r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15, .rdi = tf->rdi, .rsi = tf->rsi,
        .rbp = tf->rbp, .rbx = tf->rbx, .rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx,
        .rsp = tf->rsp, .rip = tf->rip, .eflags = tf->rflags, .cs = SEG_UCODE, .ss = SEG_UDATA,
        .err = tf->vector == TRAP_SYSCALL ? 0 : tf->error,
        .trapno = tf->vector == TRAP_SYSCALL ? 0 : tf->vector,
    };
}

/* sig_save_fpu: the thread's registers to the user's area at ufp, marked
 * as Linux marks an XSAVE image (the magic words that tell libc and
 * rt_sigreturn its size). Interrupts off for the save only: a switch
 * after it saves the same registers into the same area again. */
static int sig_save_fpu(struct proc *p, uintptr_t ufp)
{
    size_t size = fpu_area_size();
    push_off();
    fpu_save(p->fpu);
    pop_off();
    if (copyout(ufp, p->fpu, size) < 0)
        return -EFAULT;
    uint64_t xfeatures = fpu_xfeatures();
    if (!xfeatures)
        return 0;
    struct { uint32_t magic1, extended_size; uint64_t xfeatures; uint32_t xstate_size, pad[7]; } sw = {
        FP_XSTATE_MAGIC1, (uint32_t)size + 4, xfeatures, (uint32_t)size, { 0 } };
    uint32_t magic2 = FP_XSTATE_MAGIC2;
    if (copyout(ufp + FP_SW_BYTES_OFF, &sw, sizeof(sw)) < 0 || copyout(ufp + size, &magic2, 4) < 0)
        return -EFAULT;
    return 0;
}

/* sig_frame_base: where the FPU state goes (the frame is below it). */
static uintptr_t sig_frame_top(struct proc *p, const struct trapframe *tf, const struct sigaction_k *act)
{
    uintptr_t sp = tf->rsp;
    if ((act->flags & SA_ONSTACK) && p->sig_alt_size && !sig_on_altstack(p, sp)) {
        sp = p->sig_alt_sp + p->sig_alt_size;
        if (p->sig_alt_autodisarm)
            p->sig_alt_sp = p->sig_alt_size = 0;   /* the frame's uc_stack brings it back */
        return sp;
    }
    return sp - RED_ZONE;
}

/* sig_frame_setup: the handler's frame, and the registers that enter it;
 * -EFAULT if the stack cannot take the frame. */
static int sig_frame_setup(struct proc *p, struct trapframe *tf, const struct sig_taken *t, uint64_t old_mask)
{
    if (!(t->act.flags & SA_RESTORER))
        return -EFAULT;          /* nowhere to return to: as Linux, x86-64 */
    struct rt_sigframe f = { .pretcode = t->act.restorer };
    f.uc.uc_stack = (struct stack_k){ .sp = p->sig_alt_sp, .size = p->sig_alt_size,
                                      .flags = sig_altstack_flags(p) };
    if (sig_on_altstack(p, tf->rsp))
        f.uc.uc_stack.flags = SS_ONSTACK;
    uintptr_t top = sig_frame_top(p, tf, &t->act);
    size_t fsize = fpu_area_size();
    uintptr_t ufp = (top - fsize - 4) & ~(uintptr_t)63;
    uintptr_t frame = ((ufp - sizeof(f)) & ~(uintptr_t)15) - 8;
    if (top > USER_TOP || frame > top)
        return -EFAULT;          /* a stack pointer outside the user half, or wrapped */
    if (sig_save_fpu(p, ufp) < 0)
        return -EFAULT;
    f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fpu_xfeatures() ? UC_FP_XSTATE : 0);
    sig_fill_context(&f.uc.uc_mcontext, tf);
    f.uc.uc_mcontext.oldmask = old_mask;
    f.uc.uc_mcontext.fpstate = ufp;
    if (SIG_BIT(t->sig) & SIG_SYNC_MASK)
        f.uc.uc_mcontext.cr2 = t->info.val;
    f.uc.uc_sigmask = old_mask;
    sig_fill_info(&f.info, t->sig, &t->info);
    if (copyout(frame, &f, sizeof(f)) < 0)
        return -EFAULT;
    proc_fpu_exec(p);            /* the handler starts with clean registers, as on Linux */
    tf->rdi = (uint64_t)t->sig;
    tf->rsi = frame + offsetof(struct rt_sigframe, info);
    tf->rdx = frame + offsetof(struct rt_sigframe, uc);
    tf->rax = 0;
    tf->rip = t->act.handler;
    tf->rsp = frame;
    tf->cs = SEG_UCODE;
    tf->ss = SEG_UDATA;
    tf->rflags &= ~(RFLAGS_DF | RFLAGS_TF | RFLAGS_RF);
    return 0;
}

/* sig_run_handler: frame built, the mask for the handler's run: its
 * sa_mask and, unless SA_NODEFER, the signal itself. A frame that cannot
 * be written ends the process with SIGSEGV, as on Linux. */
static void sig_run_handler(struct proc *p, struct trapframe *tf, const struct sig_taken *t)
{
    uint64_t old = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
    p->sig_restore_mask = false;
    if (sig_frame_setup(p, tf, t, old) < 0) {
        char msg[120];
        snprintf(msg, sizeof(msg), "pid %d (%s) killed by SIGSEGV: no room for the signal %d frame (rsp %#lx)",
                 p->pid, p->name, t->sig, tf->rsp);
        proc_report_kill(msg);
        proc_exit_group(SIGSEGV);
    }
    uint64_t mask = p->sig_blocked | t->act.mask;
    if (!(t->act.flags & SA_NODEFER))
        mask |= SIG_BIT(t->sig);
    sig_set_mask(p, mask);
}

void sig_deliver(struct trapframe *tf)
{
    struct proc *p = myproc();
    assert(mycpu()->ncli == 0);
    sti();                       /* the frame's pages may have to be faulted in */
    struct sig_taken t;
    while (sig_dequeue(p, &t)) {
        if (t.act.handler == SIG_IGN)
            continue;
        if (t.act.handler == SIG_DFL) {
            /* Sent while every thread blocked it, or a stop signal (which
             * weensy does not carry out); init dies of no signal. */
            if (sig_default_action(t.sig) == SIG_DFL_TERM && p->leader != initproc)
                proc_exit_group(t.sig);
            continue;
        }
        sig_restart(tf, &t.act);
        sig_run_handler(p, tf, &t);
        return;                  /* one frame at a time; the next return takes the next */
    }
    sig_restart(tf, 0);
    if (p->sig_restore_mask) {   /* rt_sigsuspend woken by a signal no handler took */
        p->sig_restore_mask = false;
        sig_set_mask(p, p->sig_saved_mask);
    }
}
