/* worker.c -- one fuzzing process: pick a call and its arguments, let the
 * guards look at them, write them into this process's ring in the shared
 * page, make the call, write down the result. fork makes a new worker that
 * goes on with half the calls left and a stream of its own.
 *
 * The answers checked here are those the kernel must never give: a number
 * that is not a call must return ENOSYS (a dispatcher that looked at eax
 * alone would run getpid for 0x100000027), getpid must name us, and an
 * error must be one the call's documentation lists (calls.c). */
#include "fuzz.h"
#include "arch/x86_64/memlayout.h"

#define STACK_SCRATCH (16 * 1024)  /* kernel writes land in its first 4 KiB */
#define STACK_VITAL (256 * 1024)   /* the stack below the scratch we need */

int worker_take_slot(int parent_slot)
{
    int slot = __atomic_fetch_add(&fz->nslots, 1, __ATOMIC_RELAXED);
    if (slot >= FUZZ_SLOTS) {
        __atomic_fetch_sub(&fz->nslots, 1, __ATOMIC_RELAXED);
        return -1;
    }
    struct fuzz_slot *s = &fz->slots[slot];
    s->pid = 0;
    s->parent_slot = parent_slot;
    s->ncalls = 0;
    s->head = 0;
    s->bad = 0;
    s->state = SLOT_RESERVED;
    return slot;
}

static void worker_identity(struct worker *w)
{
    w->pid = (int)sys_getpid();
    w->pgid = (int)sys_getpgrp();
    w->last_child = 0;
    fz->slots[w->slot].pid = w->pid;
    fz->slots[w->slot].state = SLOT_RUNNING;
}

static void trace(struct worker *w, long nr, const long a[6])
{
    char line[200], name[24], v[6][32];
    for (int i = 0; i < 6; i++)
        fuzz_val(a[i], v[i]);
    int n = snprintf(line, sizeof line, "fuzz: [%d] %s(%s, %s, %s, %s, %s, %s)\n", w->pid,
                     call_name(nr, name), v[0], v[1], v[2], v[3], v[4], v[5]);
    sys_write(1, (long)line, n < (int)sizeof line ? n : (int)sizeof line - 1);
}

/* A thread the fuzzer's clone made: it runs on a stack of its own
 * (worker_thread), with whatever FS base clone gave it (so it touches
 * nothing through %fs, not even errno), makes a few quick calls and ends:
 * enough for clone, exit and CLONE_CHILD_CLEARTID to be exercised while
 * the worker goes on. */
static void worker_thread_main(void *arg)
{
    (void)arg;
    sys_gettid();
    sys_sched_yield();
    for (;;)
        sys_exit(0);
}

#define THREAD_STACKS 8
#define THREAD_STACK_SIZE 4096
static char thread_stacks[THREAD_STACKS][THREAD_STACK_SIZE] __attribute__((aligned(16)));

/* worker_call: the call, recorded before and after. */
static long worker_call(struct worker *w, long nr, const long a[6])
{
    struct fuzz_slot *s = &fz->slots[w->slot];
    struct fuzz_call *rec = &s->ring[s->head % FUZZ_RING];
    rec->nr = nr;
    for (int i = 0; i < 6; i++)
        rec->a[i] = a[i];
    rec->ret = FUZZ_PENDING;
    __atomic_store_n(&s->head, s->head + 1, __ATOMIC_RELEASE);
    if (run.trace)
        trace(w, nr, a);
    __atomic_add_fetch(&fz->per_call[w->call][0], 1, __ATOMIC_RELAXED);
    long ret;
    if (nr == FUZZ_THREAD)       /* clone of a thread: see worker_thread */
        ret = thread_clone_raw((unsigned long)a[0], (void *)a[1], (volatile int *)a[2],
                               (volatile int *)a[3], (void *)a[4], worker_thread_main, 0);
    else
        ret = syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if ((nr == SYS_fork || nr == SYS_clone) && ret == 0)
        return ret;              /* the child: the record is the parent's */
    rec->ret = ret;
    __atomic_store_n(&s->ncalls, s->ncalls + 1, __ATOMIC_RELEASE);
    return ret;
}

static void remember_toy(struct worker *w, long addr)
{
    if (addr <= 0 || (uintptr_t)addr >= USER_TOP || !PAGE_ALIGNED(addr))
        return;
    int i = w->ntoys < TOYS ? w->ntoys++ : 2 + (int)rng_below(&w->rng, TOYS - 2);
    w->toys[i] = (uintptr_t)addr;
}

/* An answer the kernel must not give: why, and the call (the first such). */
static void worker_bad(struct worker *w, int why, long nr, const long a[6], long ret)
{
    struct fuzz_slot *s = &fz->slots[w->slot];
    if (s->bad)
        return;
    s->bad_call.nr = nr;
    for (int i = 0; i < 6; i++)
        s->bad_call.a[i] = a[i];
    s->bad_call.ret = ret;
    s->bad = why;
}

/* What a result teaches the pool, and the answers that must not happen. */
static void worker_learn(struct worker *w, int ci, long nr, const long a[6], long ret)
{
    if (ret >= 0)
        __atomic_add_fetch(&fz->per_call[ci][1], 1, __ATOMIC_RELAXED);
    if (ci >= fuzz_nreal && ret != -ENOSYS)
        worker_bad(w, 1, nr, a, ret);
    if (nr == SYS_getpid && ret != w->pid)
        worker_bad(w, 2, nr, a, ret);
    if (!calls_error_allowed(&fuzz_calls[ci], ret))
        worker_bad(w, 3, nr, a, ret);
    if (nr == SYS_mmap || nr == SYS_shmat)
        remember_toy(w, ret);
    else if (nr == SYS_page_alloc && ret == 0)
        remember_toy(w, a[0]);
    else if (nr == SYS_brk && ret > (long)(fuzz_mem.heap_scratch + PAGE_SIZE))
        remember_toy(w, (long)PAGE_ALIGN_DOWN(ret - 1));     /* the heap's last page */
    else if (nr == SYS_shmget && ret >= 0)
        w->shm_ids[rng_below(&w->rng, 4)] = ret;
    else if (nr == SYS_setpgid && ret == 0)
        w->pgid = (int)sys_getpgrp();
    else
        args_fs_learn(w, nr, a, ret);
}

/* clone's thread form is not a call a C function can make and return
 * from (the child would return on the new stack into no frame), so it
 * goes through the library's trampoline, on one of a few stacks taken in
 * turn (the threads end at once). Anything else clone might refuse or
 * treat as a fork goes through as it is. */
static bool worker_thread(struct worker *w, long v[6])
{
    unsigned long f = (unsigned long)v[0] & 0xffffffffUL;
    unsigned long thread = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    if ((f & thread) != thread)
        return false;
    char *stack = thread_stacks[w->next_stack++ % THREAD_STACKS];
    v[1] = (long)(stack + THREAD_STACK_SIZE);
    return true;
}

/* fork: the child takes a new slot and half the calls left; its stream
 * comes from the parent's, so the family is replayed by the seed. clone's
 * fork forms come here too, on the same stack (another would crash the
 * child at once) and mostly without a new TLS base. */
static void worker_fork(struct worker *w, int ci, long nr, long v[6])
{
    int slot = worker_take_slot(w->slot);
    if (slot < 0) {
        __atomic_add_fetch(&fz->skipped, 1, __ATOMIC_RELAXED);
        return;
    }
    uint64_t child_stream = fuzz_mix(rng_next(&w->rng) ^ 0xf0f0c0ffee5eedULL);
    if (nr == SYS_clone) {
        v[1] = 0;
        if (!rng_chance(&w->rng, 1, 8))
            v[0] &= ~(long)CLONE_SETTLS;
    }
    long ret = worker_call(w, nr, v);
    if (ret == 0) {
        w->slot = slot;
        w->rng.s = child_stream;
        w->budget /= 2;
        worker_identity(w);
        args_fs_worker_setup(w);   /* a directory of its own; its parent's stays at hand */
        return;
    }
    worker_learn(w, ci, nr, v, ret);
    if (ret > 0) {
        fz->slots[slot].pid = (int)ret;
        w->last_child = (int)ret;
        w->budget -= w->budget / 2;
    } else {
        fz->slots[slot].state = SLOT_FREE;
    }
}

/* touch: the worker's own read or write of a byte (recorded as a call,
 * so a fault that kills it shows where). */
static void worker_touch(struct worker *w, int ci)
{
    struct fuzz_slot *s = &fz->slots[w->slot];
    struct fuzz_call *rec = &s->ring[s->head % FUZZ_RING];
    volatile char *p = (volatile char *)args_touch_addr(w);
    bool write = rng_chance(&w->rng, 1, 2);
    *rec = (struct fuzz_call){ .nr = FUZZ_TOUCH, .a = { (long)p, write }, .ret = FUZZ_PENDING };
    __atomic_store_n(&s->head, s->head + 1, __ATOMIC_RELEASE);
    __atomic_add_fetch(&fz->per_call[ci][0], 1, __ATOMIC_RELAXED);
    if (write)
        *p = (char)w->pid;
    else
        (void)*p;
    rec->ret = 0;
    __atomic_add_fetch(&fz->per_call[ci][1], 1, __ATOMIC_RELAXED);
    __atomic_store_n(&s->ncalls, s->ncalls + 1, __ATOMIC_RELEASE);
}

static void worker_step(struct worker *w)
{
    int ci = w->call = calls_pick(&w->rng);
    const struct call_info *c = &fuzz_calls[ci];
    struct arg a[6] = { { 0 } };
    for (int i = 0; i < c->nargs; i++)
        a[i] = args_pick(w, c->kind[i]);
    long nr = c->nr;
    if (nr == FUZZ_TOUCH) {
        worker_touch(w, ci);
        return;
    }
    if (!guard_call(w, c, a, &nr)) {
        __atomic_add_fetch(&fz->skipped, 1, __ATOMIC_RELAXED);
        return;
    }
    long v[6];
    for (int i = 0; i < 6; i++)
        v[i] = a[i].v;
    if (nr == SYS_fork || (nr == SYS_clone && !((unsigned long)v[0] & CLONE_VM))) {
        worker_fork(w, ci, nr, v);
        return;
    }
    long made = nr == SYS_clone && worker_thread(w, v) ? FUZZ_THREAD : nr;
    long ret = worker_call(w, made, v);
    if (nr == SYS_arch_prctl)    /* a SET_FS may have moved it */
        sys_arch_prctl(ARCH_SET_FS, (long)w->fs_base);
    worker_learn(w, ci, nr, v, ret);
}

noreturn void worker_run(int slot, uint64_t stream, int64_t budget)
{
    char scratch[STACK_SCRATCH];     /* its contents do not matter */
    struct worker w = { .rng = { stream }, .slot = slot, .budget = budget };
    w.stack_scratch = (uintptr_t)scratch;
    w.fs_base = (uintptr_t)thread_self();
    w.stack_low = PAGE_ALIGN_DOWN((uintptr_t)scratch) - STACK_VITAL;
    /* As init, each worker has a group of its own (kill(0) then reaches
     * one family). Otherwise the workers stay in the coordinator's group,
     * so that a kill of the job (Ctrl-C, kill(-pgid)) takes them along;
     * the guards keep their setpgid from taking any of them out of it and
     * their kill from reaching the coordinator or outside the run. */
    if (run.coord_is_init)
        sys_setpgid(0, 0);
    while (!__atomic_load_n(&fz->go, __ATOMIC_ACQUIRE))
        sys_sched_yield();       /* until the coordinator has its pages (round.c) */
    worker_identity(&w);
    args_worker_setup(&w);
    args_fs_worker_setup(&w);
    for (int i = 0; i < 4; i++)
        w.shm_ids[i] = -1;
    while (w.budget-- > 0)
        worker_step(&w);
    sys_exit_group(0);           /* with any thread clone left behind */
    for (;;)
        ;
}
