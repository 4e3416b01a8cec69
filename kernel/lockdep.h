/* lockdep.h -- lock-order checking, in Debug builds (CMake's
 * WEENSY_LOCKDEP; docs/locking.md, "The order checker").
 *
 * Every lock belongs to a class: its name (all `p->lock`s are one class
 * "proc", all `vm->lock`s one class "vmspace"). The checker keeps, per
 * CPU, the locks held, and in one graph every order it has seen ("A was
 * held when B was taken"). An acquire that would close a cycle, i.e. take
 * B while holding A when B -> ... -> A was seen before, is reported with
 * both orders and where each was taken, then the kernel panics. So is
 * taking a second lock of a class already held, unless declared with
 * spin_lock_nested. spin_trylock cannot deadlock and is never reported,
 * but a lock it took is held, and orders the locks taken inside it.
 *
 * spinlock.c calls in here; nothing else needs to. */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H
#include <stdbool.h>
#include <stdint.h>

struct spinlock;

#ifdef WEENSY_LOCKDEP
/* frame: the frame of spin_lock itself, from which the checker reads who
 * called it (and who called that), for the report. */
void lockdep_acquire(struct spinlock *lk, int subclass, bool trylock, void *frame);
void lockdep_release(struct spinlock *lk);
/* lockdep_off: stop checking for good (a panic: its printing must not be
 * checked against what the CPU happened to hold). */
void lockdep_off(void);
/* lockdep_print: every class and recorded order, and one order of all
 * classes that agrees with them (outer first). */
void lockdep_print(void);
/* lockdep_at_exit: lockdep_print if the command line has lockdep=print
 * (called as the machine ends). */
void lockdep_at_exit(void);

/* For tests. lockdep_ordered: has the checker seen outer's class held
 * while inner's was taken, directly or through other classes? */
bool lockdep_ordered(struct spinlock *outer, struct spinlock *inner);
/* Between lockdep_catch_begin and lockdep_catch_end a violation is
 * printed and recorded here instead of panicking, and the acquire goes
 * on (the test's locks are not contended, so it cannot hang). */
struct lockdep_catch {
    int reports;            /* violations seen */
    const char *held;       /* the last one: the class held ... */
    const char *taking;     /* ... and the class being taken */
    bool same_class;        /* two of one class, no subclass declared */
};
void lockdep_catch_begin(struct lockdep_catch *c);
void lockdep_catch_end(void);
#else
static inline void lockdep_off(void) {}
static inline void lockdep_at_exit(void) {}
#endif
#endif
