/* signal.h -- Linux signals: handlers, masks, pending sets, delivery
 * (docs/linux-abi.md, "Signals").
 *
 * A process's handlers and its process-wide pending set are one struct
 * sighand, shared by its threads (clone's CLONE_SIGHAND, which weensy's
 * threads always have) and copied by fork. Each thread has its own mask
 * and its own pending set (tgkill, faults) in struct proc. kill() posts to
 * the process; any thread that does not block the signal may take it.
 *
 * Locks: sig->lock (class `signal`) guards the struct sighand (with its
 * actions block and ITIMER_REAL) and every thread's sig_blocked,
 * sig_pending, sig_fault_code/addr, sig_tcode/tpid and sig_wake. It is
 * taken after wait_lock and p->lock and before nothing
 * (docs/locking.md): a sender sets a thread's sig_wake under it, lets it
 * go, and only then takes the thread's p->lock to wake it from a sleep.
 *
 * Cost: a process that never sets an action has only its small struct
 * sighand (a 128-byte kmalloc object). The first rt_sigaction that
 * installs a handler or SIG_IGN makes the process's struct sig_actions (a
 * 1 KiB kmalloc object: the siginfo of its process-wide pending signals)
 * and a table of the 64 actions (struct sig_table, a page). fork shares
 * the table, counted, and each process copies it when it first changes an
 * action (proc/sig_acts.c), so a fork costs the child's small block only.
 */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/spinlock.h"
#include "proc/proc.h"
#include "include/weensy/syscalls.h"

#define SIG_BIT(sig) (1ULL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* Linux's handler values and sa_flags. */
#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NOCLDSTOP 0x00000001UL
#define SA_NOCLDWAIT 0x00000002UL
#define SA_SIGINFO   0x00000004UL
#define SA_RESTORER  0x04000000UL
#define SA_ONSTACK   0x08000000UL
#define SA_RESTART   0x10000000UL
#define SA_NODEFER   0x40000000UL
#define SA_RESETHAND 0x80000000UL

/* si_code values weensy sends. */
#define SI_USER 0
#define SI_KERNEL_CODE 0x80     /* Linux's SI_KERNEL */
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define CLD_EXITED 1
#define CLD_KILLED 2

/* sigaltstack's flags. */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048

/* struct sigaction as rt_sigaction passes it on x86-64 (Linux's kernel
 * layout, not libc's). */
struct sigaction_k {
    uintptr_t handler;
    uint64_t flags;
    uintptr_t restorer;
    uint64_t mask;
};

/* The per-signal information kept for the process-wide pending set: the
 * standard signals only (1..32); a queued real-time signal tells si_code
 * SI_USER and nothing more. */
#define SIG_INFO_MAX 32

/* The 64 actions, shared by processes that forked from one another until
 * one of them changes an action (Linux shares its sighand so between
 * threads only, and copies it at fork). Written only while one process
 * points at it (refs 1), under that process's sig->lock; read-only while
 * shared, so a sharer reads it under its own lock. A process adds a
 * reference only under its own lock, so one that sees refs 1 there knows
 * no other can appear while it writes; a sharer that lets go (release)
 * has read its last of it. The last to let go frees it. */
struct sig_table {
    int refs;                         /* [atomic] the processes pointing at it */
    struct sigaction_k act[NSIG];     /* [see above] */
};

/* A process's actions when any is not SIG_DFL, and what its pending
 * standard signals tell their handlers. Made (zeroed: every action
 * SIG_DFL) by the first rt_sigaction that installs a handler or SIG_IGN,
 * by one of the process's own threads, or by fork when the parent has one
 * (its table shared, not copied). The actions are the table's, less the
 * ones in reset; with no table (after exec) each is SIG_IGN if in ign,
 * else SIG_DFL with no flags: exec, which cannot fail, need not copy a
 * shared table to change it. exec
 * lets go of the table (ignored signals go to ign) and drops the block
 * when no SIG_IGN is left. Only the process itself makes or drops the
 * block, and drops it only when it is down to one thread (exec), so its
 * threads may look at sig->acts without the lock to learn whether it is
 * there. A signal posted while there is none has its default action
 * (taken at once, or it is blocked and waits): its info is not kept, and
 * a handler installed before it is taken sees si_code SI_USER and si_pid
 * 0 (as Linux's, for a signal it could not queue info for). */
struct sig_actions {
    struct sig_table *table;          /* [lock] NULL: ign says */
    uint64_t ign;                     /* [lock] without a table: SIG_IGN ones */
    uint64_t reset;                   /* [lock] SA_RESETHAND handlers taken: SIG_DFL now,
                                       * whatever the (maybe shared) table says */
    struct sig_kinfo info[SIG_INFO_MAX];   /* [lock] for pending's standard signals */
};

struct sighand {
    struct spinlock lock;
    int refs;                         /* [lock] threads pointing at it */
    uint64_t pending;                 /* [lock] sent to the process */
    struct sig_actions *acts;         /* [lock] NULL while every action is SIG_DFL
                                       * (see above); never shared */
    /* ITIMER_REAL (sig_timer.c); changed under wait_lock too. */
    uint64_t alarm_tick;              /* [lock] next expiry (tick); 0: off */
    uint64_t alarm_interval;          /* [lock] period in ticks; 0: one shot */
    /* The session (proc/group.c), kept here as Linux keeps it in its
     * signal_struct: one per process, shared by its threads, copied by
     * fork, kept by exec. Changed by setsid under wait_lock too. */
    int sid;                          /* [lock] */
    /* personality(2) (proc/aslr.c): copied by fork, kept by exec, as
     * Linux's; only ADDR_NO_RANDOMIZE does anything. */
    uint32_t personality;             /* [lock] */
};

/* Life cycle (proc/sig_state.c). sig_attach: p (new, unpublished) gets
 * parent's struct (a thread), or a fresh one (parent NULL: proc_alloc
 * makes one for every new process), or parent's actions in its own
 * (fork: the table shared); -ENOMEM. The thread's mask is the
 * caller's. sig_detach: p's slot is freed (caller holds p->lock). sig_exec:
 * handlers go back to SIG_DFL, SIG_IGN and the mask stay (the actions
 * block goes when no SIG_IGN is left). */
int sig_attach(struct proc *p, struct proc *parent, bool thread);
void sig_detach(struct proc *p);
void sig_exec(struct proc *p);

/* Sending (proc/signal.c). sig_send_thread: sig to thread t alone
 * (tgkill, SIGPIPE; only info's code and pid are kept). sig_send_process:
 * to the process whose leader is given (kill, SIGCHLD, SIGALRM); caller
 * holds wait_lock. Both apply the action at once when it is to ignore
 * (the signal is dropped) or to end the process with no thread blocking
 * it (every thread is killed). */
void sig_send_thread(struct proc *t, int sig, const struct sig_kinfo *info);
void sig_send_process(struct proc *leader, int sig, const struct sig_kinfo *info);
/* sig_child_ended: SIGCHLD to parent (a leader) for child, which ended
 * with wait status wstatus. Caller holds wait_lock. */
void sig_child_ended(struct proc *parent, struct proc *child, int wstatus);
/* sig_child_autoreap: parent's children leave no zombie: its SIGCHLD
 * action is SIG_IGN, or has SA_NOCLDWAIT (POSIX.1-2001, as Linux). A
 * child that ends then is reaped by the scheduler, as an orphan is, and
 * a wait4 that finds no child left fails with ECHILD. Caller holds
 * wait_lock. */
bool sig_child_autoreap(struct proc *parent);
/* sig_fault: a fault in user code raised sig: true if a handler will run
 * (the signal is queued for the thread), false if the process must die
 * of it (no handler, or the signal blocked, as Linux forces then). */
bool sig_fault(struct proc *p, int sig, int code, uintptr_t addr);

/* Inside proc/ (sig_state.c, sig_acts.c): the caller holds sig->lock.
 * sig_act_reset: sig's SA_RESETHAND handler is being taken: its action is
 * SIG_DFL from now on. */
enum sig_default { SIG_DFL_TERM, SIG_DFL_IGNORE, SIG_DFL_STOP };
enum sig_default sig_default_action(int sig);
struct sigaction_k sig_action(const struct sighand *sh, int sig);
bool sig_ignored(const struct sighand *sh, int sig);
void sig_act_reset(struct sighand *sh, int sig);
/* The actions block's life (sig_acts.c), for sig_state.c.
 * sig_acts_share: child (a fork's new block) gets psh's actions, the
 * table shared (caller holds psh->lock). sig_acts_exec: sh's handlers go
 * back to SIG_DFL (caller holds sh->lock); returns the table reference
 * to let go (sig_table_put) and sets *drop to the block if it went
 * (kfree): both once the lock is let go. sig_acts_free: a block no
 * sighand points at any more, and its reference to the table. */
void sig_acts_share(const struct sighand *psh, struct sig_actions *child);
struct sig_table *sig_acts_exec(struct sighand *sh, struct sig_actions **drop);
void sig_table_put(struct sig_table *t);
void sig_acts_free(struct sig_actions *acts);
/* sig_recalc: every thread of sh's process: set its sig_wake from what
 * is pending and what it blocks; sig_wake_threads: then wake those (no
 * lock held; sh must stay alive: the caller holds wait_lock or is one of
 * its threads). */
void sig_recalc(struct sighand *sh);
void sig_wake_threads(struct sighand *sh);

/* sig_set_mask: thread p's mask becomes mask (less SIGKILL and SIGSTOP);
 * called by p itself. sig_on_altstack: sp is on p's alternate stack;
 * sig_altstack_flags: its stack_t flags when not on it (SS_DISABLE:
 * none; SS_AUTODISARM or 0). */
void sig_set_mask(struct proc *p, uint64_t mask);
bool sig_on_altstack(const struct proc *p, uintptr_t sp);
int sig_altstack_flags(const struct proc *p);

/* ITIMER_REAL (proc/sig_timer.c): the tick's check, once a tick. */
void sig_alarm_tick(uint64_t now);
#endif
