/* faults.c -- a process that touches memory it may not, or runs an
 * instruction it may not, is killed with the right signal; nobody else is
 * hurt.
 *
 * For each case a child prints
 *     usertests: fault CASE (pid P): want /REGEX/
 * and then commits the fault. REGEX is what must follow "killed by " in the
 * kernel's one line about it ("proc: pid P (usertests) killed by ...");
 * tests/check_kills.py pairs the two lines in the log, and the parent checks
 * the wait status.
 */
#include "ut.h"

#define HEX "0x[0-9a-f]+"
/* Why vm_fault refused a page fault (docs/vm.md): the end of the line. */
#define NOAREA ", outside any mapped area$"
#define NOPERM ", not allowed by the area's permissions$"

static unsigned char data_ret[16] = { 0xc3 };   /* `ret`, in .data (NX) */

static void do_read(uintptr_t a)
{
    unsigned char v;
    __asm__ volatile("movb (%1), %0" : "=r"(v) : "r"(ut_opaque(a)) : "memory");
}

static void do_write(uintptr_t a)
{
    __asm__ volatile("movb $0x5a, (%0)" : : "r"(ut_opaque(a)) : "memory");
}

static void do_jump(uintptr_t a)
{
    __asm__ volatile("jmp *%0" : : "r"(ut_opaque(a)) : "memory");
}

static void do_ud2(uintptr_t a)
{
    (void)a;
    __asm__ volatile("ud2");
}

static void do_div0(uintptr_t a)
{
    (void)a;
    __asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\txor %%ecx, %%ecx\n\t"
                     "div %%ecx" : : : "rax", "rcx", "rdx");
}

static void do_hlt(uintptr_t a)
{
    (void)a;
    __asm__ volatile("hlt");
}

/* int $14 from ring 3 must hit the gate's DPL 0 (#GP), never the
 * page-fault handler without an error code. The error code is 14 * 8 + 2
 * on hardware; QEMU's TCG reports 14 * 16 + 2 (do_interrupt64). */
static void do_int14(uintptr_t a)
{
    (void)a;
    __asm__ volatile("int $14");
}

/* The kernel must not use the user's rsp: for exceptions (push with rsp 0
 * faults at the top of the address space), for system calls and for
 * interrupts (each returns, then ud2 ends the process with SIGILL). */
static void do_push_at(uintptr_t a)
{
    __asm__ volatile("mov %0, %%rsp\n\tpush %%rax" : : "r"(ut_opaque(a)));
}

static void do_syscall_with_rsp(uintptr_t a)
{
    __asm__ volatile("mov %0, %%rsp\n\tmov $39, %%eax\n\tsyscall\n\tud2"
                     : : "r"(ut_opaque(a)) : "rax", "rcx", "r11", "memory");
}

static void do_spin_with_rsp(uintptr_t a)
{
    __asm__ volatile("mov %0, %%rsp\n\tmov $30000000, %%ecx\n"
                     "1:\n\tdec %%ecx\n\tjnz 1b\n\tud2"
                     : : "r"(ut_opaque(a)) : "rcx");
}

/* An x87 divide by zero with the exception unmasked: #MF at the next x87
 * instruction (the fwait), SIGFPE. (x87, MMX and SSE instructions run:
 * every thread's registers are saved, proc/fpu_switch.h; bin/fputest.) */
static void do_x87(uintptr_t a)
{
    (void)a;
    uint16_t cw = 0x37f & ~0x4;      /* zero-divide unmasked */
    double zero = 0;
    __asm__ volatile("fldcw %0\n\tfld1\n\tfdivl %1\n\tfwait" : : "m"(cw), "m"(zero));
}

struct fault_case {
    const char *name;
    void (*fn)(uintptr_t addr);
    uintptr_t addr;
    int sig;
    const char *want;
};

/* The kernel half, mapped or not, depending on the kernel's layout (today
 * 0xffffffff80100000 is not: the higher half of the image starts after the
 * low boot part): either way a user access faults. */
#define KPF "(not present|protection)"

static void run_case(const struct fault_case *c)
{
    char s[32];
    pid_t pid = FORK();
    if (pid == 0) {
        printf("usertests: fault %s (pid %d): want /%s/\n", c->name, getpid(),
               c->want);
        c->fn(c->addr);
        printf("usertests: fault %s: survived\n", c->name);
        exit(99);
    }
    int status = WAIT(pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != c->sig)
        FAIL("%s: child %s, want signal %d", c->name, testrun_status(status, s),
             c->sig);
}

void test_faults(void)
{
    uintptr_t code = (uintptr_t)&test_faults;
    uintptr_t stack_top = USER_STACK_TOP - 64;
    unsigned char code_byte = *(volatile unsigned char *)code;
    long code_phys = virt_to_phys((void *)code);

    CHECK_EQ(sys_page_alloc(SCRATCH), 0);
    *(unsigned char *)SCRATCH = 0xc3;

    const struct fault_case cases[] = {
        { "read-null", do_read, 0, SIGSEGV,
          "page fault: rip " HEX ", address 0x0, not present, read" NOAREA },
        { "write-null", do_write, 0, SIGSEGV,
          "page fault: rip " HEX ", address 0x0, not present, write" NOAREA },
        { "jump-null", do_jump, 0, SIGSEGV,
          "page fault: rip 0x0, address 0x0, not present, fetch" NOAREA },
        { "read-kernel", do_read, KIMAGE_ADDR, SIGSEGV, "page fault: rip " HEX
          ", address 0xffffffff80100000, " KPF ", read" NOAREA },
        { "write-kernel", do_write, KIMAGE_ADDR, SIGSEGV, "page fault: rip " HEX
          ", address 0xffffffff80100000, " KPF ", write" NOAREA },
        { "jump-kernel", do_jump, KIMAGE_ADDR, SIGSEGV,
          "page fault: rip 0xffffffff80100000, address 0xffffffff80100000, "
          KPF ", fetch" NOAREA },
        { "read-directmap", do_read, DMAP_ADDR, SIGSEGV, "page fault: rip " HEX
          ", address 0xffff800000000000, " KPF ", read" NOAREA },
        { "write-directmap", do_write, DMAP_ADDR, SIGSEGV,
          "page fault: rip " HEX ", address 0xffff800000000000, " KPF
          ", write" NOAREA },
        { "jump-directmap", do_jump, DMAP_ADDR, SIGSEGV,
          "page fault: rip 0xffff800000000000, address 0xffff800000000000, "
          KPF ", fetch" NOAREA },
        { "read-kstack", do_read, KSTACK_ADDR, SIGSEGV, "page fault: rip " HEX
          ", address 0xffffff0000001000, " KPF ", read" NOAREA },
        { "write-kstack", do_write, KSTACK_ADDR, SIGSEGV, "page fault: rip " HEX
          ", address 0xffffff0000001000, " KPF ", write" NOAREA },
        { "jump-kstack", do_jump, KSTACK_ADDR, SIGSEGV,
          "page fault: rip 0xffffff0000001000, address 0xffffff0000001000, "
          KPF ", fetch" NOAREA },
        { "write-code", do_write, code, SIGSEGV,
          "page fault: rip " HEX ", address 0x4[0-9a-f]+, protection, "
          "write" NOPERM },
        { "write-rodata", do_write, (uintptr_t)ro_page, SIGSEGV,
          "page fault: rip " HEX ", address 0x4[0-9a-f]+, protection, "
          "write" NOPERM },
        { "jump-rodata", do_jump, (uintptr_t)ro_page, SIGSEGV,
          "page fault: rip (0x4[0-9a-f]+), address \\1, protection, "
          "fetch" NOPERM },
        { "jump-data", do_jump, (uintptr_t)data_ret, SIGSEGV,
          "page fault: rip (0x4[0-9a-f]+), address \\1, protection, "
          "fetch" NOPERM },
        { "jump-stack", do_jump, stack_top, SIGSEGV,
          "page fault: rip (0x7ffffff[0-9a-f]+), address \\1, protection, "
          "fetch" NOPERM },
        { "jump-page_alloc", do_jump, SCRATCH, SIGSEGV,
          "page fault: rip 0x100000000, address 0x100000000, protection, "
          "fetch" NOPERM },
        { "read-stack-guard", do_read, USER_STACK_LIMIT - 8, SIGSEGV,
          "page fault: rip " HEX ", address 0x7fffff7feff8, not present, "
          "read, stack overflow( \\(.*\\))?$" },
        { "read-noncanonical", do_read, NONCANON_ADDR, SIGSEGV,
          "general protection fault: rip (" HEX "), address \\1, "
          "error code 0x0$" },
        { "jump-noncanonical", do_jump, NONCANON_ADDR, SIGSEGV,
          "general protection fault: rip " HEX ", address " HEX
          ", error code 0x0$" },
        { "ud2", do_ud2, 0, SIGILL,
          "invalid opcode: rip (" HEX "), address \\1, error code 0x0$" },
        { "divide", do_div0, 0, SIGFPE,
          "divide error: rip (" HEX "), address \\1, error code 0x0$" },
        { "hlt", do_hlt, 0, SIGSEGV,
          "general protection fault: rip (" HEX "), address \\1, "
          "error code 0x0$" },
        { "int14", do_int14, 0, SIGSEGV,
          "general protection fault: rip (" HEX "), address \\1, "
          "error code 0x(72|e2)$" },
        { "push-rsp0", do_push_at, 0, SIGSEGV, "page fault: rip " HEX
          ", address 0xfffffffffffffff8, " KPF ", write" NOAREA },
        { "syscall-rsp0", do_syscall_with_rsp, 0, SIGILL,
          "invalid opcode: rip (0x4[0-9a-f]+), address \\1, error code 0x0$" },
        { "syscall-rsp-kernel", do_syscall_with_rsp, KIMAGE_ADDR + 0x1000,
          SIGILL,
          "invalid opcode: rip (0x4[0-9a-f]+), address \\1, error code 0x0$" },
        { "interrupt-rsp0", do_spin_with_rsp, 0, SIGILL,
          "invalid opcode: rip (0x4[0-9a-f]+), address \\1, error code 0x0$" },
        { "x87-divide", do_x87, 0, SIGFPE,
          "x87 floating-point error: rip (" HEX "), address \\1, error code 0x0$" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);

    /* The shared code page is untouched and still shared. */
    CHECK_EQ(*(volatile unsigned char *)code, code_byte);
    CHECK_EQ(virt_to_phys((void *)code), code_phys);
    printf("usertests: faults: %d cases\n",
           (int)(sizeof cases / sizeof cases[0]));
}
