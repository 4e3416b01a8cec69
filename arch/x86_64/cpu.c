/* cpu.c -- per-CPU records and CPU feature set-up (NX, SMEP, SMAP, WP). */
#include "kernel/kernel.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"

struct cpu cpus[MAX_CPUS];
int ncpus = 1;

_Static_assert(offsetof(struct cpu, self) == 0, "gs:0");
_Static_assert(offsetof(struct cpu, kstack_top) == 8, "syscall.asm");
_Static_assert(offsetof(struct cpu, user_rsp) == 16, "syscall.asm");
_Static_assert(offsetof(struct cpu, proc) == CPU_OFF_PROC, "myproc() in proc/proc.h");
_Static_assert(offsetof(struct cpu, ncli) == CPU_OFF_NCLI, "push_off in kernel/spinlock.h");
_Static_assert(offsetof(struct cpu, intena) == CPU_OFF_INTENA, "push_off in kernel/spinlock.h");
_Static_assert(offsetof(struct cpu, vm) == CPU_OFF_VM, "cpu_vm in arch/x86_64/cpu.h");

/* cpu_init_bsp: make mycpu() work on the boot CPU. Must run before anything
 * that takes a lock. */
void cpu_init_bsp(void)
{
    struct cpu *c = &cpus[0];
    c->self = c;
    c->id = 0;
    c->online = true;
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
}

static bool cpuid_bit(uint32_t leaf, int reg, int bit)
{
    uint32_t r[4];
    cpuid(leaf & 0x80000000, 0, &r[0], &r[1], &r[2], &r[3]);
    if (r[0] < leaf)
        return false;
    cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
    return (r[reg] >> bit) & 1;
}

bool cpu_has_smep(void) { return cpuid_bit(7, 1, 7); }
bool cpu_has_smap(void) { return cpuid_bit(7, 1, 20); }
bool cpu_has_nx(void) { return cpuid_bit(0x80000001, 3, 20); }

/* What weensy does without each feature a current CPU has: each missing
 * one gets one line at boot, so a log from an old or emulated CPU says
 * what it lost (docs/time.md lists them). */
static const struct {
    uint32_t leaf;
    int reg, bit;                /* reg: 0 EAX, 1 EBX, 2 ECX, 3 EDX */
    const char *line;
} cpu_features[] = {
    { 0x80000001, 3, 20, "no NX: data, stacks and the heap stay executable" },
    { 7, 1, 7, "no SMEP: nothing stops the kernel from running a user page by mistake" },
    { 7, 1, 20, "no SMAP: nothing stops the kernel from touching user memory by mistake" },
    { 1, 2, 17, "no PCID: none lost, weensy flushes the TLB at every address-space switch anyway" },
    { 1, 2, 26, "no XSAVE: FXSAVE keeps threads' x87 and SSE registers, no AVX" },
    { 1, 2, 21, "no x2APIC: the local APIC in xAPIC mode (registers in memory)" },
};

void cpu_report_missing(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(cpu_features); i++)
        if (!cpuid_bit(cpu_features[i].leaf, cpu_features[i].reg, cpu_features[i].bit))
            kprintf("cpu: %s\n", cpu_features[i].line);
}

/* cpu_enable_features: write protection in ring 0, and SMEP/SMAP when the
 * CPU has them, so the kernel can neither run user code nor touch user
 * memory by accident. NXE was set by the boot code; the FPU's settings are
 * fpu.c's. */
void cpu_enable_features(void)
{
    write_cr0(read_cr0() | CR0_WP);
    uint64_t cr4 = read_cr4();
    if (cpu_has_smep())
        cr4 |= CR4_SMEP;
    if (cpu_has_smap())
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
}
