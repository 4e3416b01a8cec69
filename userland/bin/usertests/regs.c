/* regs.c -- the kernel hands a process back its registers: a system call
 * changes only rax, rcx and r11 (Linux's convention), an interrupt or a
 * switch to another process changes nothing, a forked child starts with its
 * parent's registers, and the direction flag and alignment-check flag a
 * process sets neither leak into the kernel nor get lost. The probes are
 * in regs.asm. */
#include "ut.h"

long regs_syscall_probe(long nr, long seed);
long regs_spin_probe(long seed, long iterations);

static const char *const reg_names[] = {
    "ok", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9",
    "r10", "r11", "r12", "r13", "r14", "r15", "DF",
};

static const char *reg_name(long r)
{
    return r >= 0 && r <= 16 ? reg_names[r] : "?";
}

/* syscall_df: a system call made with the direction flag set. */
static long syscall_df(long n, long a1, long a2, long a3, long a4)
{
    register long r10 __asm__("r10") = a4;
    __asm__ volatile("std\n\tsyscall\n\tcld"
                     : "+a"(n), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
                     :
                     : "rcx", "r11", "r8", "r9", "memory", "cc");
    return n;
}

/* Calls whose arguments, being the probe's patterns, are all invalid:
 * each takes a different error path through the kernel. */
static const long probe_calls[] = {
    SYS_getpid, SYS_getppid, SYS_sched_yield, SYS_page_count,
    SYS_read, SYS_write, SYS_kill, SYS_wait4, SYS_nanosleep,
    SYS_virt_to_phys, SYS_page_refs, SYS_page_alloc, 5000,
};

#define NPROBE_CALLS (sizeof probe_calls / sizeof probe_calls[0])

static void probe_syscalls(long seed, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        for (size_t j = 0; j < NPROBE_CALLS; j++) {
            long r = regs_syscall_probe(probe_calls[j], seed + i);
            if (r != 0)
                FAIL("system call %ld changed %s", probe_calls[j], reg_name(r));
        }
    }
}

/* probe_fork: parent and child both return from fork with the registers
 * the parent had. */
static void probe_fork(void)
{
    pid_t me = getpid();
    long r = regs_syscall_probe(SYS_fork, 0x5eed);
    if (getpid() != me)
        exit(r == 0 ? 0 : 20 + (int)r);
    if (r != 0)
        FAIL("fork changed %s in the parent", reg_name(r));
    int status = 0;
    long pid = sys_wait4(-1, (long)&status, 0, 0);
    CHECK(pid > 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        FAIL("fork changed %s in the child (status 0x%x)",
             reg_name(WEXITSTATUS(status) - 20), status);
}

/* probe_df: the kernel's copies are right when the caller left DF set. */
static void probe_df(void)
{
    static const char msg[] = "usertests: regs: written with DF set\n";
    CHECK_EQ(syscall_df(SYS_write, 1, (long)msg, sizeof msg - 1, 0),
             sizeof msg - 1);

    struct timespec ts = { 0, 1000000 };
    CHECK_EQ(syscall_df(SYS_nanosleep, (long)&ts, 0, 0, 0), 0);

    /* wait4 writes a status and zero-fills a 144-byte struct rusage. */
    unsigned char ru[160];
    int status[3] = { -1, -1, -1 };
    memset(ru, 0xee, sizeof ru);
    pid_t pid = FORK();
    if (pid == 0)
        exit(3);
    CHECK_EQ(syscall_df(SYS_wait4, pid, (long)&status[1], 0, (long)ru), pid);
    CHECK_EQ(status[0], -1);
    CHECK_EQ(status[1], W_EXITCODE(3));
    CHECK_EQ(status[2], -1);
    for (int i = 0; i < 144; i++)
        if (ru[i] != 0)
            FAIL("rusage byte %d is 0x%x, want 0", i, ru[i]);
    for (int i = 144; i < 160; i++)
        if (ru[i] != 0xee)
            FAIL("byte %d after the rusage was written: 0x%x", i, ru[i]);
}

/* probe_ac: a process that sets RFLAGS.AC (which would switch SMAP off
 * in the kernel, were it kept there) takes page faults and timer ticks
 * with it set: each trap clears it for the kernel (vectors.asm; the Debug
 * kernel panics if it finds it set) and gives it back on the way out. */
static void probe_ac(void)
{
    enum { PAGES = 16 };
    char *p = (char *)sys_mmap(0, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK((long)p > 0);
    unsigned long flags, sum = 0;
    __asm__ volatile("pushfq; orq $0x40000, (%%rsp); popfq" : : : "memory", "cc");
    for (int i = 0; i < PAGES; i++) {
        p[i * PAGE_SIZE] = (char)(i + 1);     /* a page fault each */
        for (volatile int spin = 0; spin < 200000; spin++)
            ;                            /* and timer ticks now and then */
        sum += (unsigned long)p[i * PAGE_SIZE];
    }
    __asm__ volatile("pushfq; popq %0; pushfq; andq $~0x40000, (%%rsp); popfq" : "=r"(flags) : : "memory", "cc");
    CHECK(flags & 0x40000);
    CHECK_EQ(sum, PAGES * (PAGES + 1) / 2);
    CHECK_EQ(sys_munmap((long)p, PAGES * PAGE_SIZE), 0);
}

void test_regs(void)
{
    probe_syscalls(0x1234, 20);
    probe_fork();
    probe_df();
    probe_ac();

    /* Concurrent: three spinners with their own patterns and two processes
     * that make system calls, so every kind of switch happens while each
     * one's registers hold its own values. */
    pid_t pids[5];
    for (int i = 0; i < 5; i++) {
        pids[i] = FORK();
        if (pids[i] == 0) {
            if (i < 3) {
                long r = regs_spin_probe(0x1000 * (i + 1), 40000000);
                if (r != 0)
                    FAIL("spinner %d: %s changed", i, reg_name(r));
            } else {
                probe_syscalls(0x77 * i, 100);
            }
            exit(0);
        }
    }
    for (int i = 0; i < 5; i++)
        EXPECT_EXIT(pids[i], 0);
}

/* test_nmi: system calls back to back for a few seconds while the harness
 * sends NMIs (tests/security.cmake): some land between `syscall` and its
 * swapgs, or between the swapgs and `sysret`, where only the GS base says
 * whose GS is loaded. Each call must still come back with every register
 * as it was; the kernel must still be there. */
void test_nmi(void)
{
    printf("usertests: nmi: go\n");
    struct timespec t0, t;
    sys_clock_gettime(1, (long)&t0);
    long calls = 0;
    do {
        for (int i = 0; i < 200; i++, calls++) {
            long r = regs_syscall_probe(SYS_getpid, 0x5eed + calls);
            if (r != 0)
                FAIL("getpid changed %s (call %ld)", reg_name(r), calls);
        }
        sys_clock_gettime(1, (long)&t);
    } while (t.tv_sec - t0.tv_sec < 6);
    printf("usertests: nmi: %ld system calls\n", calls);
}
