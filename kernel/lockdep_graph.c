/* lockdep_graph.c -- the order checker's lock classes and the graph of
 * lock orders it has seen (see lockdep.h for what is checked).
 *
 * Fixed-size tables, no allocation: the checker runs inside spin_lock,
 * below kmalloc and the page allocator. One raw lock guards the tables.
 * It is not a struct spinlock (that would check itself, forever). It
 * turns interrupts off itself (push_off, which nests inside spin_lock's):
 * lockdep_ordered (the tests') and lockdep_print take it from outside any
 * spin_lock, and a tick that took a lock of a class not looked up yet
 * would spin on it forever -- one boot of locks.lockdep in about 300 hung
 * so, under a loaded host. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/lockdep.h"
#include "kernel/lockdep_graph.h"
#include "arch/x86_64/memlayout.h"
#include "kernel/symbols.h"
#include "arch/x86_64/x86.h"

struct lockdep_class {
    const char *name;
    int subclass;
};

volatile bool lockdep_enabled = true;

static struct lockdep_class classes[LOCKDEP_CLASSES];  /* [0] unused */
static int nclasses = 1;
/* The sets a lookup and a path search work on (lockdep_graph.h); edges[]
 * says where each order was first seen. */
uint64_t lockdep_after[LOCKDEP_CLASSES];
static struct lockdep_edge edges[LOCKDEP_EDGES];
static int nedges;
static volatile uint32_t graph_lock;

static void graph_acquire(void)
{
    push_off();
    while (__atomic_exchange_n(&graph_lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&graph_lock, __ATOMIC_RELAXED))
            cpu_relax();
}

static void graph_release(void)
{
    __atomic_store_n(&graph_lock, 0, __ATOMIC_RELEASE);
    pop_off();
}

/* A full table ends the run: raising the constant is the fix, and a
 * checker that quietly stopped would let the tests pass unchecked. */
static noreturn void graph_full(const char *what, int max)
{
    lockdep_enabled = false;
    graph_release();
    panic("lockdep: more than %d %s; raise the limit in kernel/lockdep_graph.h", max, what);
}

static int class_find(const char *name, int subclass)
{
    for (int i = 1; i < nclasses; i++)
        if (classes[i].subclass == subclass &&
            (classes[i].name == name || strcmp(classes[i].name, name) == 0))
            return i;
    if (nclasses == LOCKDEP_CLASSES)
        graph_full("lock classes", LOCKDEP_CLASSES - 1);
    classes[nclasses] = (struct lockdep_class){ name, subclass };
    return nclasses++;
}

/* A class is a name: two locks made with the same name are one class,
 * wherever they were made. The lock remembers its subclass-0 class, so
 * the common acquire does no lookup. */
int lockdep_class_of(struct spinlock *lk, int subclass)
{
    if (subclass == 0 && lk->lockdep_class)
        return lk->lockdep_class;
    graph_acquire();
    int cls = class_find(lk->name ? lk->name : "(unnamed)", subclass);
    graph_release();
    if (subclass == 0)
        lk->lockdep_class = (uint8_t)cls;
    return cls;
}

/* path_find: breadth first from `from`; fills path[] with from, ..., to
 * and returns its length, or 0 if `to` cannot be reached. The graph lock
 * is held (or the graph no longer changes). */
static int path_find(int from, int to, uint8_t path[LOCKDEP_CLASSES])
{
    uint8_t parent[LOCKDEP_CLASSES];
    uint64_t seen = 1UL << from, frontier = seen;
    while (frontier && !(seen & (1UL << to))) {
        uint64_t next = 0;
        for (uint64_t f = frontier; f; f &= f - 1) {
            int a = __builtin_ctzl(f);
            for (uint64_t n = lockdep_after[a] & ~seen & ~next; n; n &= n - 1)
                parent[__builtin_ctzl(n)] = (uint8_t)a;
            next |= lockdep_after[a] & ~seen;
        }
        seen |= next;
        frontier = next;
    }
    if (!(seen & (1UL << to)))
        return 0;
    int len = 0;
    for (int c = to; c != from; c = parent[c])
        len++;
    int i = len;
    for (int c = to; c != from; c = parent[c])
        path[i--] = (uint8_t)c;
    path[0] = (uint8_t)from;
    return len + 1;
}

int lockdep_graph_add(int from, int to, const struct lockdep_where *outer,
                      const struct lockdep_where *inner, uint8_t path[LOCKDEP_CLASSES])
{
    assert(from != to);
    graph_acquire();
    if (lockdep_after[from] & (1UL << to)) {        /* another CPU was first */
        graph_release();
        return 0;
    }
    int len = path_find(to, from, path);
    if (len) {
        graph_release();
        return len;
    }
    if (nedges == LOCKDEP_EDGES)
        graph_full("lock orders", LOCKDEP_EDGES);
    edges[nedges++] = (struct lockdep_edge){ (uint8_t)from, (uint8_t)to, *outer, *inner };
    /* The record first, then the bit: whoever sees the bit finds it. */
    __atomic_store_n(&lockdep_after[from], lockdep_after[from] | (1UL << to), __ATOMIC_RELEASE);
    graph_release();
    return 0;
}

bool lockdep_graph_reaches(int from, int to)
{
    uint8_t path[LOCKDEP_CLASSES];
    graph_acquire();
    bool r = path_find(from, to, path) != 0;
    graph_release();
    return r;
}

/* Records are only ever appended, and a record is complete before its
 * bit is set, so reading them needs no lock. */
const struct lockdep_edge *lockdep_edge_find(int from, int to)
{
    if (!lockdep_known(from, to))
        return 0;
    int n = __atomic_load_n(&nedges, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        if (edges[i].from == from && edges[i].to == to)
            return &edges[i];
    return 0;
}

const char *lockdep_class_name(int cls)
{
    return classes[cls].name;
}

void lockdep_class_label(int cls, char *buf, size_t size)
{
    if (classes[cls].subclass)
        snprintf(buf, size, "\"%s/%d\"", classes[cls].name, classes[cls].subclass);
    else
        snprintf(buf, size, "\"%s\"", classes[cls].name);
}

void lockdep_where_label(const struct lockdep_where *w, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < 2 && w->ip[i] && used < size; i++) {
        uintptr_t off = 0, ip = KERNEL_VMA + w->ip[i];
        /* ip - 1: a return address may be the first byte of the next
         * function when the call was the last instruction. */
        const char *fn = symbols_lookup(ip - 1, &off);
        int n = fn ? snprintf(buf + used, size - used, "%s%s+%#lx", i ? " <- " : "", fn, off + 1)
                   : snprintf(buf + used, size - used, "%s%#lx", i ? " <- " : "", ip);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* implied: from -> to also follows from other recorded orders, so the
 * picture of the order can leave it out. */
static bool implied(int from, int to)
{
    uint64_t saved = lockdep_after[from];
    lockdep_after[from] &= ~(1UL << to);
    uint8_t path[LOCKDEP_CLASSES];
    bool r = path_find(from, to, path) != 0;
    lockdep_after[from] = saved;
    return r;
}

/* One order of all classes that agrees with every recorded order (Kahn's
 * algorithm, lowest class first among those free to go). */
static void print_linear_order(void)
{
    uint64_t placed = 1;                   /* class 0 is not a class */
    kprintf("lockdep: one order that fits them all, outer first:\n");
    for (int round = 1; round < nclasses; round++) {
        int pick = 0;
        for (int c = 1; c < nclasses && !pick; c++) {
            if (placed & (1UL << c))
                continue;
            bool free = true;
            for (int a = 1; a < nclasses && free; a++)
                if (!(placed & (1UL << a)) && (lockdep_after[a] & (1UL << c)))
                    free = false;
            if (free)
                pick = c;
        }
        assert(pick);                      /* the graph has no cycle */
        placed |= 1UL << pick;
        char label[48];
        lockdep_class_label(pick, label, sizeof(label));
        kprintf("lockdep:   %2d %s\n", round, label);
    }
}

void lockdep_print(void)
{
    graph_acquire();
    /* Printing takes locks: stop recording, so the graph holds still. */
    lockdep_enabled = false;
    graph_release();
    kprintf("lockdep: %d lock classes, %d orders recorded\n", nclasses - 1, nedges);
    for (int i = 0; i < nedges; i++) {
        const struct lockdep_edge *e = &edges[i];
        char from[48], to[48], outer[128], inner[128];
        lockdep_class_label(e->from, from, sizeof(from));
        lockdep_class_label(e->to, to, sizeof(to));
        lockdep_where_label(&e->outer, outer, sizeof(outer));
        lockdep_where_label(&e->inner, inner, sizeof(inner));
        kprintf("lockdep: order %s -> %s%s: %s taken at %s, %s at %s\n", from, to,
                implied(e->from, e->to) ? " (implied)" : "", from, outer, to, inner);
    }
    print_linear_order();
}
