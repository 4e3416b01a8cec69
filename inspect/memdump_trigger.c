/* memdump_trigger.c -- when a memory dump is taken: the mem_dump system
 * call, the key 'm', and every N ticks with memdump=N.
 *
 * A dump may be taken at any moment no spinlock is held: every page is
 * allocated and freed under the lock that publishes it (a vm->lock, the
 * address-space list, the program cache's or shm's lock), the dump takes
 * those locks, and a tick never lands inside a spinlock held on its own
 * CPU (spinlocks keep interrupts off). The one visible half-way state, a
 * process that has given up its address space but is not yet a zombie, is
 * shown as "exiting". Until processes exist, kmain may be in the middle of
 * anything (in-kernel tests hold pages), so there are no dumps before.
 */
#include "kernel/kernel.h"
#include "kernel/pause.h"
#include "kernel/cmdline.h"
#include "kernel/keys.h"
#include "kernel/syscall.h"
#include "inspect/memdump.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trapframe.h"
#include "include/weensy/errno.h"


static const char *volatile pending;   /* a dump asked for, not yet taken */
static unsigned long interval;         /* memdump=N: ticks between dumps; 0 = never */
static uint64_t next_periodic;         /* [tick] when memdump=N next asks */

void memdump_request(const char *why)
{
    pending = why;
}

/* Every tick: ask for the periodic dump, and take a pending one.
 *
 * The dump runs in the timer interrupt: bounded work (one pass over the
 * records, the tables and the holders), no sleeping, but long: the serial
 * port takes about 0.2 ms a line under QEMU without KVM, so a thousand
 * lines hold interrupts off for 0.2 s and the ticks in between are lost.
 * So the periodic dump counts its N ticks from the end of the previous
 * dump, plus one for the tick held back during it: the machine always
 * gets at least one tick of work between two dumps. The other CPUs wait
 * paused meanwhile (kernel/pause.h), so the dump is one moment's state. */
static void memdump_tick(const struct trapframe *tf)
{
    (void)tf;
    if (interval && !pending && timer_ticks() >= next_periodic)
        pending = "timer";
    if (!pending || !proc_started())
        return;
    if (!cpus_try_pause())
        return;                  /* another CPU is pausing: next tick */
    const char *why = pending;
    pending = 0;
    memdump(why);
    cpus_resume();
    next_periodic = timer_ticks() + interval + 1;
}

/* Key 'm': runs in the input interrupt, which may have landed anywhere;
 * the next whole tick takes the dump. */
static void memdump_key(char key)
{
    (void)key;
    memdump_request("key");
}

void memdump_init(void)
{
    long n = cmdline_get_long("memdump", 0);
    interval = n > 0 ? (unsigned long)n : 0;
    next_periodic = interval;
    keys_register('m', memdump_key, "memory dump");
    timer_add_tick_hook(memdump_tick);
    /* Key commands are off unless something turns them on (the demo mode
     * and the viewer do); "keys" on the command line does it for any boot. */
    if (cmdline_has("keys"))
        keys_enable(true);
    if (interval)
        kprintf("boot: memory dump every %lu ticks\n", interval);
}
