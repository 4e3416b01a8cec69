/* gdt.h -- segment selectors and the per-CPU GDT with its TSS.
 *
 * Order matters for syscall/sysret (Intel SDM SYSRET): STAR[63:48]+8 is the
 * user code selector and STAR[63:48]+16... see syscall setup; user data sits
 * right below user code so that sysret loads SS = base+8, CS = base+16. */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H
#include <stdint.h>

#define SEG_KCODE 0x08
#define SEG_KDATA 0x10
#define SEG_UDATA 0x1b          /* 0x18 | RPL 3 */
#define SEG_UCODE 0x23          /* 0x20 | RPL 3 */
#define SEG_TSS   0x28

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct gdt {
    uint64_t entries[7];        /* null, kcode, kdata, udata, ucode, tss lo, tss hi */
    struct tss tss;
};

/* IST slots used by the IDT: double faults, NMIs and machine checks run on
 * their own stacks, so a kernel stack overflow still gets reported and an
 * NMI or #MC between syscall and the switch to the kernel stack (or just
 * before sysret) never runs on the user's stack. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MACHINE_CHECK 3
#define IST_COUNT 3
#define IST_STACK_SIZE 4096

/* gdt_init_cpu: load g, with the IST stacks whose tops are given, on this
 * CPU. gdt_boot_ist: the boot CPU's (static) IST stack tops. */
void gdt_init_cpu(struct gdt *g, const uintptr_t ist_top[IST_COUNT]);
void gdt_boot_ist(uintptr_t ist_top[IST_COUNT]);
void gdt_set_kernel_stack(struct gdt *g, uint64_t rsp0);
#endif
