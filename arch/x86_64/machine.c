/* machine.c -- leaving the machine: QEMU's exit port for tests, ACPI
 * power-off for real hardware, halt as the last resort. */
#include "kernel/kernel.h"
#include "arch/x86_64/machine.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/x86.h"
#include "kernel/lockstat.h"
#include "kernel/lockdep.h"

#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511
#define DEBUG_EXIT_PORT 0xf4

/* QEMU's fw_cfg device answers "QEMU" for key 0 (the signature). Real
 * machines have nothing at 0x510, so the test exit port is used only here. */
bool machine_is_qemu(void)
{
    static int cached = -1;
    if (cached < 0) {
        char sig[4];
        outw(FW_CFG_SELECTOR, 0);
        for (int i = 0; i < 4; i++)
            sig[i] = inb(FW_CFG_DATA);
        cached = memcmp(sig, "QEMU", 4) == 0;
    }
    return cached;
}

noreturn void machine_halt(void)
{
    for (;;) {
        cli();
        hlt();
    }
}

noreturn void machine_exit(int code)
{
    lockdep_at_exit();          /* lockdep=print: the orders this run took */
    lockstat_at_exit();         /* lockstat: how often each lock was busy */
    if (machine_is_qemu())
        outl(DEBUG_EXIT_PORT, code);
    /* No isa-debug-exit device (an interactive run) or not QEMU. */
    machine_poweroff();
}

noreturn void machine_poweroff(void)
{
    kprintf("machine: powering off\n");
    acpi_poweroff();
    kprintf("machine: ACPI power-off did not work; halted. It is safe to turn the machine off.\n");
    machine_halt();
}

/* machine_reset: the keyboard controller's reset line (0xFE to 0x64), then
 * the PCI reset control register (0xCF9: full reset), and if neither
 * worked, a triple fault: an empty IDT and an exception. */
noreturn void machine_reset(void)
{
    kprintf("machine: restarting\n");
    outb(0x64, 0xfe);
    for (volatile int i = 0; i < 100000; i++)
        cpu_relax();
    outb(0xcf9, 0x02);
    outb(0xcf9, 0x06);
    for (volatile int i = 0; i < 100000; i++)
        cpu_relax();
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
    __asm__ volatile("lidt %0; int3" : : "m"(none));
    machine_halt();
}
