/* shutdown.c -- what happens when init exits (see shutdown.h). */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "proc/program.h"
#include "proc/shutdown.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "kernel/console/screen.h"
#include "arch/x86_64/machine.h"
#include "include/weensy/syscalls.h"

static size_t free_before_init;
static volatile bool shutting_down;
static int init_status;

void shutdown_baseline(void)
{
    free_before_init = page_nfree();
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

/* The page check: every page a process ever took is free again, except
 * those the program cache keeps for the next run. */
bool shutdown_check_pages(const char *when)
{
    mm_check(when);
    failalloc_report();
    size_t nfree = page_nfree(), cache = program_cache_pages();
    bool ok = nfree + cache == free_before_init;
    kprintf("proc: free pages %lu, before init %lu, program cache %lu: %s\n", nfree,
            free_before_init, cache, ok ? "ok" : "LEAK");
    return ok;
}

void shutdown_poll(void)
{
    if (!shutting_down || !shutdown_reap_all())
        return;
    bool ok = shutdown_check_pages("shutdown");
    bool pass = ok && WIFEXITED(init_status) && WEXITSTATUS(init_status) == 0;
    if (cmdline_has("screen_snapshot"))    /* for tests: what the screen showed */
        screen_snapshot_log("shutdown");
    if (cmdline_has("harness") || cmdline_has("test"))
        machine_exit(pass ? MACHINE_EXIT_PASS : MACHINE_EXIT_FAIL);
    kprintf("weensy: init is gone; powering off\n");
    machine_poweroff();
}
