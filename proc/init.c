/* init.c -- the first process. The command line names it and its
 * arguments: "init=NAME -- ARG..." (default: the shell, "sh"). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "fs/fdtable.h"
#include "include/weensy/errno.h"
#include "include/weensy/syscalls.h"
#include "proc/sched.h"
#include "kernel/wait.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "proc/shutdown.h"
#include "proc/demo.h"
#include "mm/shm.h"
#include "mm/failalloc.h"
#include "arch/x86_64/timer.h"

#define INIT_ARGS_MAX 32

void proc_tick(const struct trapframe *tf);
void proc_tick_cpu(const struct trapframe *tf);

/* A process waiting for a disk request or a page being read sleeps
 * (kernel/wait.h); the scheduler and the in-kernel tests, which have
 * none, halt instead. */
static bool proc_can_sleep(void) { return myproc() != NULL; }
/* A write to a pipe nobody reads: SIGPIPE to the writing thread, as
 * Linux sends it (its default action ends the process; a handler or
 * SIG_IGN leaves the write's EPIPE to the program). */
static void proc_sigpipe(void) { sig_send_thread(myproc(), SIGPIPE, &(struct sig_kinfo){ SI_KERNEL_CODE, 0, 0 }); }

/* The file calls' view of the caller (fs/fdtable.h). */
static struct files **proc_files(void) { return &myproc()->files; }
static bool proc_killed(void) { return __atomic_load_n(&myproc()->killed, __ATOMIC_RELAXED) != 0; }
static bool proc_sig_interrupted(void) { return proc_interrupted(myproc()); }
static const struct wait_ops proc_sleeper = {
    .sleep = sleep, .sleep_nokill = sleep_nokill, .sleep_until = sleep_until, .wakeup = wakeup,
    .can_sleep = proc_can_sleep,
    .killed = proc_killed,
    .sleep_intr = sleep_intr, .interrupted = proc_sig_interrupted,
};

/* The environment the kernel gives the first process, as Linux gives
 * init HOME and TERM. */
static const char *const spawn_env[] = { "HOME=/", "PATH=/bin", "TERM=vt100", 0 };

struct proc *proc_spawn_embryo(const char *path, int argc, const char *argv[])
{
    int err;
    const char *why = "";
    struct proc *p = proc_alloc(&err);
    if (p) {
        /* EMBRYO: no scheduler picks it, and exec takes p->lock itself. */
        spin_unlock(&p->lock);
        struct exec_args args = { .from_user = false, .kargv = argv, .kenvp = spawn_env };
        assert(argv[argc] == 0);
        p->files = files_new();
        err = p->files ? files_open_console(p->files) : -ENOMEM;
        if (!err)
            err = exec_program(p, path, &args, &why);
        if (err) {
            proc_release_files(p);
            spin_lock(&p->lock);
            proc_free(p);
            spin_unlock(&p->lock);
            p = 0;
        }
    }
    if (!p) {
        kprintf("proc: cannot run '%s': error %d%s%s\n", path, err, why[0] ? ": " : "", why);
        return 0;
    }
    return p;
}

void proc_spawn_run(struct proc *p)
{
    /* wait_lock guards the parent pointer and comes before p->lock. */
    spin_lock(&wait_lock);
    p->parent = 0;
    spin_lock(&p->lock);
    sched_make_runnable(p);
    spin_unlock(&p->lock);
    spin_unlock(&wait_lock);
}

struct proc *proc_spawn(const char *path, int argc, const char *argv[])
{
    struct proc *p = proc_spawn_embryo(path, argc, argv);
    if (p)
        proc_spawn_run(p);
    return p;
}

/* For a panic: the process that was running, and the system call it was
 * in (number and arguments, as it made it), or the trap that brought it
 * into the kernel. A fuzzer's failure starts there. */
static void proc_panic_note(void)
{
    struct proc *p = myproc();
    if (!p || !p->tf)
        return;
    const struct trapframe *tf = p->tf;
    if (tf->vector == TRAP_SYSCALL)
        kprintf("panic: in pid %d (%s), system call %lu (%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
                p->pid, p->name, tf->rax, tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
    else
        kprintf("panic: in pid %d (%s), trap %lu from rip %#lx\n", p->pid, p->name, tf->vector, tf->rip);
}

static volatile bool started;

bool proc_started(void) { return started; }

noreturn void proc_start(void)
{
    proc_init();
    program_init();
    shm_init();
    timer_add_tick_hook(proc_tick);
    timer_add_cpu_tick_hook(proc_tick_cpu);
    panic_set_note(proc_panic_note);
    wait_set_ops(&proc_sleeper);
    files_set_current(proc_files);
    files_set_sigpipe(proc_sigpipe);
    cpus_start();
    const char *argv[INIT_ARGS_MAX + 1];
    argv[0] = cmdline_get("init");
    if (!argv[0] || !argv[0][0])
        argv[0] = "sh";
    int argc = 1 + cmdline_init_args(argv + 1, INIT_ARGS_MAX);
    argv[argc] = 0;
    shutdown_baseline();
    started = true;
    if (demo_init()) {
        failalloc_start(0);
        scheduler();
    }
    /* Everything about init is in place before it can run, on any CPU:
     * initproc (which signals and reparenting compare with), the fault
     * injection that spares it, and the boot line (at -smp 4 the shell's
     * prompt once came before it: shell.pipes.smp4). */
    initproc = proc_spawn_embryo(argv[0], argc, argv);
    if (!initproc)
        panic("init: cannot start the first process");
    failalloc_start(initproc);   /* init itself is spared: it is the harness */
    kprintf("proc: started init '%s' as pid %d (%d argument%s)\n", argv[0], initproc->pid,
            argc - 1, argc == 2 ? "" : "s");
    proc_spawn_run(initproc);
    scheduler();
}
