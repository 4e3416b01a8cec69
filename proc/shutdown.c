/* shutdown.c -- what happens when init exits (see shutdown.h). */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "proc/program.h"
#include "fs/pcache.h"
#include "fs/vfs.h"
#include "proc/shutdown.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "kernel/console/screen.h"
#include "arch/x86_64/machine.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"
#include "kernel/syscall.h"

static size_t free_before_init;
static volatile bool shutting_down;
static int init_status;
/* What the end is, once everything is reaped and checked: reboot(2) may
 * ask for a restart or a halt instead of the power-off. */
static enum { END_POWEROFF, END_RESTART, END_HALT } end_action;

void shutdown_baseline(void)
{
    free_before_init = page_navailable();
}

void shutdown_begin(int wstatus)
{
    init_status = wstatus;
    shutting_down = true;
    if (WIFEXITED(wstatus))
        kprintf("proc: init exited with status %d\n", WEXITSTATUS(wstatus));
    else
        kprintf("proc: init killed by signal %d\n", WTERMSIG(wstatus));
    btrace_report();
    proc_kill_all();
}

void shutdown_request(const char *why)
{
    kprintf("proc: shutting down: %s\n", why);
    init_status = 0;
    shutting_down = true;
    proc_kill_all();
}

/* Free every zombie; false if some process is still alive. */
bool shutdown_reap_all(void)
{
    for (struct proc *p = ptable; p < ptable + NPROC; p++)
        if (p->state != P_UNUSED && p->state != P_ZOMBIE)
            return false;
    spin_lock(&wait_lock);
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        spin_lock(&p->lock);
        if (p->state == P_ZOMBIE)
            proc_free(p);
        spin_unlock(&p->lock);
    }
    spin_unlock(&wait_lock);
    return true;
}

/* The page check: every page a process ever took is free again (or kept
 * for reuse, as freed kernel stacks are, and counted free), except those
 * the program cache and the page caches keep for the next run (at power-off
 * /tmp is emptied first). */
bool shutdown_check_pages(const char *when)
{
    mm_check(when);
    failalloc_report();
    size_t nfree = page_navailable(), cache = program_cache_pages() + pcache_kept();
    bool ok = nfree + cache == free_before_init;
    kprintf("proc: free pages %lu, before init %lu, program cache %lu: %s\n", nfree,
            free_before_init, cache, ok ? "ok" : "LEAK");
    if (!ok) {                   /* where the missing pages are, by kind */
        size_t kinds[PAGE_KIND_COUNT];
        page_count_kinds(kinds);
        kprintf("proc: pages by kind:");
        for (int k = 0; k < PAGE_KIND_COUNT; k++)
            kprintf(" %s %lu", page_kind_name(k), kinds[k]);
        kprintf("; of free, %lu on lists and %lu in kept kernel stacks\n", page_nfree(), page_nkept());
    }
    if (swap_on()) {             /* every slot named by a process is free again */
        size_t used = swap_nused();
        uint64_t outs, ins, clean;
        swap_stats(&outs, &ins, &clean);
        kprintf("proc: swap slots in use %lu: %s (page-outs %lu, page-ins %lu)\n", used, used ? "LEAK" : "ok",
                outs, ins);
        ok = ok && !used;
    }
    return ok;
}

void shutdown_poll(void)
{
    if (!shutting_down || !shutdown_reap_all())
        return;
    vfs_empty("/tmp");           /* its files go with the machine, and give every page back */
    bool ok = shutdown_check_pages("shutdown");
    bool pass = ok && WIFEXITED(init_status) && WEXITSTATUS(init_status) == 0;
    if (cmdline_has("screen_snapshot"))    /* for tests: what the screen showed */
        screen_snapshot_log("shutdown");
    if (cmdline_has("harness") || cmdline_has("test"))
        machine_exit(pass ? MACHINE_EXIT_PASS : MACHINE_EXIT_FAIL);
    if (end_action == END_RESTART)
        machine_reset();
    if (end_action == END_HALT) {
        kprintf("weensy: halted; it is safe to turn the machine off\n");
        machine_halt();
    }
    kprintf("weensy: init is gone; powering off\n");
    machine_poweroff();
}

/* reboot(2), Linux's 169: only the first process may end the machine, and
 * only with the magic numbers. Power-off, restart and halt all go the way
 * init's exit goes (every process killed and reaped, the page check), then
 * do what was asked. Ctrl-Alt-Del is not wired to anything: CAD_ON and
 * CAD_OFF are accepted and change nothing. */
long sys_reboot(long magic1, long magic2, long cmd, uintptr_t arg)
{
    (void)arg;
    if (magic1 != REBOOT_MAGIC1 || (magic2 != REBOOT_MAGIC2 && magic2 != REBOOT_MAGIC2A &&
                                    magic2 != REBOOT_MAGIC2B && magic2 != REBOOT_MAGIC2C))
        return -EINVAL;
    if (myproc() != initproc)
        return -EPERM;
    switch (cmd) {
    case REBOOT_CMD_CAD_ON:
    case REBOOT_CMD_CAD_OFF:
        return 0;
    case REBOOT_CMD_POWER_OFF: end_action = END_POWEROFF; break;
    case REBOOT_CMD_RESTART: end_action = END_RESTART; break;
    case REBOOT_CMD_HALT: end_action = END_HALT; break;
    default:
        return -EINVAL;
    }
    kprintf("proc: pid 1 asked to %s the machine\n", end_action == END_RESTART ? "restart" :
            end_action == END_HALT ? "halt" : "power off");
    proc_exit_group(W_EXITCODE(0));
}

/* test_exit(pass): end the run now with a verdict (after the self-check),
 * for tests that cannot wait for init to exit. Only the test harness's
 * first process may: anywhere else a program cannot end the machine. */
long sys_test_exit(long pass)
{
    if (myproc() != initproc || !(cmdline_has("harness") || cmdline_has("test")))
        return -EPERM;
    mm_check("test_exit");
    kprintf("proc: pid %d (%s) ended the test run: %s\n", myproc()->pid, myproc()->name,
            pass ? "pass" : "fail");
    machine_exit(pass ? MACHINE_EXIT_PASS : MACHINE_EXIT_FAIL);
}
