/* init.c -- the first process. The command line names it and its
 * arguments: "init=NAME -- ARG..." (default: the program "init"). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "proc/shutdown.h"
#include "arch/x86_64/timer.h"

#define INIT_ARGS_MAX 32

void proc_sleep_tick(void);

static struct proc *proc_create_init(const char *name, int argc, const char *argv[])
{
    int err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        panic("init: no process slot (%d)", err);
    const char *why = "";
    err = exec_load(p, name, argc, argv, &why);
    if (err)
        panic("init: cannot run '%s': error %d%s%s", name, err, why[0] ? ": " : "", why);
    p->parent = 0;
    p->state = P_RUNNABLE;
    spin_unlock(&p->lock);
    return p;
}

noreturn void proc_start(void)
{
    proc_init();
    program_init();
    timer_set_tick_hook(proc_sleep_tick);
    const char *argv[INIT_ARGS_MAX + 1];
    argv[0] = cmdline_get("init");
    if (!argv[0] || !argv[0][0])
        argv[0] = "init";
    int argc = 1 + cmdline_init_args(argv + 1, INIT_ARGS_MAX);
    argv[argc] = 0;
    shutdown_baseline();
    initproc = proc_create_init(argv[0], argc, argv);
    kprintf("proc: started init '%s' as pid %d (%d argument%s)\n", argv[0], initproc->pid,
            argc - 1, argc == 2 ? "" : "s");
    scheduler();
}
