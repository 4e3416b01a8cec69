/* procfs_proc.c -- what /proc says of a process: the snapshot every
 * per-process file starts from, and /proc/PID/stat and /proc/PID/status.
 *
 * A process is a thread group (proc/proc.h): /proc shows it by its
 * leader's slot, which stands for the whole process until it is reaped,
 * and sums or picks over the threads whose leader it is. A zombie is
 * shown (state Z, no memory) until its parent reaps it, as on Linux; a
 * slot still being built (EMBRYO) is not a process yet.
 *
 * Locks, as sys_info.c takes them: wait_lock (parents, leaders, thread
 * counts), then each slot's p->lock in turn. The address space is not
 * read under them: a user is taken on it (vmspace_tryget, which cannot
 * fail while a thread still has it in p->vm under p->lock, but says so if
 * it is on its way out) and its lock taken after wait_lock is let go.
 */
#include "kernel/kernel.h"
#include "inspect/procfs_internal.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "include/weensy/errno.h"

static char procfs_state(enum proc_state s)
{
    switch (s) {
    case P_SLEEPING: return 'S';
    case P_ZOMBIE: return 'Z';
    default: return 'R';
    }
}

/* procfs_leader_at: the leader of a process at p (locked), or NULL.
 * Caller holds wait_lock. */
static struct proc *procfs_leader_at(struct proc *p)
{
    assert(spin_holding(&wait_lock));
    spin_lock(&p->lock);
    if (p->state != P_UNUSED && p->state != P_EMBRYO && p->leader == p)
        return p;
    spin_unlock(&p->lock);
    return 0;
}

/* procfs_leader: process pid's leader, locked, or NULL. */
static struct proc *procfs_leader(int pid)
{
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        struct proc *l = procfs_leader_at(p);
        if (l && l->pid == pid)
            return l;
        if (l)
            spin_unlock(&l->lock);
    }
    return 0;
}

/* procfs_thread_at: q, locked, if it is a live thread of leader's process
 * (the leader included), or NULL. Group membership changes only under
 * wait_lock, and a thread joins its group already runnable, never as an
 * EMBRYO (thread_publish). Caller holds wait_lock. */
static struct proc *procfs_thread_at(struct proc *q, const struct proc *leader)
{
    assert(spin_holding(&wait_lock));
    if (q->leader != leader)
        return 0;                /* [w] */
    spin_lock(&q->lock);
    if (q->state != P_UNUSED && q->state != P_EMBRYO)
        return q;
    spin_unlock(&q->lock);
    return 0;
}

/* procfs_threads: add up the running time of leader's live threads (or
 * take only thread tid's, if not 0) and take a user on the address space
 * of the first that has one. false if tid is not one of them. Caller
 * holds wait_lock, not leader->lock. */
static bool procfs_threads(struct proc *leader, int tid, struct procfs_proc *out, struct vmspace **vm)
{
    bool found = tid == 0;
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        struct proc *q = procfs_thread_at(p, leader);
        if (!q)
            continue;
        if (tid == 0)
            out->ticks += __atomic_load_n(&q->ticks, __ATOMIC_RELAXED);
        if (q->pid == tid) {
            found = true;
            out->tid = tid;
            out->ticks = __atomic_load_n(&q->ticks, __ATOMIC_RELAXED);
            out->cpu = q->cpu < 0 ? 0 : q->cpu;
            out->state = procfs_state(q->state);
            out->cpu_mask = q->cpu_mask;
            strlcpy(out->name, q->name, sizeof(out->name));
        }
        if (vm && !*vm && q->vm && vmspace_tryget(q->vm))
            *vm = q->vm;
        spin_unlock(&q->lock);
    }
    return found;
}

bool procfs_proc_get(int pid, int tid, struct procfs_proc *out, struct vmspace **vm)
{
    memset(out, 0, sizeof(*out));
    if (vm)
        *vm = 0;
    spin_lock(&wait_lock);
    struct proc *l = procfs_leader(pid);
    bool found = l != 0;
    if (l) {
        out->pid = out->tid = pid;
        out->ppid = l->parent ? l->parent->pid : 0;
        out->pgid = l->pgid;
        out->nthreads = MAX(l->nthreads, 1);   /* a zombie is still one, as on Linux */
        out->cpu = l->cpu < 0 ? 0 : l->cpu;
        out->state = procfs_state(l->state);
        strlcpy(out->name, l->name, sizeof(out->name));
        strlcpy(out->args, l->args, sizeof(out->args));
        out->cpu_mask = l->cpu_mask;
        spin_unlock(&l->lock);
        found = procfs_threads(l, tid, out, vm);
    }
    spin_unlock(&wait_lock);
    if (!found && vm && *vm) {
        vmspace_put(*vm);        /* no such thread: nothing for the caller */
        *vm = 0;
    }
    return found;
}

struct vnode *procfs_proc_exe(int pid)
{
    spin_lock(&wait_lock);
    struct proc *l = procfs_leader(pid);
    struct vnode *v = l ? l->exe : 0;
    if (v)
        vnode_ref(v);
    if (l)
        spin_unlock(&l->lock);
    spin_unlock(&wait_lock);
    return v;
}

int procfs_proc_next(int *slot)
{
    int pid = -1;
    spin_lock(&wait_lock);
    struct proc *end = proc_table_end();
    for (struct proc *p = ptable + *slot; p < end && pid < 0; p++) {
        struct proc *l = procfs_leader_at(p);
        if (l) {
            pid = l->pid;
            *slot = (int)(l - ptable);
            spin_unlock(&l->lock);
        }
    }
    spin_unlock(&wait_lock);
    return pid;
}

int procfs_thread_next(int pid, int *slot)
{
    int tid = -1;
    spin_lock(&wait_lock);
    struct proc *l = procfs_leader(pid);
    if (l) {
        spin_unlock(&l->lock);   /* l stays the leader: wait_lock is held */
        struct proc *end = proc_table_end();
        for (struct proc *p = ptable + *slot; p < end && tid < 0; p++) {
            struct proc *q = procfs_thread_at(p, l);
            if (q) {
                tid = q->pid;
                *slot = (int)(q - ptable);
                spin_unlock(&q->lock);
            }
        }
    }
    spin_unlock(&wait_lock);
    return tid;
}

/* What a process's memory adds up to. */
struct procfs_mem {
    uint64_t vsize;              /* bytes its areas cover */
    uint64_t rss;                /* pages mapped */
    uintptr_t brk_start;
};

/* procfs_mem: vm's figures; drops the caller's user on vm. */
static void procfs_mem(struct vmspace *vm, struct procfs_mem *m)
{
    memset(m, 0, sizeof(*m));
    if (!vm)
        return;
    spin_lock(&vm->lock);
    for (const struct vm_area *a = vm_area_first(vm); a; a = vm_area_next(a))
        m->vsize += a->end - a->start;
    m->rss = vmspace_resident(vm);
    m->brk_start = vm->brk_start;
    spin_unlock(&vm->lock);
    vmspace_put(vm);
}

/* /proc/PID/stat: one line, Linux's 52 fields in Linux's order (proc(5)).
 * /proc/PID/task/TID/stat is the same line for one thread: its id first,
 * its own state, running time and CPU, and the process's figures for the
 * rest, as Linux gives them.
 * What weensy does not keep is 0 (faults, children's times, start time,
 * signals, the code and stack addresses); utime is all of the process's
 * running time (the tick does not tell user from kernel time), in ticks of
 * TIMER_HZ, which is Linux's USER_HZ (100). There are no sessions or
 * controlling terminals: session and tty_nr are 0, tpgid -1. */
int procfs_gen_stat(struct procfs_text *t, const struct procfs_node *n)
{
    struct procfs_proc p;
    struct vmspace *vm;
    if (!procfs_proc_get(n->pid, n->tid, &p, &vm))
        return -ENOENT;
    struct procfs_mem m;
    procfs_mem(vm, &m);
    /* Fields 1-22: pid to starttime. */
    int err = procfs_printf(t, "%d (%s) %c %d %d 0 0 -1 0 0 0 0 0 %lu 0 0 0 20 0 %d 0 0", p.tid, p.name, p.state,
                            p.ppid, p.pgid, p.ticks, p.nthreads);
    /* 23-44: vsize, rss, rsslim (none), ..., exit_signal, processor, ... */
    if (!err)
        err = procfs_printf(t, " %lu %lu 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0", m.vsize,
                            m.rss, p.cpu);
    /* 45-52: start_data end_data start_brk arg_start arg_end env_start
     * env_end exit_code. */
    if (!err)
        err = procfs_printf(t, " 0 0 %lu 0 0 0 0 0\n", (unsigned long)m.brk_start);
    return err;
}

static const char *procfs_state_name(char state)
{
    switch (state) {
    case 'S': return "S (sleeping)";
    case 'Z': return "Z (zombie)";
    default: return "R (running)";
    }
}

/* /proc/PID/status: Linux's lines, the ones weensy has figures for, in
 * Linux's order. One user (root), as everywhere in weensy. A zombie has
 * no Vm lines, as on Linux. A thread's (task/TID/status) has its own
 * name, state, Pid and Cpus_allowed. */
int procfs_gen_status(struct procfs_text *t, const struct procfs_node *n)
{
    struct procfs_proc p;
    struct vmspace *vm;
    if (!procfs_proc_get(n->pid, n->tid, &p, &vm))
        return -ENOENT;
    bool has_vm = vm != 0;
    struct procfs_mem m;
    procfs_mem(vm, &m);
    int err = procfs_printf(t, "Name:\t%s\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
                            p.name, procfs_state_name(p.state), p.pid, p.tid, p.ppid);
    if (!err)
        err = procfs_printf(t, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
    if (!err && has_vm)
        err = procfs_printf(t, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n", m.vsize / 1024, m.rss * (PAGE_SIZE / 1024));
    if (!err)
        err = procfs_printf(t, "Threads:\t%d\nCpus_allowed:\t%lx\n", p.nthreads, p.cpu_mask);
    return err;
}

/* /proc/PID/cmdline: the arguments, each ended by a NUL, as Linux gives
 * them. weensy keeps only exec's summary of them (p->args: joined by
 * spaces, cut at PROC_ARGS_MAX - 1 bytes, unprintable bytes as '?'), so
 * each space becomes a NUL again: an argument that held a space comes
 * back as two. A zombie's is empty, as on Linux (it has no memory left to
 * read them from). */
int procfs_gen_cmdline(struct procfs_text *t, const struct procfs_node *n)
{
    struct procfs_proc p;
    if (!procfs_proc_get(n->pid, 0, &p, 0))
        return -ENOENT;
    size_t len = strlen(p.args);
    if (p.state == 'Z' || len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (p.args[i] == ' ')
            p.args[i] = 0;
    int err = procfs_text_reserve(t, len + 1);   /* with the last NUL */
    if (!err)
        procfs_text_put(t, p.args, len + 1);
    return err;
}
