/* sigframe.c -- rt_sigreturn handed frames a program made up: each bad one
 * kills only the caller, with SIGSEGV and the kernel's one line saying
 * why (tests/proc.cmake expects each), and loads nothing of it; a good
 * one is obeyed. A signal whose frame cannot be written (the stack
 * pointer is garbage) kills with SIGSEGV too. The runner checks that no
 * page is lost. The layout is Linux's (proc/sig_frame.h). */
#include "ut.h"

struct sc {                      /* struct sigcontext */
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2, fpstate, reserved1[8];
};

struct frame {                   /* struct rt_sigframe, without pretcode */
    uint64_t uc_flags, uc_link;
    uint64_t ss_sp, ss_flags, ss_size;
    struct sc sc;
    uint64_t sigmask;
    uint8_t info[128];
};

static uint8_t fpu_area[4096] __attribute__((aligned(64)));
static uint64_t landing_stack[512] __attribute__((aligned(16)));

/* Where a good frame sends the thread: rdi is the frame's. */
static noreturn void landing(long code)
{
    exit((int)code);
}

static noreturn void sigreturn_with(struct frame *f)
{
    __asm__ volatile("mov %0, %%rsp\n\tmov $15, %%eax\n\tsyscall\n\tud2" : : "r"(f) : "memory");
    __builtin_unreachable();
}

static void frame_good(struct frame *f)
{
    memset(f, 0, sizeof(*f));
    f->sc.rip = (uint64_t)landing;
    f->sc.rsp = (uint64_t)&landing_stack[501];   /* 8 mod 16: as after a call */
    f->sc.rdi = 42;
    f->sc.eflags = 0x202;
    f->sc.cs = 0x23;
    f->sc.ss = 0x1b;
    f->ss_flags = 2;             /* SS_DISABLE */
}

enum { BAD_CS, BAD_SS, BAD_RIP, BAD_RSP, BAD_IOPL, BAD_NT, BAD_FPU, BAD_STACK, GOOD, NCASES };
static const char *const names[] = { "kernel cs", "kernel ss", "non-canonical rip", "non-canonical rsp",
                                     "IOPL in rflags", "NT in rflags", "bad MXCSR", "unreadable frame", "good" };

static noreturn void run_case(int which)
{
    struct frame *f = malloc(sizeof(*f));
    frame_good(f);
    switch (which) {
    case BAD_CS: f->sc.cs = 0x08; break;
    case BAD_SS: f->sc.ss = 0x10; break;
    case BAD_RIP: f->sc.rip = NONCANON_ADDR; break;
    case BAD_RSP: f->sc.rsp = 0xdead000000000000UL; break;
    case BAD_IOPL: f->sc.eflags = 0x3202; break;
    case BAD_NT: f->sc.eflags = 0x4202; break;
    case BAD_FPU:
        *(uint32_t *)(fpu_area + 24) = 0xffffffff;   /* MXCSR: reserved bits */
        f->sc.fpstate = (uint64_t)fpu_area;
        break;
    case BAD_STACK: f = (struct frame *)UNMAPPED_ADDR; break;
    default: break;
    }
    sigreturn_with(f);
}

#define SA_RESTORER 0x04000000L
static void handler(int sig) { (void)sig; }

/* A signal taken with the stack pointer pointing nowhere: the frame
 * cannot be written, the process dies of SIGSEGV. */
static noreturn void unwritable_frame(void)
{
    long act[4] = { (long)handler, SA_RESTORER, (long)landing, 0 };
    CHECK_EQ(sys_rt_sigaction(SIGUSR1, (long)act, 0, 8), 0);
    long pid = sys_getpid();
    __asm__ volatile("mov %0, %%rsp\n\tmov $62, %%eax\n\tsyscall\n\tud2"
                     : : "r"(UNMAPPED_ADDR), "D"(pid), "S"((long)SIGUSR1) : "memory");
    __builtin_unreachable();
}

void test_sigframe(void)
{
    for (int i = 0; i < NCASES; i++) {
        pid_t pid = FORK();
        if (pid == 0)
            run_case(i);
        printf("usertests: sigframe: %s\n", names[i]);
        if (i == GOOD)
            EXPECT_EXIT(pid, 42);
        else
            EXPECT_SIGNAL(pid, SIGSEGV);
    }
    pid_t pid = FORK();
    if (pid == 0)
        unwritable_frame();
    EXPECT_SIGNAL(pid, SIGSEGV);
    /* Each bad frame's end was its own: the kernel goes on (the next
     * ones, the runner's page count). */
    CHECK_EQ(sys_getpid() > 0, 1);
}
