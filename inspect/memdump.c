/* memdump.c -- write one dump of the memory state (format: docs/memdump.md).
 *
 * A dump is a snapshot. memdump_lock serialises dumps (they share the
 * buffers below). wait_lock is held throughout, so no process is reaped or
 * reparented; the process table is copied first, each slot under its
 * p->lock. vmspace_list_lock is then held to the end, so no address space
 * appears or goes away, and each vm->lock while its tables are walked, as
 * mm_check does. printk_lock (klog_lock) is held across all the lines so
 * no other line lands among them.
 *
 * Lock order: memdump_lock -> wait_lock -> p->lock (each, briefly) ->
 * vmspace_list_lock -> printk_lock -> vm->lock / program_lock. printk_lock
 * is innermost everywhere else; taking address-space locks inside it is
 * safe only because no code prints while holding a vm->lock or
 * program_lock, except on its way to a panic (docs/locking.md). With one
 * CPU none of this can contend: every spinlock keeps interrupts off, so
 * the whole dump runs without interruption.
 */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "kernel/pause.h"
#include "inspect/memdump.h"
#include "mm/mm_check.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/shm.h"
#include "proc/proc.h"
#include "arch/x86_64/timer.h"

/* What a dump shows of one thread (a process: its leader). */
struct memdump_proc {
    int pid, tgid, ppid;
    bool leader;                 /* the process's own slot */
    enum proc_state state;
    char name[PROC_NAME_MAX];
};

static struct spinlock memdump_lock = SPINLOCK_INIT("memdump");
static unsigned long memdump_seq;      /* [memdump_lock] dumps so far */
static unsigned long memdump_nlines;   /* [memdump_lock] lines of this dump */
static struct memdump_proc memdump_procs_buf[NPROC];   /* [memdump_lock] */

static const char *const state_names[] = {
    [P_UNUSED] = "unused", [P_EMBRYO] = "embryo", [P_RUNNABLE] = "runnable",
    [P_RUNNING] = "running", [P_SLEEPING] = "sleeping", [P_ZOMBIE] = "zombie",
};
/* A process between releasing its memory and becoming a zombie (proc_exit)
 * has no address space; the dump calls it "exiting", which the checker
 * treats like a zombie. */
#define MEMDUMP_EXITING ((enum proc_state)(P_ZOMBIE + 1))

__attribute__((format(printf, 1, 2)))
static void memdump_line(const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    klog_printf("memdump: %s\n", buf);
    memdump_nlines++;
}

/* Copy the used slots of the process table; returns how many. Names are
 * one word in the dump: an empty one (a slot being set up) prints "-".
 * Threads that have ended (no longer in a process, their slot waiting to
 * be freed) are left out. Caller holds wait_lock (parent pointers,
 * leaders). */
static int memdump_snapshot_procs(struct memdump_proc *out)
{
    assert(spin_holding(&wait_lock));
    int n = 0;
    for (struct proc *p = ptable; p < ptable + NPROC; p++) {
        spin_lock(&p->lock);
        if (p->state != P_UNUSED && p->leader) {
            out[n].pid = p->pid;
            out[n].tgid = p->tgid;
            out[n].leader = p->pid == p->tgid;   /* not p->leader == p: a thread clone
                                                  * is still making is its own leader */
            out[n].ppid = p->parent ? p->parent->pid : 0;
            out[n].state = p->state != P_ZOMBIE && p->state != P_EMBRYO && !p->vm ? MEMDUMP_EXITING : p->state;
            strlcpy(out[n].name, p->name[0] ? p->name : "-", sizeof(out[n].name));
            for (char *c = out[n].name; *c; c++)
                if (*c == ' ')
                    *c = '_';
            n++;
        }
        spin_unlock(&p->lock);
    }
    return n;
}

static bool memdump_same_run(const struct page *a, const struct page *b)
{
    return a->kind == b->kind && a->owner == b->owner && page_refcount(a) == page_refcount(b);
}

/* Page records, run-length encoded: with the free list handing out low
 * pages first, 256 MiB of RAM takes a few dozen lines, not 65536. Past
 * the frontier, what the records will say (page_peek): the other CPUs are
 * paused, so the frontier stands still. */
static void memdump_pages(void)
{
    size_t n = page_top() >> PAGE_SHIFT, start = 0;
    struct page tmp, run = *page_peek(0, &tmp);
    for (size_t pfn = 1; pfn <= n; pfn++) {
        const struct page *pg = pfn < n ? page_peek(pfn, &tmp) : 0;
        if (pg && memdump_same_run(&run, pg))
            continue;
        memdump_line("page 0x%lx %lu %s %d %u", start, pfn - start, page_kind_name(run.kind), run.owner,
                     page_refcount(&run));
        start = pfn;
        if (pg)
            run = *pg;
    }
}

static const char *memdump_state_name(enum proc_state s)
{
    return s == MEMDUMP_EXITING ? "exiting" : state_names[s];
}

/* How alive a state is, for a process's state: its most alive thread's
 * (a process whose leader ended still runs in its other threads). */
static int memdump_liveness(enum proc_state s)
{
    static const int rank[] = {
        [P_UNUSED] = 0, [P_ZOMBIE] = 0, [MEMDUMP_EXITING] = 1, [P_EMBRYO] = 2,
        [P_SLEEPING] = 3, [P_RUNNABLE] = 4, [P_RUNNING] = 5,
    };
    return rank[s];
}

/* One proc line per process, with its threads' best state, then a thread
 * line for each of its other threads. */
static void memdump_procs(const struct memdump_proc *procs, int n)
{
    for (int i = 0; i < n; i++) {
        if (!procs[i].leader)
            continue;
        enum proc_state s = procs[i].state;
        for (int k = 0; k < n; k++)
            if (procs[k].tgid == procs[i].tgid && memdump_liveness(procs[k].state) > memdump_liveness(s))
                s = procs[k].state;
        memdump_line("proc %d %d %s %s", procs[i].pid, procs[i].ppid, memdump_state_name(s), procs[i].name);
    }
    for (int i = 0; i < n; i++)
        if (!procs[i].leader)
            memdump_line("thread %d %d %s", procs[i].pid, procs[i].tgid, memdump_state_name(procs[i].state));
}

/* The six flag characters of a user leaf: r, w, x, u, c (copy-on-write),
 * s (shared on purpose). */
static void memdump_flags(pte_t e, char out[7])
{
    out[0] = 'r';
    out[1] = e & PTE_W ? 'w' : '-';
    out[2] = e & PTE_NX ? '-' : 'x';
    out[3] = e & PTE_U ? 'u' : '-';
    out[4] = e & PTE_COW ? 'c' : '-';
    out[5] = e & PTE_SHARED ? 's' : '-';
    out[6] = 0;
}

/* One address space: its root, its table pages, its present user leaves,
 * then its swapped-out ones (a slot, no page). Caller holds vm->lock. */
static void memdump_space(struct vmspace *vm)
{
    assert(spin_holding(&vm->lock));
    memdump_line("space %d 0x%lx", vm->id, kva_to_pa(vm->pml4) >> PAGE_SHIFT);
    struct ptp_iter pit;
    for (ptp_iter_init(&pit, vm->pml4); ptp_iter_next(&pit);)
        memdump_line("table %d 0x%lx %d", vm->id, kva_to_pa(pit.table) >> PAGE_SHIFT, pit.table_level);
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);) {
        if (!pte_present(*it.pte))
            continue;
        char flags[7];
        memdump_flags(*it.pte, flags);
        memdump_line("map %d 0x%lx 0x%lx %s", vm->id, it.va, PTE_ADDR(*it.pte) >> PAGE_SHIFT, flags);
    }
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);)
        if (pte_swapped(*it.pte))
            memdump_line("swapped %d 0x%lx %lu", vm->id, it.va, PTE_SWAP_SLOT(*it.pte));
}

static void memdump_seg_swapped(int seg, size_t index, uint32_t s)
{
    memdump_line("segswapped %d %lu %u", seg, index, s);
}

static void memdump_file_swapped(struct pcache *pc, uint64_t index, uint32_t s, void *arg)
{
    (void)arg;
    memdump_line("fileswapped %lu %lu %u", container_of(pc, struct vnode, pages)->ino, index, s);
}

static void memdump_slot(uint32_t s, uint32_t count, struct page *pg)
{
    if (pg)
        memdump_line("slot %u %u 0x%lx", s, count, page_to_pa(pg) >> PAGE_SHIFT);
    else
        memdump_line("slot %u %u -", s, count);
}

static void memdump_hold(const char *holder, struct page *pg)
{
    memdump_line("hold %s 0x%lx", holder, page_to_pa(pg) >> PAGE_SHIFT);
}

/* The lines between begin and end. Caller holds vmspace_list_lock and the
 * log. */
static void memdump_body(const struct memdump_proc *procs, int nprocs)
{
    assert(spin_holding(&vmspace_list_lock));
    memdump_pages();
    memdump_procs(procs, nprocs);
    for (struct vmspace *vm = vmspace_list; vm; vm = vm->next) {
        spin_lock(&vm->lock);
        memdump_space(vm);
        spin_unlock(&vm->lock);
    }
    mm_check_visit_holders(memdump_hold);
    shm_visit_swapped(memdump_seg_swapped);
    pcache_visit_swapped(memdump_file_swapped, NULL);
    swap_visit_slots(memdump_slot);
}

void memdump(const char *why)
{
    assert(cpus_paused());           /* one moment's state (memdump.h) */
    spin_lock(&memdump_lock);
    spin_lock(&wait_lock);
    int nprocs = memdump_snapshot_procs(memdump_procs_buf);
    spin_lock(&vmspace_list_lock);
    klog_lock();
    unsigned long seq = ++memdump_seq;
    memdump_nlines = 0;
    memdump_line("begin seq=%lu why=%s ticks=%lu pages=%lu free=%lu managed=%lu kept=%lu swap=%lu", seq, why,
                 timer_ticks(), page_top() >> PAGE_SHIFT, page_nfree(), page_nmanaged(), page_nkept(), swap_nslots());
    memdump_body(memdump_procs_buf, nprocs);
    memdump_line("end seq=%lu lines=%lu", seq, memdump_nlines + 1);
    klog_unlock();
    spin_unlock(&vmspace_list_lock);
    spin_unlock(&wait_lock);
    spin_unlock(&memdump_lock);
}
