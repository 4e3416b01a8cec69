/* viewer_procs.c -- the processes the viewer can show: a copy of the live
 * part of the process table, sorted by pid, taken once per frame. */
#include "kernel/kernel.h"
#include "inspect/viewer/viewer_internal.h"

/* A process has an address space from fork (or exec of init) until exit
 * releases it; embryos are still being built and zombies have none. */
static bool viewer_proc_has_memory(enum proc_state s)
{
    return s == P_RUNNABLE || s == P_RUNNING || s == P_SLEEPING;
}

static void viewer_procs_insert(struct viewer_procs *ps, int pid, const char *name)
{
    for (int k = 0; k < ps->n; k++)
        if (ps->p[k].pid == pid) {
            ps->p[k].nthreads++;   /* another thread of a process already in */
            return;
        }
    int i = ps->n++;
    for (; i > 0 && ps->p[i - 1].pid > pid; i--)
        ps->p[i] = ps->p[i - 1];
    ps->p[i].pid = pid;
    ps->p[i].nthreads = 1;
    strlcpy(ps->p[i].name, name, sizeof(ps->p[i].name));
}

/* Each p->lock is tried, never waited for: this runs in the timer tick. On
 * the tick's own CPU no process lock can be held (spinlocks keep
 * interrupts off, so the tick cannot have interrupted a holder); a busy
 * lock means another CPU is changing that process right now, and the
 * frame is skipped rather than shown half-updated. One lock at a time,
 * none held when the address-space locks are taken later. */
bool viewer_procs_collect(struct viewer_procs *ps)
{
    ps->n = 0;
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) == P_UNUSED)
            continue;                  /* the common case: no lock needed */
        if (!spin_trylock(&p->lock))
            return false;
        if (viewer_proc_has_memory(p->state))
            viewer_procs_insert(ps, p->tgid, p->name);
        spin_unlock(&p->lock);
    }
    return true;
}

const struct viewer_proc *viewer_procs_find(const struct viewer_procs *ps, int pid)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->p[i].pid == pid)
            return &ps->p[i];
    return 0;
}

const struct viewer_proc *viewer_procs_next(const struct viewer_procs *ps, int pid)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->p[i].pid > pid)
            return &ps->p[i];
    return ps->n ? &ps->p[0] : 0;
}
