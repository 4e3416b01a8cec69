/* panic.c -- stop the kernel with a message, its source location and a
 * backtrace, and stop every other CPU, each saying where it was. Under the test harness (test= or harness on the command line)
 * the verdict FAIL then goes to QEMU's exit port; otherwise the machine
 * halts with the message on the screen. */
#include "kernel/kernel.h"
#include "kernel/symbols.h"
#include "kernel/lockdep.h"
#include "kernel/cmdline.h"
#include "kernel/console/console.h"
#include "arch/x86_64/machine.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trap.h"

static volatile int panicking;
static void (*panic_note)(void);
static bool stopping;            /* [atomic] see panic_stopping() */
static int report_cpu = -1;      /* [atomic] the CPU to report itself now */
static bool reported;            /* [atomic] it has */

bool panic_stopping(void) { return __atomic_load_n(&stopping, __ATOMIC_ACQUIRE); }

/* The NMI a panicking CPU sends: say where this CPU was, then stop here
 * for good (NMIs stay blocked: there is no iret). */
static bool panic_nmi(const struct trapframe *tf)
{
    if (!panic_stopping())
        return false;
    struct cpu *c = mycpu();
    if (__atomic_load_n(&report_cpu, __ATOMIC_ACQUIRE) == c->id) {
        kprintf("panic: CPU %d stopped, %s mode, %s\n", c->id,
                tf_from_user(tf) ? "user" : "kernel", c->proc ? "in a process" : "with no process");
        trap_dump_registers(tf);
        if (!tf_from_user(tf))
            backtrace_print(tf->rbp);
        __atomic_store_n(&reported, true, __ATOMIC_RELEASE);
    }
    for (;;)
        hlt();
}

void panic_init(void)
{
    trap_add_nmi_hook(panic_nmi);
}

/* Stop every other CPU, one at a time, each printing its registers and
 * backtrace from the NMI (so even one spinning with interrupts off). A
 * CPU that does not answer within a second is named and left. */
static void panic_stop_others(void)
{
    int n = __atomic_load_n(&ncpus, __ATOMIC_ACQUIRE), self = mycpu()->id;
    if (n == 1)
        return;
    __atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
    for (int i = 0; i < n; i++) {
        if (i == self)
            continue;
        __atomic_store_n(&reported, false, __ATOMIC_RELEASE);
        __atomic_store_n(&report_cpu, i, __ATOMIC_RELEASE);
        irq_send_nmi(i);
        for (int us = 0; us < 1000000 && !__atomic_load_n(&reported, __ATOMIC_ACQUIRE); us += 100)
            timer_delay_us(100);
        if (!__atomic_load_n(&reported, __ATOMIC_ACQUIRE))
            kprintf("panic: CPU %d did not answer its NMI\n", i);
    }
}

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
    kprintf("panic: on CPU %d\n", mycpu()->id);
    backtrace_print(read_rbp());
    if (panic_note)
        panic_note();
    panic_stop_others();
    kprintf("weensy: halted after panic\n");
    if (cmdline_has("test") || cmdline_has("harness"))
        machine_exit(MACHINE_EXIT_FAIL);
    machine_halt();
}
