/* lockdep_graph.h -- the order checker's classes and its graph of orders,
 * shared by lockdep.c (the per-CPU side) and lockdep_graph.c. Internal to
 * the checker: the rest of the kernel uses kernel/lockdep.h. */
#ifndef KERNEL_LOCKDEP_GRAPH_H
#define KERNEL_LOCKDEP_GRAPH_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct spinlock;

/* A class is a (name, subclass) pair; index 0 means "not yet looked up".
 * 64 so that the set of classes after one fits one uint64_t. The kernel
 * has 21 lock names; the tests add a dozen. */
#define LOCKDEP_CLASSES 64
#define LOCKDEP_EDGES 256

/* Where a lock was taken: spin_lock's caller and that function's caller
 * (the first is often a wrapper such as sleep() or kprintf()), as offsets
 * from KERNEL_VMA (kernel code is all in the top 2 GiB; 0: none), which
 * halves the tables (they are bss, and every page counts at mem=2M). */
struct lockdep_where {
    uint32_t ip[2];
};

/* One recorded order: `from` was held (taken at outer) when `to` was
 * taken (at inner), the first time the kernel did so. */
struct lockdep_edge {
    uint8_t from, to;
    struct lockdep_where outer, inner;
};

/* Off after a report that panics, or a full table: from then on nothing
 * is checked or recorded (the panic's own printing must not be). */
extern volatile bool lockdep_enabled;

/* lockdep_class_of: lk's class for this subclass, added on first sight. */
int lockdep_class_of(struct spinlock *lk, int subclass);
/* lockdep_after[a] has bit b when a -> b is recorded. Written only under
 * the graph's lock; read without it, since the set of orders only grows. */
extern uint64_t lockdep_after[LOCKDEP_CLASSES];

/* lockdep_known: from -> to recorded already (inline: the check every
 * acquire makes for every lock held). */
static inline bool lockdep_known(int from, int to)
{
    return __atomic_load_n(&lockdep_after[from], __ATOMIC_ACQUIRE) & (1UL << to);
}
/* lockdep_graph_add: record from -> to, unless the graph already leads
 * from `to` back to `from`: then nothing is recorded and the path
 * to, ..., from is returned in path[] (its length; 0 when recorded). */
int lockdep_graph_add(int from, int to, const struct lockdep_where *outer,
                      const struct lockdep_where *inner, uint8_t path[LOCKDEP_CLASSES]);
bool lockdep_graph_reaches(int from, int to);
/* lockdep_edge_find: the record of from -> to, or NULL. */
const struct lockdep_edge *lockdep_edge_find(int from, int to);

/* Text for reports: a class's name in quotes (some names have spaces;
 * "vmspace/1" for a subclass) and a place ("vmspace_copy+0x37 <-
 * sys_fork+0xef"). */
const char *lockdep_class_name(int cls);
void lockdep_class_label(int cls, char *buf, size_t size);
void lockdep_where_label(const struct lockdep_where *w, char *buf, size_t size);
#endif
