/* sig_acts.c -- a process's actions (signal.h, struct sig_actions and
 * struct sig_table): what a signal's action is, the table that fork
 * shares and that a process copies when it first changes an action after
 * a fork, exec's reset of handlers, and rt_sigaction. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

_Static_assert(sizeof(struct sig_actions) <= 1024, "a 1 KiB kmalloc object: every fork of a process with one makes one");
_Static_assert(sizeof(struct sig_table) <= 4096, "one page");

struct sigaction_k sig_action(const struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock) && sig >= 1 && sig <= NSIG);
    const struct sig_actions *a = sh->acts;
    if (!a || (a->reset & SIG_BIT(sig)))
        return (struct sigaction_k){ 0 };
    if (a->table)
        return a->table->act[sig - 1];
    return (struct sigaction_k){ .handler = a->ign & SIG_BIT(sig) ? SIG_IGN : SIG_DFL };
}

/* A signal whose action is to do nothing: SIG_IGN, or the default of
 * the signals Linux ignores. weensy cannot stop a process: a stop
 * signal's default does nothing either (kill refuses to send one). */
bool sig_ignored(const struct sighand *sh, int sig)
{
    struct sigaction_k a = sig_action(sh, sig);
    return a.handler == SIG_IGN || (a.handler == SIG_DFL && sig_default_action(sig) != SIG_DFL_TERM);
}

/* Taking a SA_RESETHAND handler must not write the table, which may be
 * shared, nor allocate (delivery cannot fail): the block says SIG_DFL. */
void sig_act_reset(struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock) && sh->acts && sh->acts->table);
    sh->acts->reset |= SIG_BIT(sig);
}

/* ---- the table ------------------------------------------------------------- */

/* sig_table_private: t is the caller's process's alone, so it may write t
 * (under its sig->lock; signal.h says why no one can share it meanwhile). */
static bool sig_table_private(const struct sig_table *t)
{
    return __atomic_load_n(&t->refs, __ATOMIC_ACQUIRE) == 1;
}

/* sig_table_put: one process fewer points at t (NULL: none did); the
 * last frees it. Called without any sig->lock (kfree is not taken under
 * one). */
void sig_table_put(struct sig_table *t)
{
    if (!t)
        return;
    int left = __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL);
    assert(left >= 0);
    if (!left)
        kfree(t);
}

/* sig_table_fill: t, new, gets a's actions as the table would hold them:
 * its (maybe shared) table's, or SIG_IGN for those in ign. a's reset
 * still applies on top. */
static void sig_table_fill(struct sig_table *t, const struct sig_actions *a)
{
    assert(!a->table || !a->ign);
    t->refs = 1;
    if (a->table)
        memcpy(t->act, a->table->act, sizeof(t->act));
    for (int sig = 1; sig <= NSIG; sig++)
        if (a->ign & SIG_BIT(sig))
            t->act[sig - 1].handler = SIG_IGN;
}

/* ---- the block's life ------------------------------------------------------ */

void sig_acts_share(const struct sighand *psh, struct sig_actions *child)
{
    assert(spin_holding(&psh->lock) && psh->acts);
    const struct sig_actions *a = psh->acts;
    if (a->table) {
        /* Under psh->lock: while psh alone has it, no one writes it now. */
        int old = __atomic_fetch_add(&a->table->refs, 1, __ATOMIC_RELAXED);
        assert(old > 0);
    }
    child->table = a->table;
    child->ign = a->ign;
    child->reset = a->reset;     /* nothing is pending: no info */
}

void sig_acts_free(struct sig_actions *acts)
{
    if (!acts)
        return;
    sig_table_put(acts->table);
    kfree(acts);
}

/* Linux's flush_signal_handlers: caught signals go back to SIG_DFL (the
 * handlers are gone with the old image); ignored ones stay ignored; flags
 * and masks are cleared. The table is let go rather than written (it may
 * be shared, and exec cannot fail here for want of a copy): the ignored
 * ones are kept in ign. With no SIG_IGN left the block goes too (the
 * caller is the process's only thread: exec), with the info of its
 * pending signals (signal.h says what they tell). */
struct sig_table *sig_acts_exec(struct sighand *sh, struct sig_actions **drop)
{
    assert(spin_holding(&sh->lock));
    struct sig_actions *a = sh->acts;
    *drop = 0;
    if (!a)
        return 0;
    uint64_t ign = 0;
    for (int sig = 1; sig <= NSIG; sig++)
        if (sig_action(sh, sig).handler == SIG_IGN)
            ign |= SIG_BIT(sig);
    struct sig_table *t = a->table;
    a->table = 0;
    a->ign = ign;
    a->reset = 0;
    if (!ign) {
        *drop = a;
        __atomic_store_n(&sh->acts, 0, __ATOMIC_RELAXED);
    }
    return t;
}

/* ---- rt_sigaction ---------------------------------------------------------- */

/* A signal whose action becomes "ignore" is dropped from every pending
 * set at once (POSIX; Linux does the same). */
static void sig_flush_ignored(struct sighand *sh, int sig)
{
    assert(spin_holding(&sh->lock));
    sh->pending &= ~SIG_BIT(sig);
    for (struct proc *q = ptable, *end = proc_table_end(); q < end; q++)
        if (q->sig == sh)
            q->sig_pending &= ~SIG_BIT(sig);
    sig_recalc(sh);
}

/* What storing an action may take: allocated with the lock let go. */
struct sig_spare {
    struct sig_actions *acts;
    struct sig_table *table;
};

/* sig_prepare: spare holds what storing act in sh needs: a block when sh
 * has none and act is not SIG_DFL (a SIG_DFL action without one keeps
 * nothing, flags and mask included), and a table when sh's block will
 * have none of its own (none yet, or a shared one: copied on this
 * write). The allocations are made with sh->lock let go, and the needs
 * looked at again: another thread may have made the block, or forked and
 * so shared the table, meanwhile. Caller holds sh->lock, and does on
 * return; -ENOMEM. */
static int sig_prepare(struct sighand *sh, const struct sigaction_k *act, struct sig_spare *spare)
{
    assert(spin_holding(&sh->lock));
    for (;;) {
        const struct sig_actions *a = sh->acts;
        bool need_acts = !a && act->handler != SIG_DFL;
        bool need_table = need_acts || (a && (!a->table || !sig_table_private(a->table)));
        bool get_acts = need_acts && !spare->acts, get_table = need_table && !spare->table;
        if (!get_acts && !get_table)
            return 0;
        spin_unlock(&sh->lock);
        if (get_acts)
            spare->acts = kmalloc(sizeof(*spare->acts));
        if (get_table)
            spare->table = kmalloc(sizeof(*spare->table));
        spin_lock(&sh->lock);
        if ((get_acts && !spare->acts) || (get_table && !spare->table))
            return -ENOMEM;
    }
}

/* sig_store: act becomes sig's action in sh, with what sig_prepare got
 * (what it uses is taken out of spare). Returns the shared table sh let
 * go of, for the caller to put once it has let go of the lock. */
static struct sig_table *sig_store(struct sighand *sh, int sig, const struct sigaction_k *act,
                                   struct sig_spare *spare)
{
    assert(spin_holding(&sh->lock));
    struct sig_actions *a = sh->acts;
    if (!a && act->handler == SIG_DFL)
        return 0;                /* nothing to keep */
    if (!a) {
        a = spare->acts;
        spare->acts = 0;
        __atomic_store_n(&sh->acts, a, __ATOMIC_RELEASE);
    }
    struct sig_table *old = a->table;
    if (old && sig_table_private(old)) {
        old = 0;                 /* written in place */
    } else {
        sig_table_fill(spare->table, a);
        a->table = spare->table;
        a->ign = 0;
        spare->table = 0;
    }
    a->table->act[sig - 1] = *act;
    a->reset &= ~SIG_BIT(sig);
    return old;
}

long sys_rt_sigaction(long sig_arg, uintptr_t uact, uintptr_t uoact, long sigsetsize)
{
    int sig = (int)sig_arg;
    if (sigsetsize != 8 || sig < 1 || sig > NSIG || sig != sig_arg)
        return -EINVAL;
    if (uact && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    struct sigaction_k act;
    if (uact && copyin(&act, uact, sizeof(act)) < 0)
        return -EFAULT;
    act.mask &= ~SIG_UNBLOCKABLE;
    struct sighand *sh = myproc()->sig;
    struct sig_spare spare = { 0 };
    struct sig_table *drop = 0;
    spin_lock(&sh->lock);
    int err = uact ? sig_prepare(sh, &act, &spare) : 0;
    struct sigaction_k old = sig_action(sh, sig);
    if (uact && !err) {
        drop = sig_store(sh, sig, &act, &spare);
        if (sig_ignored(sh, sig))
            sig_flush_ignored(sh, sig);
    }
    spin_unlock(&sh->lock);
    sig_table_put(drop);
    kfree(spare.acts);           /* another thread's block came first */
    kfree(spare.table);
    if (err)
        return err;
    if (uoact && copyout(uoact, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}
