/* sys_info.c -- weensy's information calls (include/weensy/info.h): the
 * process list for ps, the memory summary for mem, the initrd's programs
 * for ls. They read proc and mm, so they live above both.
 *
 * Nothing here trusts the caller's buffer: its whole size is checked first
 * (uaccess_check, without overflow), each record is filled in a kernel
 * copy under the locks that guard its fields and copied out after they
 * are dropped (a copy may fault a page in, which must not happen under a
 * spinlock). A record is a snapshot: the process may change right after.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/initrd.h"
#include "proc/proc.h"
#include "proc/program.h"
#include "fs/pcache.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/vmspace.h"
#include "mm/uaccess.h"
#include "include/weensy/info.h"
#include "include/weensy/errno.h"

_Static_assert(WEENSY_NAME_MAX == PROC_NAME_MAX, "ps shows the whole name");
_Static_assert(WEENSY_ARGS_MAX == PROC_ARGS_MAX, "ps shows all exec kept");

/* info_buffer_ok: recsize is our record's, and n of them fit at buf. */
static long info_buffer_ok(uintptr_t buf, size_t n, size_t recsize, size_t want)
{
    if (recsize != want)
        return -EINVAL;
    if (n > SIZE_MAX / recsize)
        return -EFAULT;
    return uaccess_check(buf, n * recsize, VM_WRITE);
}

static char info_state(const struct proc *p)
{
    switch (p->state) {
    case P_SLEEPING: return WEENSY_PS_SLEEPING;
    case P_ZOMBIE: return WEENSY_PS_ZOMBIE;
    case P_EMBRYO: return WEENSY_PS_NEW;
    default: return WEENSY_PS_RUNNING;
    }
}

/* info_proc: p's record, or false if the slot is unused or a thread that
 * has ended (its slot waits to be freed). Locks: wait_lock (the parent,
 * the leader), p->lock (the rest; p->vm cannot go while it is held: exit
 * and exec change it under p->lock, destroy only after), vm->lock. */
static bool info_proc(struct proc *p, struct weensy_procinfo *r)
{
    memset(r, 0, sizeof(*r));
    spin_lock(&wait_lock);
    spin_lock(&p->lock);
    struct proc *leader = p->leader;
    bool used = p->state != P_UNUSED && leader;
    if (used) {
        r->pid = p->tgid;
        r->tid = p->pid;
        r->nthreads = leader->nthreads;
        r->ppid = leader->parent ? leader->parent->pid : 0;
        r->pgid = p->pgid;
        r->state = info_state(p);
        r->on_cpu = p->state == P_RUNNING;
        r->cpu = p->cpu;
        r->cpu_mask = p->cpu_mask;
        r->ticks = __atomic_load_n(&p->ticks, __ATOMIC_RELAXED);
        strlcpy(r->name, p->name, sizeof(r->name));
        strlcpy(r->args, p->args, sizeof(r->args));
        if (p->vm && p->state != P_ZOMBIE) {
            spin_lock(&p->vm->lock);
            r->resident = (uint32_t)vmspace_resident(p->vm);
            spin_unlock(&p->vm->lock);
        }
    }
    spin_unlock(&p->lock);
    spin_unlock(&wait_lock);
    return used;
}

long sys_procs(uintptr_t buf, size_t n, size_t recsize)
{
    long err = info_buffer_ok(buf, n, recsize, sizeof(struct weensy_procinfo));
    if (err)
        return err;
    size_t total = 0;
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++) {
        struct weensy_procinfo r;
        if (!info_proc(p, &r))
            continue;
        if (total < n && copyout(buf + total * recsize, &r, sizeof(r)) < 0)
            return -EFAULT;
        total++;
    }
    return (long)total;
}

long sys_meminfo(uintptr_t buf, size_t size)
{
    if (size != sizeof(struct weensy_meminfo))
        return -EINVAL;
    size_t kinds[PAGE_KIND_COUNT];
    page_count_kinds(kinds);
    struct weensy_meminfo m = {
        .page_size = PAGE_SIZE,
        .total = page_nmanaged(),
        .free = page_navailable(),
        .kept = page_nkept(),
        .user = kinds[PAGE_USER],
        .shared = kinds[PAGE_SHARED] + kinds[PAGE_CACHE],
        .pagetable = kinds[PAGE_PAGETABLE],
        .program_cache = program_cache_pages() + pcache_kept(),
        .swap_total = swap_nslots(),
        .swap_used = swap_nused(),
    };
    swap_stats(&m.swap_outs, &m.swap_ins, &m.swap_clean);
    swap_read_stats(&m.swap_faults, &m.swap_reads);
    uint64_t counted = m.free + m.user + m.shared + m.pagetable;
    m.kernel = m.total > counted ? m.total - counted : 0;
    return copyout(buf, &m, sizeof(m)) < 0 ? -EFAULT : 0;
}

long sys_programs(uintptr_t buf, size_t n, size_t recsize)
{
    long err = info_buffer_ok(buf, n, recsize, sizeof(struct weensy_program));
    if (err)
        return err;
    int total = initrd_count();
    for (int i = 0; i < total && (size_t)i < n; i++) {
        struct weensy_program r;
        memset(&r, 0, sizeof(r));
        const char *name = initrd_name(i);
        const void *data;
        size_t size = 0;
        strlcpy(r.name, name, sizeof(r.name));
        if (initrd_find(name, &data, &size))
            r.size = size;
        if (copyout(buf + (size_t)i * recsize, &r, sizeof(r)) < 0)
            return -EFAULT;
    }
    return total;
}
