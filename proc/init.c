/* init.c -- the first process. The command line names it and its
 * arguments: "init=NAME -- ARG..." (default: the program "init"). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "proc/shutdown.h"
#include "proc/demo.h"
#include "mm/shm.h"
#include "arch/x86_64/timer.h"

#define INIT_ARGS_MAX 32

void proc_sleep_tick(const struct trapframe *tf);

/* proc_spawn: a new parentless process running program `name` with argv;
 * NULL (and a line saying why) if it cannot be made. */
struct proc *proc_spawn(const char *name, int argc, const char *argv[])
{
    int err;
    struct proc *p = proc_alloc(&err);
    const char *why = "";
    if (p) {
        err = exec_load(p, name, argc, argv, &why);
        if (err) {
            proc_free(p);
            spin_unlock(&p->lock);
            p = 0;
        }
    }
    if (!p) {
        kprintf("proc: cannot run '%s': error %d%s%s\n", name, err, why[0] ? ": " : "", why);
        return 0;
    }
    p->parent = 0;
    p->state = P_RUNNABLE;
    spin_unlock(&p->lock);
    return p;
}

static volatile bool started;

bool proc_started(void) { return started; }

noreturn void proc_start(void)
{
    proc_init();
    program_init();
    shm_init();
    timer_add_tick_hook(proc_sleep_tick);
    const char *argv[INIT_ARGS_MAX + 1];
    argv[0] = cmdline_get("init");
    if (!argv[0] || !argv[0][0])
        argv[0] = "init";
    int argc = 1 + cmdline_init_args(argv + 1, INIT_ARGS_MAX);
    argv[argc] = 0;
    shutdown_baseline();
    started = true;
    if (demo_init())
        scheduler();
    initproc = proc_spawn(argv[0], argc, argv);
    if (!initproc)
        panic("init: cannot start the first process");
    kprintf("proc: started init '%s' as pid %d (%d argument%s)\n", argv[0], initproc->pid,
            argc - 1, argc == 2 ? "" : "s");
    scheduler();
}
