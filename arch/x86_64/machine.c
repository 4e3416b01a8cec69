/* machine.c -- leaving the machine: QEMU's exit port for tests, ACPI
 * power-off for real hardware, halt as the last resort; restarting. */
#include "kernel/kernel.h"
#include "arch/x86_64/machine.h"
#include "arch/x86_64/acpi.h"
#include "kernel/cmdline.h"
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
    const char *why = acpi_no_poweroff();
    if (why) {
        kprintf("machine: no ACPI power-off (%s); halted. It is safe to turn the machine off.\n", why);
        machine_halt();
    }
    kprintf("machine: powering off through ACPI S5\n");
    acpi_poweroff();
    kprintf("machine: ACPI power-off did not work; halted. It is safe to turn the machine off.\n");
    machine_halt();
}

static void machine_wait(void)
{
    for (volatile int i = 0; i < 1000000; i++)
        cpu_relax();
}

/* The ways to restart a PC, best first; reboot=NAME on the command line
 * starts further down the list (as Linux's reboot= does), to test each. */
enum { RESET_ACPI, RESET_KBD, RESET_PCI, RESET_TRIPLE };

static int machine_reset_first(void)
{
    static const char *const names[] = { "acpi", "kbd", "pci", "triple" };
    const char *want = cmdline_get("reboot");
    for (int i = 0; want && i < (int)ARRAY_SIZE(names); i++)
        if (strcmp(want, names[i]) == 0)
            return i;
    return RESET_ACPI;
}

/* machine_reset: the FADT's reset register; the keyboard controller's
 * reset line (0xFE to port 0x64: harmless where there is no controller);
 * the PCI reset control register (0xCF9: a full reset); and if none
 * worked, a triple fault: an empty IDT and an exception. Each way tried
 * is named first, so the log shows which one did it. */
noreturn void machine_reset(void)
{
    int first = machine_reset_first();
    const char *acpi = acpi_reset_describe();
    if (first <= RESET_ACPI && acpi) {
        kprintf("machine: restarting through the ACPI reset register (%s)\n", acpi);
        acpi_reset();
    }
    if (first <= RESET_KBD) {
        kprintf("machine: restarting through the keyboard controller\n");
        outb(0x64, 0xfe);
        machine_wait();
    }
    if (first <= RESET_PCI) {
        kprintf("machine: restarting through the PCI reset register 0xcf9\n");
        outb(0xcf9, 0x02);
        outb(0xcf9, 0x06);
        machine_wait();
    }
    kprintf("machine: restarting by a triple fault\n");
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
    __asm__ volatile("lidt %0; int3" : : "m"(none));
    machine_halt();
}
