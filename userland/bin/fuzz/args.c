/* args.c -- the pool of argument values: valid ones (the process's own
 * buffers on its stack, heap, data and mmap'd pages; programs that exist;
 * pids of the family), boundary ones (page-aligned and unaligned addresses,
 * the last user page, lengths of 0, one page, page +- 1) and hostile ones
 * (kernel-half and non-canonical addresses, NULL, lengths that wrap, every
 * flag bit, strings that run into an unmapped page or are too long).
 *
 * Each kind mostly picks from its own list and now and then from any list
 * (a pid where a length goes, an address where a flag goes). */
#include "fuzz.h"
#include "arch/x86_64/memlayout.h"

#define DATA_SCRATCH (24 * 1024)   /* writes go at most ~10 KiB past a pointer */
#define HEAP_SCRATCH (16 * 4096)
#define EDGE_ADDR 0x30000000UL     /* pages each followed by an unmapped one */
#define TOY_ADDR 0x20000000UL      /* each worker's own area to play with */
#define TOY_PAGES 32
#define SHARED_TOY (TOY_ADDR + 2 * TOY_PAGES * PAGE_SIZE)

struct fuzz_mem fuzz_mem;
static char data_scratch[DATA_SCRATCH] __attribute__((aligned(4096)));

/* Strings and vectors exec gets; they live in the image (guarded memory). */
static char long_name[300], path_4096[4097], path_long_ok[4095], big_string[4000];
static char *vec_big[81];
static char *vec_small[] = { "a", "bb", NULL };
static char *vec_empty[] = { NULL };
static char *vec_kernel[] = { (char *)0xffff800000000000UL, NULL };
static char *argv_fuzz[] = { "fuzz", "--exec-probe", NULL };
static char *argv_probe[] = { "execprobe", "exit", "0", NULL };

static const char *const real_paths[] = {
    "fuzz", "/bin/fuzz", "/bin/../bin/./fuzz", "execprobe", "/bin/execprobe",
};
static const char *const failing_paths[] = {
    "/bin/README", "README", "/", "/bin", "/bin/", "hello/", "/bin/hello/x", "nope",
    "", ".", "..", "//bin//nope", "/dev/null", "/bin/fuzz/", "fuzz/..",
};

static void fill(char *s, size_t n, char c)
{
    memset(s, c, n);
    s[n] = 0;
}

/* The edge pages, each followed by an unmapped page: a string whose NUL is
 * the last byte of the first, a string with no NUL before the end of the
 * second, a vector with no NULL before the end of the third. */
#define EDGE_PAGES 3

static char *edge_end(int i) { return (char *)(EDGE_ADDR + (2 * (uintptr_t)i + 1) * PAGE_SIZE); }

static void args_edge_setup(void)
{
    for (int i = 0; i < EDGE_PAGES; i++) {
        void *e = mmap(edge_end(i) - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        munmap(edge_end(i), PAGE_SIZE);
        if (e == MAP_FAILED) {
            printf("fuzz: cannot map the edge pages\n");
            exit(2);
        }
    }
    memcpy(edge_end(0) - 5, "nope", 5);
    memset(edge_end(1) - 40, 'u', 40);
    char **vec = (char **)edge_end(2) - 3;
    vec[0] = vec[1] = vec[2] = vec_small[0];
    fuzz_mem.edge = EDGE_ADDR;
    fuzz_mem.edge_len = (2 * EDGE_PAGES - 1) * PAGE_SIZE;
}

void args_setup(void)
{
    fill(long_name, sizeof long_name - 1, 'x');
    fill(path_4096, sizeof path_4096 - 1, 'a');
    for (size_t i = 0; i + 2 < sizeof path_long_ok - 5; i += 2)
        memcpy(path_long_ok + i, "./", 2);
    memcpy(path_long_ok + sizeof path_long_ok - 6, "nope", 5);
    fill(big_string, sizeof big_string - 1, 'z');
    for (int i = 0; i < 80; i++)
        vec_big[i] = big_string;
    memset(data_scratch, 0, sizeof data_scratch);
    fuzz_mem.data_scratch = (uintptr_t)data_scratch;
    /* The heap is brk's (malloc is not used), so workers' brk calls grow
     * and shrink a heap that is really there. */
    long base = sys_brk(0);
    if (sys_brk(base + HEAP_SCRATCH) != base + HEAP_SCRATCH) {
        printf("fuzz: no heap\n");
        exit(2);
    }
    memset((void *)base, 0, HEAP_SCRATCH);
    fuzz_mem.heap_scratch = (uintptr_t)base;
    args_edge_setup();
}

/* Each worker's toys: a private area and a shared one at fixed places,
 * touched in part (so some pages exist and some do not). */
void args_worker_setup(struct worker *w)
{
    mmap((void *)TOY_ADDR, TOY_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    mmap((void *)SHARED_TOY, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
         MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < TOY_PAGES; i += 3)
        sys_page_refs((long)(TOY_ADDR + i * PAGE_SIZE));   /* harmless if unmapped */
    w->toys[0] = TOY_ADDR;
    w->toys[1] = SHARED_TOY;
    w->ntoys = 2;
}

/* ---- numbers ----------------------------------------------------------------- */

static long pick(struct rng *r, const long *v, size_t n) { return v[rng_below(r, n)]; }
#define PICK(r, list) pick((r), (list), sizeof(list) / sizeof((list)[0]))

static const long lens[] = {
    0, 1, 7, 8, 16, 100, 4095, 4096, 4097, 8192, 65536, 1L << 20, 1L << 30, 1L << 40,
    (long)USER_TOP, (long)USER_TOP + 1, -1L, -4096L, (long)0x8000000000000000UL,
    0x7fffffffffffffffL, 0x7ffff000L, 0x80000000L, 16L << 20, (16L << 20) + 1,
};

static long any_number(struct rng *r)
{
    static const long specials[] = {
        0, 1, 2, -1, -2, 0x7fffffff, -0x80000000L, 0xffffffffL, 0x7fffffffffffffffL,
        (long)0x8000000000000000UL, 4096, 0x1000000000L,
    };
    switch (rng_below(r, 4)) {
    case 0: return PICK(r, specials);
    case 1: return 1L << rng_below(r, 64);
    case 2: return (long)rng_below(r, 65);
    default: return (long)rng_next(r);
    }
}

static long flags_from(struct rng *r, const long *good, size_t n)
{
    if (rng_chance(r, 3, 4))
        return pick(r, good, n);
    return rng_chance(r, 1, 2) ? 1L << rng_below(r, 64) : (rng_chance(r, 1, 2) ? -1L : (long)rng_next(r));
}
#define FLAGS(r, list) flags_from((r), (list), sizeof(list) / sizeof((list)[0]))

/* ---- addresses ---------------------------------------------------------------- */

static const long hostile_addrs[] = {
    0, 1, 0xfff, 0x1000, (long)0xffff800000000000UL, (long)0xffffffff80100000UL,
    (long)0xffffffff80000000UL, (long)0xffffff0000000000UL, (long)0xfffffffffffff000UL, -1L,
    0x0000800000000000L, 0x00007fffffffffffL, (long)USER_TOP, (long)0x8000000000000000UL,
    (long)(USER_TOP - PAGE_SIZE), (long)(USER_TOP - 1), 0x400000, 0x10000,
};

/* An address in memory this process owns, where the kernel may write. */
uintptr_t args_own_buffer(struct worker *w)
{
    uint64_t off = rng_chance(&w->rng, 1, 2) ? 0 : rng_below(&w->rng, 4096);
    switch (rng_below(&w->rng, 5)) {
    case 0: return w->stack_scratch + off;
    case 1: return fuzz_mem.data_scratch + off;
    case 2: return fuzz_mem.heap_scratch + off;
    case 3: return w->toys[rng_below(&w->rng, (uint64_t)w->ntoys)] + off;
    default: return TOY_ADDR + rng_below(&w->rng, TOY_PAGES) * PAGE_SIZE + off;
    }
}

struct arg args_buffer(struct worker *w)
{
    struct rng *r = &w->rng;
    switch (rng_below(r, 8)) {
    case 0: case 1: case 2: case 3:
        return (struct arg){ (long)args_own_buffer(w), true, PROG_NONE };
    case 4:
        return (struct arg){ PICK(r, hostile_addrs), false, PROG_NONE };
    case 5:                      /* the edge: reads run into the unmapped page */
        return (struct arg){ (long)(edge_end((int)rng_below(r, EDGE_PAGES)) - 1 - rng_below(r, 64)), false, PROG_NONE };
    case 6:                      /* anywhere in the user half */
        return (struct arg){ (long)(rng_below(r, USER_TOP) & ~7UL), false, PROG_NONE };
    default:
        return (struct arg){ any_number(r), false, PROG_NONE };
    }
}

uintptr_t args_touch_addr(struct worker *w)
{
    uint64_t off = rng_below(&w->rng, PAGE_SIZE);
    switch (rng_below(&w->rng, 8)) {
    case 0: return w->toys[rng_below(&w->rng, (uint64_t)w->ntoys)] + off;
    case 1: return fuzz_mem.heap_scratch + rng_below(&w->rng, HEAP_SCRATCH);
    case 2: return SHARED_TOY + rng_below(&w->rng, 4 * PAGE_SIZE);
    default: return TOY_ADDR + rng_below(&w->rng, TOY_PAGES) * PAGE_SIZE + off;
    }
}

/* An address for the calls that change mappings: page-aligned mostly. */
static struct arg map_addr(struct worker *w)
{
    struct rng *r = &w->rng;
    uintptr_t a;
    switch (rng_below(r, 6)) {
    case 0: case 1:
        a = TOY_ADDR + rng_below(r, 2 * TOY_PAGES) * PAGE_SIZE;
        break;
    case 2:
        a = w->toys[rng_below(r, (uint64_t)w->ntoys)];
        break;
    case 3:
        a = args_own_buffer(w);
        break;
    case 4:
        return (struct arg){ PICK(r, hostile_addrs), false, PROG_NONE };
    default:
        a = rng_below(r, USER_TOP);
        break;
    }
    if (rng_chance(r, 7, 8))
        a = PAGE_ALIGN_DOWN(a);
    return (struct arg){ (long)a, false, PROG_NONE };
}

/* ---- processes ----------------------------------------------------------------- */

static long family_pid(struct worker *w)
{
    int n = fz->nslots;
    int pid = n ? fz->slots[rng_below(&w->rng, (uint64_t)n)].pid : 0;
    return pid ? pid : w->pid;
}

static long pid_value(struct worker *w)
{
    struct rng *r = &w->rng;
    switch (rng_below(r, 16)) {
    case 0: case 1: return w->pid;
    case 2: return sys_getppid();
    case 3: case 4: return w->last_child ? w->last_child : w->pid;
    case 5: case 6: return family_pid(w);
    case 7: return -family_pid(w);
    case 8: return 1;
    case 9: return 0;
    case 10: return rng_chance(r, 1, 8) ? -1 : -w->pgid;
    case 11: return run.coord_pid;
    case 12: return rng_chance(r, 1, 2) ? 32767 : 99999;
    case 13: return rng_chance(r, 1, 2) ? 0x7fffffff : -0x7fffffff - 1;
    case 14: return (long)rng_below(r, 200);
    default: return any_number(r);
    }
}

static long signal_value(struct rng *r)
{
    static const long sigs[] = { 0, SIGKILL, SIGTERM, SIGSEGV, SIGINT, SIGCHLD, SIGCONT,
                                 SIGSTOP, SIGTSTP, SIGWINCH, SIGUSR1, 64, 65, -1, 1000 };
    return rng_chance(r, 3, 4) ? PICK(r, sigs) : any_number(r);
}

/* ---- exec ----------------------------------------------------------------------- */

static struct arg path_value(struct worker *w)
{
    struct rng *r = &w->rng;
    uint64_t n = sizeof failing_paths / sizeof failing_paths[0];
    switch (rng_below(r, 12)) {
    case 0:
    {
        uint64_t k = rng_below(r, 5);
        return (struct arg){ (long)real_paths[k], true, k < 3 ? PROG_FUZZ : PROG_EXECPROBE };
    }
    case 1: return (struct arg){ (long)long_name, true, PROG_NONE };
    case 2: return (struct arg){ (long)path_4096, true, PROG_NONE };
    case 3: return (struct arg){ (long)path_long_ok, true, PROG_NONE };
    case 4: return (struct arg){ (long)(edge_end(0) - 5), true, PROG_NONE };
    case 5: return (struct arg){ (long)(edge_end(1) - 1 - rng_below(r, 40)), true, PROG_NONE };
    case 6: return args_buffer(w);
    default: return (struct arg){ (long)failing_paths[rng_below(r, n)], true, PROG_NONE };
    }
}

static long vector_value(struct worker *w)
{
    struct rng *r = &w->rng;
    switch (rng_below(r, 9)) {
    case 0: return 0;
    case 1: return (long)vec_empty;
    case 2: case 3: return (long)vec_small;
    case 4: return (long)vec_kernel;
    case 5: return (long)vec_big;
    case 6: return (long)((char **)edge_end(2) - 3);
    case 7: return (long)argv_fuzz;
    default: return args_buffer(w).v;
    }
}

long args_harmless_argv(int program)
{
    return program == PROG_EXECPROBE ? (long)argv_probe : (long)argv_fuzz;
}

/* A timespec for nanosleep: mostly a short sleep; now and then a wrong
 * one, or one that outlasts the round (the round's end kills it). */
long args_timespec(struct worker *w)
{
    static struct timespec ts;
    struct rng *r = &w->rng;
    unsigned k = (unsigned)rng_below(r, 40);
    if (k < 2)
        return args_buffer(w).v;
    if (k < 30)
        ts = (struct timespec){ 0, (long)rng_below(r, 2000000) };
    else if (k < 33)
        ts = (struct timespec){ -1, 0 };
    else if (k < 36)
        ts = (struct timespec){ 0, rng_chance(r, 1, 2) ? -1 : 1000000000L };
    else if (k < 38)
        ts = (struct timespec){ 0, 999999999L };
    else
        ts = (struct timespec){ rng_chance(r, 1, 2) ? 0x7fffffffffffffffL : 100000, 0 };
    return (long)&ts;
}

/* ---- the kinds ------------------------------------------------------------------- */

struct arg args_pick(struct worker *w, enum arg_kind kind)
{
    static const long prots[] = { 0, 1, 2, 3, 4, 5, 7, 8 };
    static const long mapflags[] = { MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                                     MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, MAP_PRIVATE, 0, 3,
                                     MAP_SHARED, MAP_PRIVATE | MAP_FIXED, MAP_SHARED | MAP_FIXED };
    static const long mremapflags[] = { 0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_FIXED, 4 };
    static const long ipcflags[] = { 0, IPC_CREAT | 0600, IPC_CREAT | IPC_EXCL, SHM_RDONLY, IPC_CREAT };
    static const long shmcmds[] = { IPC_RMID, IPC_RMID, 1, 2, 3, 13, -1 };
    static const long ioctls[] = { TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP,
                                   TIOCGWINSZ, FIONREAD, 0, 0x5400 };
    static const long clocks[] = { 0, 1, 4, 7, 2, 3, -1, 1000 };
    /* the records of procs, meminfo and programs (include/weensy/info.h) */
    static const long recsizes[] = { sizeof(struct weensy_procinfo), sizeof(struct weensy_meminfo),
                                     sizeof(struct weensy_program), 0, 1, 151, 153 };
    static const long hows[] = { 0, 2, -1, 0x100000001L };
    /* clone: a thread as pthread_create makes it, fork forms, and what
     * Linux or weensy refuses (include/weensy/thread.h) */
    static const long cloneflags[] = {
        CLONE_THREAD_FLAGS, CLONE_THREAD_FLAGS | CLONE_DETACHED, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD,
        SIGCHLD, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, CLONE_PARENT_SETTID | SIGCHLD,
        CLONE_VM | SIGCHLD, CLONE_THREAD | CLONE_VM, CLONE_SIGHAND, CLONE_VFORK | CLONE_VM | SIGCHLD,
        CLONE_NEWNS, CLONE_THREAD_FLAGS | (1L << 40),
    };
    static const long futexops[] = {
        FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE, FUTEX_WAKE_PRIVATE, 3, 9, 10,
        FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0x100000001L,
    };
    static const long archcodes[] = { ARCH_SET_FS, ARCH_GET_FS, ARCH_GET_FS, ARCH_SET_GS, ARCH_GET_GS,
                                       0, 0x1005 };
    struct rng *r = &w->rng;
    if (kind != A_ANY && rng_chance(r, 1, 32))
        kind = A_ANY;            /* now and then, anything at all */
    switch (kind) {
    case A_FD: return args_fs_pick(w, A_FD);
    case A_BUF: return args_buffer(w);
    case A_LEN: return (struct arg){ rng_chance(r, 1, 4) ? (long)rng_below(r, 3 * 4096) : PICK(r, lens), false, PROG_NONE };
    case A_ADDR: return map_addr(w);
    case A_PROT: return (struct arg){ FLAGS(r, prots), false, PROG_NONE };
    case A_MAPFLAGS: return (struct arg){ FLAGS(r, mapflags), false, PROG_NONE };
    case A_MREMAPFLAGS: return (struct arg){ FLAGS(r, mremapflags), false, PROG_NONE };
    case A_PID: return (struct arg){ pid_value(w), false, PROG_NONE };
    case A_SIG: return (struct arg){ signal_value(r), false, PROG_NONE };
    case A_PATH: return path_value(w);
    case A_VEC: return (struct arg){ vector_value(w), false, PROG_NONE };
    case A_KEY: return (struct arg){ rng_chance(r, 3, 4) ? (long)rng_below(r, 5) : any_number(r), false, PROG_NONE };
    case A_SHMID:
        if (rng_chance(r, 1, 2))
            return (struct arg){ w->shm_ids[rng_below(r, 4)], false, PROG_NONE };
        return (struct arg){ rng_chance(r, 3, 4) ? (long)rng_below(r, 34) : any_number(r), false, PROG_NONE };
    case A_IPCFLAGS: return (struct arg){ FLAGS(r, ipcflags), false, PROG_NONE };
    case A_SHMCMD: return (struct arg){ FLAGS(r, shmcmds), false, PROG_NONE };
    case A_TS: return (struct arg){ args_timespec(w), false, PROG_NONE };
    case A_WAITOPT: return (struct arg){ rng_chance(r, 3, 4) ? (long)WNOHANG * (long)rng_below(r, 2) : any_number(r), false, PROG_NONE };
    case A_IOCTL: return (struct arg){ FLAGS(r, ioctls), false, PROG_NONE };
    case A_CLOCK: return (struct arg){ FLAGS(r, clocks), false, PROG_NONE };
    case A_HOW: return (struct arg){ rng_chance(r, 1, 10) ? 1 : FLAGS(r, hows), false, PROG_NONE };
    case A_MMAPFD:               /* a file of the worker's, mostly (args_fs.c) */
        return rng_chance(r, 1, 4) ? (struct arg){ -1, false, PROG_NONE } : args_fs_pick(w, A_FD);
    case A_OFF: return (struct arg){ rng_chance(r, 7, 8) ? 0 : PICK(r, lens), false, PROG_NONE };
    case A_RECSIZE: return (struct arg){ rng_chance(r, 3, 4) ? PICK(r, recsizes) : PICK(r, lens), false, PROG_NONE };
    case A_NUM: return (struct arg){ rng_chance(r, 3, 4) ? (long)rng_below(r, 70) : any_number(r), false, PROG_NONE };
    case A_CLONEFLAGS: return (struct arg){ FLAGS(r, cloneflags), false, PROG_NONE };
    case A_FUTEXOP: return (struct arg){ FLAGS(r, futexops), false, PROG_NONE };
    case A_ARCHCODE: return (struct arg){ FLAGS(r, archcodes), false, PROG_NONE };
    case A_SIGSETSIZE: return (struct arg){ rng_chance(r, 7, 8) ? 8 : any_number(r), false, PROG_NONE };
    default:
        if (kind >= A_FPATH && kind < A_ARGKINDS)
            return args_fs_pick(w, kind);
        break;
    }
    switch (rng_below(r, 4)) {
    case 0: return args_buffer(w);
    case 1: return map_addr(w);
    case 2: return (struct arg){ PICK(r, lens), false, PROG_NONE };
    default: return (struct arg){ any_number(r), false, PROG_NONE };
    }
}
