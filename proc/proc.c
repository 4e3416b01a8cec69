/* proc.c -- the process table: allocation, lookup, freeing. */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/fpu_switch.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "mm/vmspace.h"
#include "mm/kstack.h"
#include "arch/x86_64/cpu.h"
#include "include/weensy/errno.h"

struct proc ptable[NPROC];
_Static_assert(NPROC <= FILES_TABLES, "a descriptor table for every process (fs/fdtable_share.c)");
struct spinlock wait_lock = SPINLOCK_INIT("wait");
static struct spinlock pid_lock = SPINLOCK_INIT("pid");
static int next_pid = 1;                 /* [pid_lock] */
int proc_slots_used;

void forkret(void);

void proc_init(void)
{
    for (int i = 0; i < NPROC; i++)
        spinlock_init(&ptable[i].lock, "proc");
}

/* Pids grow and wrap, skipping any still in use, so a reused slot gets a
 * fresh pid (tests check that pids are reused only after wrapping). */
static int proc_new_pid(void)
{
    spin_lock(&pid_lock);
    int pid;
    for (;;) {
        pid = next_pid++;
        if (next_pid > 32767)
            next_pid = 2;
        if (!proc_lookup(pid))
            break;
    }
    spin_unlock(&pid_lock);
    return pid;
}

/* Take an unused slot; returns with its lock held, state EMBRYO. A slot
 * is looked at first without its lock (most are in use; their locks are
 * busy with their own switches), then checked again under it. */
static struct proc *proc_take_slot(void)
{
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) != P_UNUSED)
            continue;
        spin_lock(&p->lock);
        if (p->state == P_UNUSED) {
            p->state = P_EMBRYO;
            int want = p - ptable + 1;
            int used = __atomic_load_n(&proc_slots_used, __ATOMIC_RELAXED);
            while (used < want && !__atomic_compare_exchange_n(&proc_slots_used, &used, want, false,
                                                               __ATOMIC_RELEASE, __ATOMIC_RELAXED))
                ;
            return p;
        }
        spin_unlock(&p->lock);
    }
    return 0;
}

/* proc_alloc_common: a slot with a pid, a kernel stack and the address
 * space `vm` if given (shared: one more user), else an empty new one.
 * `clone`: the caller copies the trapframe and the FPU area from its own
 * (fork, clone), so they are not cleared here first (a tenth of the
 * slot's cost in a small fork, 2026-12-07). */
static struct proc *proc_alloc_common(struct vmspace *vm, bool clone, int *err)
{
    struct proc *p = proc_take_slot();
    if (!p) {
        *err = -EAGAIN;
        return 0;
    }
    p->pid = proc_new_pid();
    uint64_t t0 = btrace_start();
    uintptr_t top = kstack_alloc();
    btrace_end(BT_FORK_KSTACK, t0);
    /* The thread's FPU area sits at the very top of its kernel stack
     * (proc/fpu_switch.h), the trapframe and the stack below it. */
    p->kstack_top = top ? top - proc_fpu_reserve() : 0;
    if (p->kstack_top && vm) {
        vmspace_get(vm);
        p->vm = vm;
    } else {
        p->vm = p->kstack_top ? vmspace_create(p->pid) : 0;
    }
    if (p->vm && !vm && sig_attach(p, 0, false) < 0) {
        vmspace_put(p->vm);      /* a new process's signal state, made with it */
        p->vm = 0;
    }
    if (!p->vm) {
        proc_free(p);
        spin_unlock(&p->lock);
        *err = -ENOMEM;
        return 0;
    }
    /* The kernel stack's top holds the trapframe; below it a context that
     * makes the first swtch() into this process return to forkret. */
    p->tf = (struct trapframe *)(p->kstack_top - sizeof(struct trapframe));
    if (!clone)
        memset(p->tf, 0, sizeof(*p->tf));
    p->context = (struct context *)((uintptr_t)p->tf - sizeof(struct context));
    memset(p->context, 0, sizeof(*p->context));
    p->context->rip = (uint64_t)forkret;
    proc_fpu_init(p, !clone);
    p->killed = 0;
    p->xstatus = 0;
    p->chan = 0;
    p->execed = false;
    p->pgid = p->pid;
    p->cpu_mask = proc_cpus_possible();
    p->cpu = -1;
    p->ticks = 0;
    p->args[0] = 0;
    /* Its own process until clone makes it a thread of another
     * (thread_publish): the leader fields are [w], but no one can reach
     * an EMBRYO's yet. */
    p->tgid = p->pid;
    p->leader = p;
    p->nthreads = 1;
    p->group_exit = false;
    p->group_xstatus = 0;
    p->fs_base = 0;
    p->clear_child_tid = 0;
    return p;
}

struct proc *proc_alloc(int *err)
{
    return proc_alloc_common(0, false, err);
}

struct proc *proc_alloc_clone(struct vmspace *vm, int *err)
{
    return proc_alloc_common(vm, true, err);
}

void proc_release_files(struct proc *p)
{
    struct files *t = p->files;
    p->files = 0;
    if (t)
        files_put(t);
    spin_lock(&p->lock);
    struct vnode *exe = p->exe;
    p->exe = 0;
    spin_unlock(&p->lock);
    if (exe)
        vnode_put(exe);
}

void proc_free(struct proc *p)
{
    uintptr_t kstack_top = proc_free_slot(p);
    if (kstack_top)
        kstack_free(kstack_top);
}

uintptr_t proc_free_slot(struct proc *p)
{
    assert(spin_holding(&p->lock));
    uintptr_t kstack_top = p->kstack_top;
    assert(!p->files && !p->exe);   /* let go without p->lock (proc_release_files) */
    if (p->vm)
        vmspace_put(p->vm);      /* a thread's shared space stays for the others */
    sig_detach(p);               /* the last thread's frees its handlers and timer */
    p->vm = 0;
    if (kstack_top)
        kstack_top += proc_fpu_reserve();    /* the stack's own top (proc_alloc_common) */
    p->fpu = 0;
    p->kstack_top = 0;
    p->tf = 0;
    p->context = 0;
    p->pid = 0;
    p->parent = 0;
    p->name[0] = 0;
    p->args[0] = 0;
    p->tgid = 0;
    p->leader = 0;
    p->nthreads = 0;
    p->group_exit = false;
    p->state = P_UNUSED;
    return kstack_top;
}

/* proc_lookup: the live process with this pid, or NULL. No lock is held on
 * return: the caller must re-check under p->lock. */
struct proc *proc_lookup(int pid)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++)
        if (p->state != P_UNUSED && p->pid == pid)
            return p;
    return 0;
}

struct proc *proc_target(long pid_arg)
{
    long pid = (int32_t)pid_arg;     /* a pid_t: the register's upper half is not looked at */
    if (pid < 0)
        return 0;
    struct proc *p = pid == 0 ? myproc() : proc_lookup((int)pid);
    if (!p)
        return 0;
    spin_lock(&p->lock);
    if (p->state == P_UNUSED || p->state == P_ZOMBIE || (pid && p->pid != pid)) {
        spin_unlock(&p->lock);
        return 0;
    }
    return p;
}

int proc_count(void)
{
    int n = 0;
    for (struct proc *p = ptable; p < ptable + NPROC; p++)
        n += p->state != P_UNUSED;
    return n;
}
