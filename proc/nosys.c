/* nosys.c -- a call weensy does not have: -ENOSYS, and the first time a
 * program makes it, one line saying which (issue 17: the gaps a real
 * program runs into stay visible):
 *
 *   syscall: rt_sigsuspend (130) not implemented, called by busybox
 *
 * "Once per program and number": a table of the (name, number) pairs
 * already reported, NOSYS_SEEN of them, each kept as a 64-bit hash (a
 * quarter of the bss the pairs would take; two pairs with one hash are
 * beyond likely); past that (a fuzzer trying every number) one last line
 * says that the rest go unreported. */
#include "kernel/kernel.h"
#include "kernel/syscall_names.h"
#include "proc/proc.h"
#include "proc/nosys.h"
#include "include/weensy/errno.h"

#define NOSYS_SEEN 128

static struct spinlock nosys_lock = SPINLOCK_INIT("nosys");
static uint64_t nosys_seen[NOSYS_SEEN];   /* [nosys_lock] */
static int nosys_n;                       /* [nosys_lock] */

/* FNV-1a over the name, its end and the number. */
static uint64_t nosys_hash(const char *name, unsigned long nr)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *c = name;; c++) {
        h = (h ^ (uint8_t)*c) * 0x100000001b3ULL;
        if (!*c)
            break;
    }
    for (int i = 0; i < 8; i++, nr >>= 8)
        h = (h ^ (nr & 0xff)) * 0x100000001b3ULL;
    return h;
}

/* nosys_first: true if (name, nr) was not reported before (and notes it);
 * *full: the table has just filled. */
static bool nosys_first(const char *name, unsigned long nr, bool *full)
{
    uint64_t h = nosys_hash(name, nr);
    *full = false;
    spin_lock(&nosys_lock);
    bool first = nosys_n < NOSYS_SEEN;
    for (int i = 0; i < nosys_n && first; i++)
        first = nosys_seen[i] != h;
    if (first) {
        nosys_seen[nosys_n++] = h;
        *full = nosys_n == NOSYS_SEEN;
    }
    spin_unlock(&nosys_lock);
    return first;
}

long sys_nosys(unsigned long nr)
{
    struct proc *p = myproc();
    char name[PROC_NAME_MAX];
    spin_lock(&p->lock);
    strlcpy(name, p->name, sizeof name);
    spin_unlock(&p->lock);
    bool full;
    if (nosys_first(name, nr, &full)) {
        const char *call = syscall_name(nr);
        kprintf("syscall: %s (%lu) not implemented, called by %s\n", call ? call : "unknown", nr, name);
        if (full)
            kprintf("syscall: %d calls reported; the ones after go unreported\n", NOSYS_SEEN);
    }
    return -ENOSYS;
}
