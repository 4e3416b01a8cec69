/* idt.c -- the interrupt descriptor table: every vector points at its stub
 * in vectors.asm. All are interrupt gates (interrupts off on entry); only
 * the breakpoint vector may be raised from user mode with int3. */
#include "kernel/kernel.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trapframe.h"

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, flags;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern const uint64_t trap_vectors[256];

static void idt_set(int vec, uint64_t handler, int ist, int dpl)
{
    idt[vec] = (struct idt_gate){
        .off_lo = handler & 0xffff,
        .sel = SEG_KCODE,
        .ist = ist,
        .flags = 0x8e | (dpl << 5),       /* present, 64-bit interrupt gate */
        .off_mid = (handler >> 16) & 0xffff,
        .off_hi = handler >> 32,
    };
}

/* idt_init: fill the table once (shared by all CPUs). */
void idt_init(void)
{
    for (int v = 0; v < 256; v++)
        idt_set(v, trap_vectors[v], 0, 0);
    idt_set(T_BP, trap_vectors[T_BP], 0, 3);
    idt_set(T_DF, trap_vectors[T_DF], IST_DOUBLE_FAULT, 0);
    idt_set(T_NMI, trap_vectors[T_NMI], IST_NMI, 0);
    idt_set(T_MC, trap_vectors[T_MC], IST_MACHINE_CHECK, 0);
}

/* idt_load: make this CPU use the table. */
void idt_load(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) ptr = {
        sizeof(idt) - 1, (uint64_t)idt
    };
    __asm__ volatile("lidt %0" ::"m"(ptr));
}
