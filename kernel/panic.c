/* panic.c -- stop the kernel with a message, its source location and a
 * backtrace. Under the test harness (test= or harness on the command line)
 * the verdict FAIL then goes to QEMU's exit port; otherwise the machine
 * halts with the message on the screen. */
#include "kernel/kernel.h"
#include "kernel/symbols.h"
#include "kernel/lockdep.h"
#include "kernel/cmdline.h"
#include "kernel/console/console.h"
#include "arch/x86_64/machine.h"
#include "arch/x86_64/x86.h"

static volatile int panicking;
static void (*panic_note)(void);

void panic_set_note(void (*note)(void))
{
    panic_note = note;
}

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    cli();
    if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST) > 0) {
        kprintf("panic: nested panic at %s:%d\n", file, line);
        machine_exit(MACHINE_EXIT_FAIL);
    }
    /* A panic prints whatever this CPU holds: no order checks from here. */
    lockdep_off();
    console_panic();
    va_list ap;
    kprintf("\nPANIC at %s:%d: ", file, line);
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    backtrace_print(read_rbp());
    if (panic_note)
        panic_note();
    kprintf("weensy: halted after panic\n");
    if (cmdline_has("test") || cmdline_has("harness"))
        machine_exit(MACHINE_EXIT_FAIL);
    machine_halt();
}
