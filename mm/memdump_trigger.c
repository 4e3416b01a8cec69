/* memdump_trigger.c -- when a memory dump is taken: the mem_dump system
 * call, the key 'm', and every N ticks with memdump=N.
 *
 * A dump must not catch an operation half done. Spinlocks keep interrupts
 * off, so no tick lands inside a held spinlock on this CPU; but several
 * kernel paths hold page references in local variables with no lock and
 * interrupts on, and the timer preempts system calls. Between page_alloc()
 * and vmspace_map_page() in page_alloc(2) a page is in use but in no table;
 * an exiting process has taken its space off the list but not yet freed
 * its pages, and is not yet a zombie. A dump then would show a leak that is
 * not one. So a dump is taken only when the state is whole:
 *
 *  - the context it runs in is at a clean point: a system call's handler
 *    that holds nothing, a tick that interrupted user mode, or a tick in
 *    the scheduler (no process);
 *  - no other process is stopped in the middle of kernel work. The only
 *    ways to stop are a tick (which preempts) and sleep(). Every sleep()
 *    (wait4, nanosleep, console read) holds no page reference, so sleepers
 *    are whole; a runnable process is whole unless the tick that last
 *    preempted it came in kernel mode, which the tick hook records below.
 *
 * This assumes one CPU (the kernel starts no others): with more, another
 * CPU could be in the middle of such an operation at any time.
 */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/keys.h"
#include "kernel/syscall.h"
#include "mm/memdump.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trapframe.h"
#include "include/weensy/errno.h"

/* How many times mem_dump yields to let other processes finish what they
 * were doing before it gives up with -EAGAIN. Each wait is at most a tick
 * or two, so this is a few seconds at worst. */
#define MEMDUMP_SYSCALL_TRIES 500

/* Per process slot: the last tick that preempted it came in kernel mode.
 * Written only by the tick, read with interrupts off. A stale true (the
 * slot reused since) only delays a dump until the new process's next tick
 * in user mode. */
static volatile bool preempted_in_kernel[NPROC];
/* Per process slot: it is in mem_dump waiting for the others, holding
 * nothing, so a tick there does not make it half done. Without this two
 * processes waiting in mem_dump would each wait for the other. */
static volatile bool waiting_to_dump[NPROC];
static const char *volatile pending;   /* a dump asked for, not yet taken */
static unsigned long interval;         /* memdump=N: ticks between dumps; 0 = never */
static uint64_t next_periodic;         /* [tick] when memdump=N next asks */

bool memdump_quiescent(const struct proc *self)
{
    for (int i = 0; i < NPROC; i++) {
        const struct proc *p = &ptable[i];
        if (p != self && p->state == P_RUNNABLE && preempted_in_kernel[i])
            return false;
    }
    return true;
}

void memdump_request(const char *why)
{
    pending = why;
}

/* Every tick: note how the running process was interrupted, ask for the
 * periodic dump, and take a pending dump if the state is whole. Until init
 * exists kmain may be in the middle of anything (in-kernel tests hold
 * pages), so no dumps.
 *
 * The dump runs in the timer interrupt: bounded work (one pass over the
 * records, the tables and the holders), no sleeping, but long: the serial
 * port takes about 0.2 ms a line under QEMU without KVM, so a thousand
 * lines hold interrupts off for 0.2 s and the ticks in between are lost.
 * So the periodic dump counts its N ticks from the end of the previous
 * dump, plus one for the tick held back during it: the machine always
 * gets at least one tick of work between two dumps. */
static void memdump_tick(const struct trapframe *tf)
{
    struct proc *p = myproc();
    if (p && p->state == P_RUNNING)
        preempted_in_kernel[p - ptable] = !tf_from_user(tf) && !waiting_to_dump[p - ptable];
    if (interval && !pending && timer_ticks() >= next_periodic)
        pending = "timer";
    if (!pending || !initproc)
        return;
    if (p && !tf_from_user(tf))
        return;                      /* a system call, maybe half done */
    if (!memdump_quiescent(p))
        return;
    const char *why = pending;
    pending = 0;
    memdump(why);
    next_periodic = timer_ticks() + interval + 1;
}

/* mem_dump(): a dump now, from the caller's point of view. The caller's
 * own state is whole (it is here, holding nothing); others may need to run
 * a little to finish what they were preempted in. The check and the dump
 * happen with interrupts off, so nothing can start in between. */
long sys_mem_dump(void)
{
    struct proc *self = myproc();
    long ret = -EAGAIN;
    waiting_to_dump[self - ptable] = true;
    for (int tries = 0; tries <= MEMDUMP_SYSCALL_TRIES; tries++) {
        push_off();
        bool whole = memdump_quiescent(self);
        if (whole)
            memdump("syscall");
        pop_off();
        if (whole) {
            ret = 0;
            break;
        }
        yield();
    }
    waiting_to_dump[self - ptable] = false;
    return ret;
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
     * does); "keys" on the command line does it for any boot. Registering
     * a key after this would trip keys_register's check, hence "after every
     * other key's registration" in memdump.h. */
    if (cmdline_has("keys"))
        keys_enable(true);
    if (interval)
        kprintf("boot: memory dump every %lu ticks\n", interval);
}
