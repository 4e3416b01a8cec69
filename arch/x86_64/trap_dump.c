/* trap_dump.c -- the exception report: which exception, its error code in
 * words, CR2 for page faults, every register and a symbolized backtrace. */
#include "kernel/kernel.h"
#include "kernel/symbols.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/x86.h"
#include "mm/kstack.h"

static const char *const names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range exceeded", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack-segment fault", "#GP general protection fault",
    "#PF page fault", "reserved 15", "#MF x87 floating-point error", "#AC alignment check",
    "#MC machine check", "#XM SIMD floating-point exception", "#VE virtualization exception",
    "#CP control protection", "reserved 22", "reserved 23", "reserved 24", "reserved 25",
    "reserved 26", "reserved 27", "#HV hypervisor injection", "#VC VMM communication",
    "#SX security exception", "reserved 31",
};

const char *trap_name(uint64_t vector)
{
    return vector < 32 ? names[vector] : "interrupt";
}

/* trap_long_name: the name without its mnemonic, e.g. "page fault". */
const char *trap_long_name(uint64_t vector)
{
    const char *name = trap_name(vector);
    const char *space = strchr(name, ' ');
    return name[0] == '#' && space ? space + 1 : name;
}

/* The page-fault error code in words: why, what access, from where. */
void trap_describe_pf(uint64_t err, char *buf, size_t size)
{
    snprintf(buf, size, "%s, %s, %s mode%s%s",
             err & PFE_P ? "protection violation" : "page not present",
             err & PFE_I ? "instruction fetch" : err & PFE_W ? "write" : "read",
             err & PFE_U ? "user" : "kernel",
             err & PFE_RSVD ? ", reserved bit set" : "",
             err & PFE_PK ? ", protection key" : "");
}

/* Error codes of #TS #NP #SS #GP name a selector (SDM vol. 3, 6.13). */
static void describe_selector_error(uint64_t err, char *buf, size_t size)
{
    static const char *const tables[4] = { "GDT", "IDT", "LDT", "IDT" };
    if (err == 0)
        snprintf(buf, size, "no selector");
    else
        snprintf(buf, size, "%s index %lu%s", tables[(err >> 1) & 3],
                 (err >> 3) & 0x1fff, err & 1 ? ", external event" : "");
}

static void print_registers(const struct trapframe *tf);

static void print_rip(const struct trapframe *tf)
{
    uintptr_t off = 0;
    const char *fn = tf_from_user(tf) ? 0 : symbols_lookup(tf->rip, &off);
    if (fn)
        kprintf("  rip %016lx <%s+%#lx>  cs %#lx  rflags %#lx\n", tf->rip, fn, off, tf->cs, tf->rflags);
    else
        kprintf("  rip %016lx  cs %#lx  rflags %#lx\n", tf->rip, tf->cs, tf->rflags);
}

void trap_dump_registers(const struct trapframe *tf)
{
    print_rip(tf);
    print_registers(tf);
}

static void print_registers(const struct trapframe *tf)
{
    kprintf("  rax %016lx  rbx %016lx  rcx %016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf("  rdx %016lx  rsi %016lx  rdi %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf("  rbp %016lx  rsp %016lx  r8  %016lx\n", tf->rbp, tf->rsp, tf->r8);
    kprintf("  r9  %016lx  r10 %016lx  r11 %016lx\n", tf->r9, tf->r10, tf->r11);
    kprintf("  r12 %016lx  r13 %016lx  r14 %016lx\n", tf->r12, tf->r13, tf->r14);
    kprintf("  r15 %016lx  ss  %#lx  cr3 %016lx\n", tf->r15, tf->ss, read_cr3());
}

void trap_dump(const struct trapframe *tf)
{
    char why[96] = "";
    if (tf->vector == T_PF)
        trap_describe_pf(tf->error, why, sizeof(why));
    else if (tf->vector >= 10 && tf->vector <= 13)
        describe_selector_error(tf->error, why, sizeof(why));
    kprintf("\nEXCEPTION %s (vector %lu) in %s mode, error code %#lx%s%s\n",
            trap_name(tf->vector), tf->vector, tf_from_user(tf) ? "user" : "kernel",
            tf->error, why[0] ? ": " : "", why);
    /* Running into a guard page faults, and delivering that #PF on the
     * same exhausted stack faults again: usually a #DF (on its own stack). */
    if ((tf->vector == T_PF || tf->vector == T_DF) && kstack_is_guard(read_cr2()))
        kprintf("  kernel stack overflow: cr2 %016lx is in a stack guard page\n", read_cr2());
    if (tf->vector == T_PF || tf->vector == T_DF)
        kprintf("  cr2 %016lx (the faulting address)\n", read_cr2());
    print_rip(tf);
    print_registers(tf);
    if (!tf_from_user(tf))
        backtrace_print(tf->rbp);     /* the callers of the function at rip */
}
