/* gdt.c -- the per-CPU GDT and TSS. The TSS gives the CPU the kernel stack
 * to switch to on an interrupt from user mode (rsp0) and the separate IST
 * stacks for double faults, NMIs and machine checks, which can arrive with
 * any stack at all. */
#include "kernel/kernel.h"
#include "arch/x86_64/gdt.h"

/* The boot CPU's IST stacks live in .bss (they are needed before the page
 * allocator exists); other CPUs get theirs from the page allocator when
 * they are started (proc/cpus.c). */
static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

void gdt_boot_ist(uintptr_t ist_top[IST_COUNT])
{
    for (int i = 0; i < IST_COUNT; i++)
        ist_top[i] = (uintptr_t)&boot_ist_stacks[i][IST_STACK_SIZE];
}

static uint64_t seg_code(int dpl) { return 0x00209a0000000000UL | ((uint64_t)dpl << 45); }
static uint64_t seg_data(int dpl) { return 0x0000920000000000UL | ((uint64_t)dpl << 45); }

static void gdt_set_tss(struct gdt *g)
{
    uint64_t base = (uint64_t)&g->tss;
    uint64_t limit = sizeof(struct tss) - 1;
    g->entries[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                    (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
                    (((base >> 24) & 0xff) << 56);
    g->entries[6] = base >> 32;
}

/* gdt_init_cpu: build and load this CPU's GDT and TSS, reload segments. */
void gdt_init_cpu(struct gdt *g, const uintptr_t ist_top[IST_COUNT])
{
    memset(g, 0, sizeof(*g));
    g->entries[1] = seg_code(0);
    g->entries[2] = seg_data(0);
    g->entries[3] = seg_data(3);
    g->entries[4] = seg_code(3);
    g->tss.iomap_base = sizeof(struct tss);
    for (int i = 0; i < IST_COUNT; i++)
        g->tss.ist[i] = ist_top[i];
    gdt_set_tss(g);

    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) ptr = {
        sizeof(g->entries) - 1, (uint64_t)g->entries
    };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "ltr %w3\n\t"
        :
        : "m"(ptr), "i"(SEG_KCODE), "r"(SEG_KDATA), "r"(SEG_TSS)
        : "rax", "memory");
}

void gdt_set_kernel_stack(struct gdt *g, uint64_t rsp0)
{
    g->tss.rsp[0] = rsp0;
}
