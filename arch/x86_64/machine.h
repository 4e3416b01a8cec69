/* machine.h -- the machine around the CPU: QEMU detection, the test exit
 * port, power-off and reboot. */
#ifndef ARCH_X86_64_MACHINE_H
#define ARCH_X86_64_MACHINE_H
#include <stdbool.h>
#include <stdnoreturn.h>

/* Test verdicts through QEMU's isa-debug-exit at 0xF4: QEMU exits with
 * (code << 1) | 1, so PASS gives 33 and FAIL gives 35. */
#define MACHINE_EXIT_PASS 0x10
#define MACHINE_EXIT_FAIL 0x11

bool machine_is_qemu(void);          /* fw_cfg signature "QEMU" present */
/* machine_exit: under QEMU, leave through isa-debug-exit with the code;
 * elsewhere (or without the device) power off through ACPI, then halt. */
noreturn void machine_exit(int code);
noreturn void machine_poweroff(void);
noreturn void machine_halt(void);
noreturn void machine_reset(void);
#endif
