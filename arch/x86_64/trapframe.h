/* trapframe.h -- the register frame every entry into the kernel builds.
 * Interrupts and exceptions (vectors.asm) and system calls (syscall.asm)
 * lay out the same struct, so C code sees one shape. The assembly names
 * offsets by number; the asserts below keep the two in step. */
#ifndef ARCH_X86_64_TRAPFRAME_H
#define ARCH_X86_64_TRAPFRAME_H
#include <stdint.h>
#include <stddef.h>

struct trapframe {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t vector;    /* interrupt vector, or TRAP_SYSCALL */
    uint64_t error;     /* error code (0 where the CPU pushes none); a system
                         * call's number (TRAP_SYSCALL), or TF_NO_SYSCALL */
    uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU (iretq frame) */
};

#define TF_OFF_VECTOR 120
#define TF_OFF_ERROR  128
#define TF_OFF_CS     144
_Static_assert(offsetof(struct trapframe, vector) == TF_OFF_VECTOR, "vectors.asm");
_Static_assert(offsetof(struct trapframe, error) == TF_OFF_ERROR, "syscall.asm");
_Static_assert(offsetof(struct trapframe, cs) == TF_OFF_CS, "vectors.asm");
_Static_assert(sizeof(struct trapframe) == 176, "vectors.asm, syscall.asm");

#define TRAP_SYSCALL 0x100      /* not a hardware vector: entered by syscall */
/* In a system call's error slot (Linux's orig_ax of -1): the frame no
 * longer belongs to the call that entered: nothing to restart, and every
 * register must come back from the frame, so the return goes by iretq,
 * not sysret (syscall.asm). Set by a successful execve and by
 * rt_sigreturn, the two calls that replace the user's registers. */
#define TF_NO_SYSCALL ((uint64_t)-1)

/* Vectors */
#define T_DE   0
#define T_DB   1
#define T_NMI  2
#define T_BP   3
#define T_UD   6
#define T_NM   7
#define T_DF   8
#define T_MC   18
#define T_GP   13
#define T_PF   14
#define IRQ_BASE 32             /* legacy PIC IRQ 0..15 -> vectors 32..47 */
#define IRQ_TIMER 0
#define IRQ_KBD   1
#define IRQ_COM1  4
#define T_SPURIOUS 0xff

static inline int tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

void trap(struct trapframe *tf);
#endif
