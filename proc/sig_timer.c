/* sig_timer.c -- ITIMER_REAL: setitimer, getitimer, alarm, delivering
 * SIGALRM to the process (musl's alarm() is setitimer; glibc's too).
 * ITIMER_VIRTUAL and ITIMER_PROF are EINVAL: weensy does not count a
 * process's user and system time apart.
 *
 * A process's timer is its struct sighand's alarm_tick (the next expiry,
 * in timer ticks) and alarm_interval (the period; 0: one shot), under its
 * sig->lock; it survives exec (the struct does) and is not inherited by
 * fork (a child's struct starts with none). Resolution is the tick (10 ms).
 *
 * The tick (proc_tick, the boot CPU, once a tick) looks at nothing unless
 * the earliest expiry, sig_alarm_next, has come; then it scans the
 * leaders under wait_lock, sends SIGALRM to those due, rearms the
 * periodic ones and computes the next earliest. setitimer changes a timer
 * under wait_lock too, so the scan and a new timer cannot miss each other.
 */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/errno.h"

#define ITIMER_REAL 0
#define USEC_PER_SEC 1000000L

struct timeval_k { long sec, usec; };
struct itimerval_k { struct timeval_k interval, value; };

static uint64_t sig_alarm_next;   /* [wait_lock; read by the tick without it] 0: none */

static bool tv_valid(const struct timeval_k *tv)
{
    return tv->sec >= 0 && tv->usec >= 0 && tv->usec < USEC_PER_SEC;
}

/* Whole ticks, rounded up: a timer never fires early. */
static uint64_t tv_to_ticks(const struct timeval_k *tv)
{
    uint64_t usec_per_tick = USEC_PER_SEC / TIMER_HZ;
    if ((uint64_t)tv->sec > (UINT64_MAX / TIMER_HZ) / 4)
        return UINT64_MAX / 4;
    return (uint64_t)tv->sec * TIMER_HZ + ((uint64_t)tv->usec + usec_per_tick - 1) / usec_per_tick;
}

static struct timeval_k ticks_to_tv(uint64_t t)
{
    return (struct timeval_k){ (long)(t / TIMER_HZ), (long)(t % TIMER_HZ) * (USEC_PER_SEC / TIMER_HZ) };
}

/* The process's timer as it stands now (caller holds sh->lock). */
static struct itimerval_k alarm_read(const struct sighand *sh, uint64_t now)
{
    assert(spin_holding(&sh->lock));
    uint64_t left = sh->alarm_tick ? (sh->alarm_tick > now ? sh->alarm_tick - now : 1) : 0;
    return (struct itimerval_k){ ticks_to_tv(sh->alarm_interval), ticks_to_tv(left) };
}

/* alarm_set: the caller's process's timer becomes nv; the old one in *old. */
static void alarm_set(const struct itimerval_k *nv, struct itimerval_k *old)
{
    struct sighand *sh = myproc()->sig;   /* its own: stays while it runs */
    spin_lock(&wait_lock);
    spin_lock(&sh->lock);
    uint64_t now = timer_ticks();
    *old = alarm_read(sh, now);
    uint64_t value = tv_to_ticks(&nv->value);
    sh->alarm_tick = value ? now + value : 0;
    sh->alarm_interval = value ? tv_to_ticks(&nv->interval) : 0;
    if (sh->alarm_tick && (!sig_alarm_next || sh->alarm_tick < sig_alarm_next))
        __atomic_store_n(&sig_alarm_next, sh->alarm_tick, __ATOMIC_RELEASE);
    spin_unlock(&sh->lock);
    spin_unlock(&wait_lock);
}

long sys_setitimer(long which, uintptr_t uval, uintptr_t uold)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct itimerval_k nv = { 0 }, old;
    if (uval && copyin(&nv, uval, sizeof(nv)) < 0)   /* NULL: disarm, as Linux takes it */
        return -EFAULT;
    if (!tv_valid(&nv.value) || !tv_valid(&nv.interval))
        return -EINVAL;
    alarm_set(&nv, &old);
    if (uold && copyout(uold, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

long sys_getitimer(long which, uintptr_t ucur)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct sighand *sh = myproc()->sig;
    spin_lock(&sh->lock);
    struct itimerval_k cur = alarm_read(sh, timer_ticks());
    spin_unlock(&sh->lock);
    return copyout(ucur, &cur, sizeof(cur)) < 0 ? -EFAULT : 0;
}

/* alarm: whole seconds; the old timer's seconds, rounded as Linux does
 * (half a second or more up, and never 0 for a timer still running). */
long sys_alarm(long seconds)
{
    struct itimerval_k nv = { .value = { (long)(unsigned)seconds, 0 } }, old;
    alarm_set(&nv, &old);
    long secs = old.value.sec;
    if ((!secs && old.value.usec) || old.value.usec >= USEC_PER_SEC / 2)
        secs++;
    return secs;
}

/* sig_alarm_due: leader's process's timer at tick now: true if it fires
 * (then it is rearmed or cleared); a process that is over has it cleared.
 * *next: the earliest expiry still to come. Caller holds wait_lock. */
static bool sig_alarm_due(struct proc *leader, uint64_t now, uint64_t *next)
{
    spin_lock(&leader->lock);
    bool live = leader->state != P_UNUSED && leader->state != P_EMBRYO && leader->nthreads > 0;
    struct sighand *sh = leader->sig;
    bool fire = false;
    if (sh) {
        spin_lock(&sh->lock);
        fire = live && sh->alarm_tick && sh->alarm_tick <= now;
        if (fire)
            sh->alarm_tick = sh->alarm_interval ? now + sh->alarm_interval : 0;
        if (!live)
            sh->alarm_tick = sh->alarm_interval = 0;
        if (sh->alarm_tick && (!*next || sh->alarm_tick < *next))
            *next = sh->alarm_tick;
        spin_unlock(&sh->lock);
    }
    spin_unlock(&leader->lock);
    return fire;
}

/* From the tick, in interrupt context: no lock is held on this CPU. */
void sig_alarm_tick(uint64_t now)
{
    uint64_t next = __atomic_load_n(&sig_alarm_next, __ATOMIC_ACQUIRE);
    if (!next || next > now)
        return;
    spin_lock(&wait_lock);
    next = 0;
    static const struct sig_kinfo alrm = { .code = SI_KERNEL_CODE };
    for (struct proc *p = ptable, *end = proc_table_end(); p < end; p++)
        if (p->leader == p && sig_alarm_due(p, now, &next))
            sig_send_process(p, SIGALRM, &alrm);
    __atomic_store_n(&sig_alarm_next, next, __ATOMIC_RELEASE);
    spin_unlock(&wait_lock);
}
