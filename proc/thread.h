/* thread.h -- threads: more than one struct proc in one process (see
 * proc.h): how they are made, how their FS base follows them, how exec
 * leaves one thread, how a thread's end tells a joiner (docs/processes.md,
 * "Threads"). */
#ifndef PROC_THREAD_H
#define PROC_THREAD_H
#include "proc/proc.h"
#include "arch/x86_64/x86.h"
#include <stdint.h>
#include <stdbool.h>

struct proc;

/* What clone asked for (sys_thread.c has checked it); fork is flags 0. */
struct clone_req {
    unsigned long flags;
    uintptr_t stack, parent_tid, child_tid, tls;
};

/* proc_clone: make the process or thread req asks for (proc/fork.c). The
 * child's tid, or -EAGAIN, -ENOMEM. */
long proc_clone(const struct clone_req *req);

/* thread_publish: make child, built by clone, a thread of parent's process
 * and let it run, unless parent was killed meanwhile (false: the caller
 * frees child). */
bool thread_publish(struct proc *parent, struct proc *child);

/* thread_exec_solo: end every other thread of p's process and wait until
 * they are gone (Linux's de_thread), so exec can replace the image; if p
 * is not the leader it becomes the leader, taking the process's pid. 0,
 * or -EINTR if p was killed meanwhile (then it dies on its way out). */
int thread_exec_solo(struct proc *p);

/* thread_clear_child_tid: at a thread's end, while it still has its
 * address space: if others share it, write 0 at clear_child_tid and wake
 * one futex waiter there (pthread_join waits so). */
void thread_clear_child_tid(struct proc *p);

/* The FS base (thread-local storage): the MSR holds the running thread's;
 * the scheduler loads it before a thread runs and saves it after. Inline
 * and skipping the write when the CPU's MSR already holds it (cpu->fs_base
 * mirrors the MSR): processes of one program usually have the same base,
 * and a switch between them is the hottest path there is (yield_pingpong
 * paid 9% for two calls and an MSR write). */
uintptr_t thread_fs_current(void);
void thread_fs_set(uintptr_t base);

static inline void thread_fs_load(struct cpu *c, struct proc *p)
{
    if (c->fs_base != p->fs_base) {
        wrmsr(MSR_FS_BASE, p->fs_base);
        c->fs_base = p->fs_base;
    }
}

static inline void thread_fs_save(struct cpu *c, struct proc *p)
{
    p->fs_base = c->fs_base = rdmsr(MSR_FS_BASE);
}
#endif
