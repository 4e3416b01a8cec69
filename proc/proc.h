/* proc.h -- processes: the process table, life cycle and scheduling state.
 *
 * A struct proc is one thread. A process is a thread group: threads made by
 * clone(CLONE_THREAD) share their address space and belong to the group of
 * their leader, the thread the process started with, whose pid is the
 * group's id (tgid; getpid). A single-threaded process is its own leader.
 * The leader's slot stands for the whole process (its parent, its children,
 * its wait status) until the last thread is gone, even if the leader itself
 * ended first (docs/processes.md, "Threads").
 *
 * Locks (docs/locking.md): p->lock guards the fields marked [p];
 * wait_lock guards every parent pointer [w] and is taken before any p->lock.
 * Fields marked [o] are touched only by the process itself (or by its
 * creator before it first runs, or by its reaper after it is a zombie).
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H
#include <stdint.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include "kernel/spinlock.h"
#include "kernel/wait.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/cpu.h"

#define NPROC 64
#define PROC_NAME_MAX 16
#define PROC_ARGS_MAX 96

enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

/* Callee-saved registers kept across swtch(); the return address is on the
 * switched-from stack, pushed by the call. */
struct context {
    uint64_t r15, r14, r13, r12, rbx, rbp, rip;
};

struct vmspace;
struct files;
struct sighand;

/* What a signal's handler learns of it (siginfo_t's fields weensy fills). */
struct sig_kinfo {
    int code;                   /* si_code: SI_USER, SEGV_MAPERR, CLD_EXITED... */
    int pid;                    /* si_pid: the sender; SIGCHLD: the child */
    uint64_t val;               /* SIGSEGV...: si_addr; SIGCHLD: si_status */
};

struct proc {
    struct spinlock lock;
    enum proc_state state;      /* [p] */
    int pid;                    /* [p] */
    void *chan;                 /* [p] what it sleeps on, or NULL */
    /* The two things every return to user mode looks at, side by side so
     * that one load sees both (proc_return_from_syscall). */
    union {
        struct {
            int killed;         /* [p] signal that kill() sent (0: none) */
            int sig_wake;       /* [s] a pending signal it does not block: its
                                 * sleeps end (read without the lock, atomically) */
        };
        uint64_t killed_or_wake;    /* read only: nonzero when either is */
    };
    struct proc *parent;        /* [w] */
    struct vmspace *vm;         /* [o] changed (exec, exit) under [p], so others
                                 * may read it under p->lock */
    struct files *files;        /* [o] its descriptors, working directory and umask
                                 * (fs/fdtable.h), shared by its threads; let go
                                 * at exit, before it is a zombie */
    uintptr_t kstack_top;       /* [o] */
    struct trapframe *tf;       /* [o] user registers, at the top of kstack */
    struct context *context;    /* [o] saved by swtch() */
    char name[PROC_NAME_MAX];   /* [p] written by exec, read by ps */
    char args[PROC_ARGS_MAX];   /* [p] argv joined by spaces, for ps */
    bool execed;                /* [p] has called exec since fork (setpgid) */
    bool group_exit;            /* [w] leader: the process is ending as a whole
                                 * (exit_group, a fatal signal, a fault) */
    bool sig_restore_mask;      /* [o] put sig_saved_mask back after the handler */
    bool sig_alt_autodisarm;    /* [o] sigaltstack's SS_AUTODISARM */
    int pgid;                   /* [p] process group */
    uint64_t cpu_mask;          /* [p] CPUs it may run on (sched_setaffinity) */
    uint64_t ticks;             /* [p] timer ticks spent running */
    uint64_t wake_tick;         /* [p] the tick that ends its sleep; 0: none */
    int cpu;                    /* [p] the CPU it runs or last ran on; -1: none yet */
    /* Threads (proc/thread.c). pid above is the thread's id (gettid). */
    int tgid;                   /* [p] the process's id (the leader's pid); changed
                                 * only by the thread itself (exec) */
    struct proc *leader;        /* [w] its group's leader (itself for a leader);
                                 * NULL once a thread other than the leader ended */
    int nthreads;               /* [w] leader: threads that have not ended, itself
                                 * included; 0 once the process is over */
    int group_xstatus;          /* [w] leader: the wait status that ending gives */
    uintptr_t fs_base;          /* [o] user FS base (TLS), saved and loaded on every
                                 * switch (thread_fs_save/load) */
    uintptr_t clear_child_tid;  /* [o] set_tid_address / CLONE_CHILD_CLEARTID: at its
                                 * end 0 is written there and one futex waiter woken */
    void *fpu;                  /* [o] x87/SSE/AVX save area, at the top of its kernel
                                 * stack (proc/fpu_switch.h) */
    struct vnode *exe;          /* [p] the program file exec ran, referenced
                                 * (/proc/PID/exe); let go with files */
    uint64_t fpu_gen;           /* [o] which save the area holds */
    /* Signals (proc/signal.h). [s] is the process's sig->lock. Packed so
     * that a slot stays 384 bytes (six cache lines; NPROC of them are
     * always there): the fields are ordered to leave no hole. */
    struct sighand *sig;        /* [s] its process's handlers and pending set, shared
                                 * by its threads; set before the thread is published,
                                 * cleared when its slot is freed */
    uint64_t sig_blocked;       /* [s] the thread's mask (bit sig-1) */
    uint64_t sig_pending;       /* [s] signals sent to this thread (tgkill, faults) */
    int xstatus;                /* [p] wait4 status once a zombie */
    int sig_fault_code;         /* [s] what a pending fault signal tells its handler: */
    uintptr_t sig_fault_addr;   /* [s] si_code and si_addr */
    int sig_tcode;              /* [s] what the last other signal sent to the thread */
    int sig_tpid;               /* [s] tells: si_code and si_pid (tgkill: SI_TKILL
                                 * and the sender) */
    uint64_t sig_saved_mask;    /* [o] the mask rt_sigsuspend replaced */
    uintptr_t sig_alt_sp;       /* [o] sigaltstack: base and size (0: none) */
    uint64_t sig_alt_size;
} __attribute__((aligned(64)));  /* slots on different CPUs share no cache line */

extern struct proc ptable[NPROC];
extern struct spinlock wait_lock;
/* [atomic] one past the highest slot ever taken. Slots above it have
 * always been UNUSED, so a scan of the table may stop there; it only
 * grows (proc_take_slot). */
extern int proc_slots_used;
static inline struct proc *proc_table_end(void)
{
    return ptable + __atomic_load_n(&proc_slots_used, __ATOMIC_ACQUIRE);
}

/* myproc: the process this thread runs, or NULL in a CPU's scheduler
 * (cpu_proc in arch/x86_64/cpu.h says why one GS load is enough). */
static inline struct proc *myproc(void) { return cpu_proc(); }
void proc_init(void);
/* proc_alloc: a fresh slot with a pid, a kernel stack and an empty address
 * space, in state EMBRYO with p->lock held; NULL when out of slots
 * (*err = -EAGAIN) or memory (-ENOMEM), with nothing left half-built. */
struct proc *proc_alloc(int *err);
/* proc_alloc_clone: the same for fork and clone, sharing the address
 * space vm (one more user of it) if given: a thread's slot. The trapframe
 * and FPU area are left as they are: the caller copies its own in. */
struct proc *proc_alloc_clone(struct vmspace *vm, int *err);
/* proc_free: release what proc_alloc built; caller holds p->lock.
 * proc_free_slot: all but the kernel stack, whose top it returns for the
 * caller to kstack_free once it holds no lock (wait4, whose caller, alive
 * until it has, keeps the end's page check from running meanwhile):
 * freeing a stack may mean a shootdown, and wait_lock is every CPU's. */
void proc_free(struct proc *p);
/* proc_release_files: let go of what p holds of the file system, its
 * descriptor table (the last thread's closes every file) and its program
 * file, with no lock held: a last close may sleep. */
void proc_release_files(struct proc *p);
uintptr_t proc_free_slot(struct proc *p);
struct proc *proc_lookup(int pid);
/* proc_target: the live thread a call's pid argument names (0: the
 * caller), locked; NULL if none (a zombie or a slot being reused is
 * none). For the calls that act on another process by pid. */
struct proc *proc_target(long pid);
int proc_count(void);
/* proc_cpus_possible: the CPU mask a new process starts with (every CPU
 * the machine has); proc_cpus_online: the CPUs that run processes now. */
uint64_t proc_cpus_possible(void);
uint64_t proc_cpus_online(void);
/* cpus_start: start the other CPUs into the scheduler (proc/cpus.c);
 * cpus_run_on: run fn on one of them and wait; cpus_take_call: where the
 * scheduler runs it. */
void cpus_start(void);
void cpus_run_on(int cpu, void (*fn)(void));
void cpus_take_call(struct cpu *c);
bool proc_group_exists(int pgid);

/* Life cycle (proc/exit.c, proc/signal.c, proc/fault.c). */
/* proc_exit: the calling thread ends (exit); wstatus (wait4's encoding)
 * becomes the process's status when it is the leader and the process ends
 * without a group exit. proc_exit_group: the whole process ends with
 * wstatus (exit_group, a fault): every other thread is killed first. */
noreturn void proc_exit(int wstatus);
noreturn void proc_exit_group(int wstatus);
int proc_kill(int pid, int sig);
int proc_kill_group(int pgid, int sig, struct proc *except);
/* proc_signal_threads: mark every thread of leader's process but except
 * killed with sig (and wake it). Caller holds wait_lock. */
void proc_signal_threads(struct proc *leader, int sig, struct proc *except);
/* proc_return_to_user: the last stop before any return to user mode: a
 * process that kill() marked dies here (reads p->killed without p->lock,
 * as a flag that only ever goes from 0 to a signal), and a signal it does
 * not block is delivered (proc/sig_deliver.c): its handler runs next, or
 * its default action is taken. An interrupted system call is restarted or
 * fails with EINTR there too. Inline: every system call passes here. */
void sig_deliver(struct trapframe *tf);
static inline bool proc_sys_restartable(const struct trapframe *tf)
{
    return tf->vector == TRAP_SYSCALL && tf->error != TF_NO_SYSCALL && tf->rax >= (uint64_t)-ERESTARTNOHAND &&
           tf->rax <= (uint64_t)-ERESTARTSYS;
}
static inline void proc_return_to_user(struct trapframe *tf)
{
    struct proc *p = myproc();
    if (!p)
        return;
    if (p->killed)
        proc_exit(p->killed);
    if (__atomic_load_n(&p->sig_wake, __ATOMIC_RELAXED) || p->sig_restore_mask || proc_sys_restartable(tf))
        sig_deliver(tf);
}
/* proc_return_from_syscall: proc_return_to_user on a system call's way
 * out, ret its result: there is always a process, killed and sig_wake
 * are one load, and the restart test looks only at ret's range, in a
 * register (sig_deliver makes the whole test, proc_sys_restartable,
 * before it restarts anything). */
static inline void proc_return_from_syscall(struct trapframe *tf, long ret)
{
    struct proc *p = myproc();
    if (__atomic_load_n(&p->killed_or_wake, __ATOMIC_RELAXED) || p->sig_restore_mask ||
        (uint64_t)ret + ERESTARTNOHAND <= ERESTARTNOHAND - ERESTARTSYS) {
        if (p->killed)
            proc_exit(p->killed);
        sig_deliver(tf);
    }
}
/* proc_interrupted: the thread's sleep should end: it was killed, or a
 * signal it does not block is pending (the call returns -ERESTARTSYS or
 * -EINTR and the signal is delivered on the way out). */
static inline bool proc_interrupted(const struct proc *p)
{
    return __atomic_load_n(&p->killed, __ATOMIC_RELAXED) || __atomic_load_n(&p->sig_wake, __ATOMIC_RELAXED);
}
void proc_user_fault(struct trapframe *tf);     /* a CPU exception in user mode */
/* proc_report_kill: the one line that says why a process is killed
 * ("proc: " and msg), also to the fault observer. */
void proc_report_kill(const char *msg);
/* proc_set_fault_observer: fn hears each one-line report of a process
 * killed by a fault or out of memory (the memory viewer shows it). */
void proc_set_fault_observer(void (*fn)(const char *msg));
extern struct proc *initproc;
/* proc_started: the first process exists (proc_start has run). */
bool proc_started(void);
/* proc_spawn: a new parentless process running the program at path with
 * argv (argc entries, NULL after them) and the default environment, made
 * by the same exec as execve; NULL, and a line saying why, if it cannot
 * be made. */
struct proc *proc_spawn(const char *path, int argc, const char *argv[]);
/* The two halves of proc_spawn: the process made (EMBRYO: no CPU runs it
 * yet), then made runnable. */
struct proc *proc_spawn_embryo(const char *path, int argc, const char *argv[]);
void proc_spawn_run(struct proc *p);
/* proc_kill_all: kill every process but init; the number still alive. */
int proc_kill_all(void);
/* proc_reap_orphans: free zombies nobody will wait for (their parent died
 * and there is no init to inherit them). */
void proc_reap_orphans(void);
#endif
