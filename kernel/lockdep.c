/* lockdep.c -- lock-order checking: the locks each CPU holds, the check on
 * every acquire, and the report (see lockdep.h; the graph of orders is in
 * lockdep_graph.c).
 *
 * Why per CPU is right: a spinlock keeps interrupts off while held, so a
 * thread holding one cannot be preempted or moved to another CPU, and an
 * interrupt handler only ever runs on a CPU that held no spinlock when
 * the interrupt came. The locks a CPU holds are therefore exactly the
 * locks its current thread, or the handler it is running, holds, in the
 * order taken. The one hand-over, sched(), keeps p->lock held across
 * swtch() on the same CPU, and the scheduler (or forkret) releases it
 * there. A handler's locks are ordinary orders in the same graph: a
 * handler on CPU 1 taking B then A against a thread on CPU 0 taking A
 * then B is a deadlock like any other, and reported as one. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/spinlock.h"
#include "kernel/lockdep.h"
#include "kernel/lockdep_graph.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"

/* The deepest nesting in the kernel is a memory dump's, about ten. */
#define LOCKDEP_DEPTH 24

struct lockdep_held {
    struct spinlock *lk;
    uint8_t cls;
    bool trylock;
    struct lockdep_where where;
};

/* Touched only by its own CPU, always with interrupts off (inside
 * spin_lock's push_off, or spin_unlock before its pop_off). */
struct lockdep_cpu {
    int depth;
    struct lockdep_held held[LOCKDEP_DEPTH];
};

static struct lockdep_cpu cpu_held[MAX_CPUS];
static struct lockdep_catch *volatile catching;

void lockdep_off(void)
{
    lockdep_enabled = false;
}

/* where_from: spin_lock's frame holds its caller's frame pointer and the
 * return address into the caller; the caller's frame, the same one level
 * up. The second read is made only if the pointer looks like a frame a
 * little further up the same kernel stack. */
static struct lockdep_where where_from(void *frame)
{
    const uintptr_t *f = frame;
    struct lockdep_where w = { { (uint32_t)(f[1] - KERNEL_VMA), 0 } };
    uintptr_t up = f[0];
    if (up >= KERNEL_HALF && !(up & 7) && up > (uintptr_t)f && up - (uintptr_t)f < 16 * 1024 &&
        ((const uintptr_t *)up)[1] >= KERNEL_VMA)
        w.ip[1] = (uint32_t)(((const uintptr_t *)up)[1] - KERNEL_VMA);
    return w;
}

static void print_held(const struct lockdep_cpu *c)
{
    kprintf("lockdep:   locks held on CPU %d, outer first:\n", mycpu()->id);
    for (int i = 0; i < c->depth; i++) {
        char label[48], where[128];
        lockdep_class_label(c->held[i].cls, label, sizeof(label));
        lockdep_where_label(&c->held[i].where, where, sizeof(where));
        kprintf("lockdep:     %s%s at %s\n", label, c->held[i].trylock ? " (tried)" : "", where);
    }
}

/* violation: print the report, then either record it for a test or
 * panic. Checking stops first when it will panic: the panic prints, and
 * printing takes locks in whatever order this CPU is in. */
static void violation(const struct lockdep_cpu *c, const struct lockdep_held *h, int cls,
                      const struct lockdep_where *here, const uint8_t *path, int len)
{
    struct lockdep_catch *test = catching;
    if (!test)
        lockdep_enabled = false;
    char held[48], taking[48], w_held[128], w_here[128];
    lockdep_class_label(h->cls, held, sizeof(held));
    lockdep_class_label(cls, taking, sizeof(taking));
    lockdep_where_label(&h->where, w_held, sizeof(w_held));
    lockdep_where_label(here, w_here, sizeof(w_here));
    if (!len)
        kprintf("lockdep: lock order violation: taking %s while holding another %s "
                "(same class, not declared with spin_lock_nested)\n", taking, held);
    else
        kprintf("lockdep: lock order violation: taking %s while holding %s, "
                "but %s -> %s %s\n", taking, held, taking, held,
                len == 2 ? "was recorded before" : "follows from orders recorded before");
    kprintf("lockdep:   now:    %s taken at %s\n", held, w_held);
    kprintf("lockdep:           %s taken at %s\n", taking, w_here);
    for (int i = 0; i + 1 < len; i++) {
        const struct lockdep_edge *e = lockdep_edge_find(path[i], path[i + 1]);
        char from[48], to[48], outer[128], inner[128];
        lockdep_class_label(path[i], from, sizeof(from));
        lockdep_class_label(path[i + 1], to, sizeof(to));
        lockdep_where_label(&e->outer, outer, sizeof(outer));
        lockdep_where_label(&e->inner, inner, sizeof(inner));
        kprintf("lockdep:   %s %s taken at %s\n", i ? "and:   " : "before:", from, outer);
        kprintf("lockdep:           %s taken at %s\n", to, inner);
    }
    print_held(c);
    if (test) {
        test->reports++;
        test->held = lockdep_class_name(h->cls);
        test->taking = lockdep_class_name(cls);
        test->same_class = !len;
        kprintf("lockdep:   (caught by a test, not a panic)\n");
        return;
    }
    panic("lockdep: %s taken while holding %s: %s", taking, held,
          len ? "the reverse of a recorded order" : "same class, not declared nested");
}

/* check_new: taking cls while holding h, an order not known yet (or the
 * same class twice): record it, or report it. Out of line: most acquires
 * find every order known. */
static __attribute__((noinline)) void check_new(const struct lockdep_cpu *c,
                                                const struct lockdep_held *h, int cls,
                                                const struct lockdep_where *here)
{
    if (h->cls == cls) {
        violation(c, h, cls, here, 0, 0);
        return;
    }
    uint8_t path[LOCKDEP_CLASSES];
    int len = lockdep_graph_add(h->cls, cls, &h->where, here, path);
    if (len)
        violation(c, h, cls, here, path, len);
}

/* lockdep_acquire: checked before the caller waits (a real deadlock is
 * reported instead of hanging); pushed on this CPU's list at once. A
 * trylock is not checked: it never waits, so it never closes a cycle. */
void lockdep_acquire(struct spinlock *lk, int subclass, bool trylock, void *frame)
{
    if (!lockdep_enabled)
        return;
    struct lockdep_cpu *c = &cpu_held[mycpu()->id];
    int cls = subclass == 0 && lk->lockdep_class ? lk->lockdep_class
                                                 : lockdep_class_of(lk, subclass);
    struct lockdep_where here = where_from(frame);
    /* Every held lock, not only the last: a lock held by trylock adds no
     * order into itself, so the orders from the locks under it would be
     * lost. (A report prints, which takes and releases the log's lock on
     * this CPU: the list is the same afterwards.) */
    for (int i = 0; i < c->depth && !trylock && lockdep_enabled; i++)
        if (c->held[i].cls == cls || !lockdep_known(c->held[i].cls, cls))
            check_new(c, &c->held[i], cls, &here);
    if (!lockdep_enabled)
        return;
    if (c->depth == LOCKDEP_DEPTH) {
        lockdep_enabled = false;
        panic("lockdep: more than %d locks held on CPU %d; raise LOCKDEP_DEPTH",
              LOCKDEP_DEPTH, mycpu()->id);
    }
    c->held[c->depth++] = (struct lockdep_held){ lk, (uint8_t)cls, trylock, here };
}

/* lockdep_release: locks need not be released in the reverse order
 * (sleep() takes p->lock, then lets go of the lock it was called with). */
void lockdep_release(struct spinlock *lk)
{
    if (!lockdep_enabled)
        return;
    struct lockdep_cpu *c = &cpu_held[mycpu()->id];
    for (int i = c->depth - 1; i >= 0; i--) {
        if (c->held[i].lk != lk)
            continue;
        for (int j = i; j + 1 < c->depth; j++)
            c->held[j] = c->held[j + 1];
        c->depth--;
        return;
    }
    lockdep_enabled = false;
    panic("lockdep: %s released on CPU %d, which does not hold it", lk->name, mycpu()->id);
}

bool lockdep_ordered(struct spinlock *outer, struct spinlock *inner)
{
    return lockdep_graph_reaches(lockdep_class_of(outer, 0), lockdep_class_of(inner, 0));
}

void lockdep_catch_begin(struct lockdep_catch *c)
{
    *c = (struct lockdep_catch){ 0 };
    catching = c;
}

void lockdep_catch_end(void)
{
    catching = 0;
}

void lockdep_at_exit(void)
{
    const char *v = cmdline_get("lockdep");
    if (lockdep_enabled && v && strcmp(v, "print") == 0)
        lockdep_print();
}
