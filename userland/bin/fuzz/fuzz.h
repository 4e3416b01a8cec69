/* fuzz.h -- the system-call fuzzer (docs/testing.md, "The fuzzer").
 *
 * A coordinator, which never makes a random call itself, runs rounds. In
 * each, a few worker processes make random system calls: every call of
 * include/weensy/syscalls.h (so a call added later is fuzzed too) and some
 * numbers that are not calls, with arguments from a pool of valid,
 * boundary and hostile values (args.c). Workers fork, and their children
 * fuzz on. At the round's end the coordinator kills what is left, reaps
 * everything and checks the kernel: the free pages back to their baseline,
 * mm_check clean, itself still alive (round.c).
 *
 * Each process draws from its own stream of a small generator, derived
 * from the seed, the round and its place in the family (the first worker
 * of a round, or its parent's stream at the fork), so a run can be
 * replayed. Before each call a process writes what it is about to do into
 * a ring in a MAP_SHARED page that the coordinator made before forking:
 * when a process hangs, or dies of a fault, the coordinator prints its
 * last calls.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include "weensy.h"

/* ---- the generator: splitmix64 -------------------------------------------- */

static inline uint64_t fuzz_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

struct rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return fuzz_mix(r->s);
}

/* rng_below: uniform enough in [0, n), n > 0. */
static inline uint64_t rng_below(struct rng *r, uint64_t n) { return rng_next(r) % n; }
/* rng_chance: true k times in n. */
static inline bool rng_chance(struct rng *r, uint64_t k, uint64_t n) { return rng_below(r, n) < k; }

/* ---- what the processes share ------------------------------------------------ */

#define FUZZ_SLOTS 384           /* processes one round may create */
#define FUZZ_MAXCALLS 160        /* entries of the call table */
#define FUZZ_RING 4              /* calls remembered per process */
#define FUZZ_PENDING (-4096L)    /* a call's result while it runs */

struct fuzz_call {
    long nr;
    long a[6];
    long ret;
};

enum slot_state { SLOT_FREE, SLOT_RESERVED, SLOT_RUNNING };

/* One process of a round. Written by its process (and, for pid, by the
 * parent that forked it), read by the coordinator. */
struct fuzz_slot {
    volatile int pid;
    volatile int state;          /* enum slot_state */
    volatile int parent_slot;    /* -1: started by the coordinator */
    volatile int bad;            /* an answer the kernel must not give (see worker.c) */
    struct fuzz_call bad_call;   /* the call that got it (the first one) */
    volatile uint64_t ncalls;
    volatile uint64_t head;      /* calls written into the ring */
    struct fuzz_call ring[FUZZ_RING];
};

#define FUZZ_MAGIC 0x66757a7a73686d21ULL   /* "fuzzshm!": the page is still ours */

struct fuzz_shared {
    uint64_t magic;
    volatile int nslots;         /* slots taken this round */
    volatile int dumps;          /* mem_dump calls made this round */
    volatile int go;             /* the round's workers may start (round.c) */
    volatile uint64_t skipped;   /* calls a guard turned into something else */
    volatile uint64_t self_harm; /* calls a guard let hurt their caller */
    volatile uint64_t per_call[FUZZ_MAXCALLS][2];  /* per call index: made, succeeded */
    struct fuzz_slot slots[FUZZ_SLOTS];
    uint64_t magic_end;
};

/* What every process of the run knows: the coordinator's, copied into each
 * worker by fork (not in the shared page, where a stray write could change
 * what the coordinator believes). */
struct fuzz_run {
    int coord_pid, coord_pgid;
    bool coord_is_init;          /* then kill(-1) cannot reach it */
    bool trace;                  /* every call printed (--trace) */
    uint64_t seed;
    int round;
    int max_dumps;               /* mem_dump calls allowed this round */
    int harm;                    /* 1 guarded call in harm hurts its caller (0: none) */
    long files_min_free;         /* free pages below which files do not grow (guard_fs.c) */
};

extern struct fuzz_run run;
extern struct fuzz_shared *fz;

/* ---- the calls (calls.c) ------------------------------------------------------ */

/* What an argument is, for the pool to pick a fitting value. */
enum arg_kind {
    A_ANY, A_FD, A_BUF, A_LEN, A_ADDR, A_PROT, A_MAPFLAGS, A_PID, A_SIG, A_PATH,
    A_VEC, A_KEY, A_SHMID, A_IPCFLAGS, A_SHMCMD, A_TS, A_WAITOPT, A_IOCTL,
    A_CLOCK, A_HOW, A_NUM, A_MMAPFD, A_OFF, A_RECSIZE, A_CLONEFLAGS, A_FUTEXOP,
    A_ARCHCODE, A_MREMAPFLAGS, A_SIGSETSIZE,
    /* the file calls' (args_fs.c) */
    A_FPATH, A_DIRFD, A_OFLAGS, A_MODE, A_WHENCE, A_FOFF, A_IOV, A_IOVCNT, A_DLEN, A_FCNTL,
    A_FCNTLARG, A_ATFLAGS, A_AMODE, A_UID, A_MSFLAGS, A_FDFLAGS, A_RENFLAGS, A_UMASK,
    A_ARGKINDS
};

/* Not a system call: the worker itself reads or writes a byte of its own
 * memory (page faults: demand-zero, copy-on-write, a fault that kills). */
#define FUZZ_TOUCH (-0x70000000L)
/* Not a number the kernel sees: clone's thread form, made through the
 * library's trampoline (worker.c). */
#define FUZZ_THREAD (-0x70000001L)

/* A set of error numbers: they go past 64 (ETIMEDOUT is 110). */
typedef unsigned __int128 errset;

struct call_info {
    long nr;
    const char *name;
    int nargs;
    int weight;
    enum arg_kind kind[6];
    bool checked;                /* its errors are known: */
    errset errs;                 /* bit e: -e may be returned */
};

extern struct call_info fuzz_calls[];
extern int fuzz_ncalls;          /* calls, then the numbers that are not calls */
extern int fuzz_nreal;           /* the calls of syscalls.h, then FUZZ_TOUCH */
void calls_init(void);
/* calls_pick: an index into fuzz_calls, by weight. */
int calls_pick(struct rng *r);
const char *call_name(long nr, char buf[32]);
/* calls_error_allowed: is ret (a value or -errno) an answer the call's
 * documentation allows? */
bool calls_error_allowed(const struct call_info *c, long ret);

/* ---- one worker's state and the pool (args.c) ---------------------------------- */

#define TOYS 8
#define FDS 12                   /* descriptors a worker remembers */
#define FZ_DIR_MAX 24            /* "/tmp/fz" and a pid */

struct worker {
    struct rng rng;
    int slot;
    int call;                    /* the index in fuzz_calls being made */
    int64_t budget;              /* calls left */
    int pid, pgid, last_child;
    uintptr_t toys[TOYS];        /* addresses of areas this process made */
    int ntoys;
    long shm_ids[4];
    uintptr_t stack_scratch;     /* kernel writes may land here */
    uintptr_t stack_low;         /* below this the stack is not ours to lose */
    uintptr_t fs_base;           /* its FS base (errno, thread_self): put back
                                  * after every arch_prctl */
    int next_stack;              /* the thread stack the next clone gets */
    int fds[FDS];                /* descriptors its calls opened (some closed since) */
    int nfds;
    char dir[FZ_DIR_MAX];        /* its own directory: /tmp/fz<pid> */
};

/* Where the processes' own memory is (set up by the coordinator, so every
 * worker inherits it). */
struct fuzz_mem {
    uintptr_t data_scratch, heap_scratch, edge, shared;
    size_t edge_len, shared_len;
};
extern struct fuzz_mem fuzz_mem;

/* The value of an argument, and whether it names memory the worker owns
 * (a "good" buffer: the guards care). */
enum { PROG_NONE, PROG_FUZZ, PROG_EXECPROBE };

struct arg {
    long v;
    bool own;
    int program;                 /* A_PATH: a program that exists (PROG_*) */
};

void args_setup(void);           /* in the coordinator, once */
void args_worker_setup(struct worker *w);
struct arg args_pick(struct worker *w, enum arg_kind kind);
/* args_harmless_argv: the argv a real program is run with: it exits at once. */
long args_harmless_argv(int program);
long args_timespec(struct worker *w);
/* args_touch_addr: a byte of the worker's own memory to read or write
 * (its toys and heap: never what it needs to go on). */
uintptr_t args_touch_addr(struct worker *w);

/* The file calls' arguments (args_fs.c). args_fs_setup: once, in the
 * coordinator. args_fs_worker_setup: a new process (worker or forked
 * child) makes its own directory /tmp/fz<pid> (a child keeps its
 * parent's paths as another directory to play in) and opens a few
 * descriptors there (fds 3 to 8: its directory, a file in it, a file of
 * the initrd, "/", a pipe), so that small numbers are often open.
 * args_fs_pick: a value of a file kind. args_fs_learn: a descriptor a
 * call returned. */
void args_fs_setup(void);
void args_fs_worker_setup(struct worker *w);
struct arg args_fs_pick(struct worker *w, enum arg_kind kind);
void args_fs_learn(struct worker *w, long nr, const long a[6], long ret);
/* args_fs_iov_bytes: the bytes an iovec array args_fs_pick made asks
 * for (its first cnt entries), or -1 if it is not one of them. */
long args_fs_iov_bytes(long iov, long cnt);
/* args_fs_iovs: that array, if iov is it (else NULL), with the number of
 * its entries filled in *n (the rest are empty). */
struct iovec *args_fs_iovs(long iov, int *n);
/* A read into the process's own memory (args_own_buffer) asks for at most
 * this much (guard_fs.c): the own buffers are that far from anything the
 * worker needs to go on (its state is on its stack above the scratch). */
#define FUZZ_OWN_READ_MAX 8192
/* buffer(w) and own_buffer(w) of args.c, for args_fs.c */
struct arg args_buffer(struct worker *w);
uintptr_t args_own_buffer(struct worker *w);

/* ---- guards (guard.c) and the worker (worker.c) ------------------------------- */

/* guard_call: make a call that would end or stall the test, or hurt the
 * fuzzer's own memory, into one that does not (most of the time).
 * Returns false to skip the call altogether. */
bool guard_call(struct worker *w, const struct call_info *c, struct arg a[6], long *nr);
bool guard_overlaps_vital(struct worker *w, uintptr_t lo, uintptr_t hi);
/* guard_sigaction: rt_sigaction's new action becomes a harmless one
 * (guard_sig.c). */
void guard_sigaction(struct worker *w, struct arg a[6]);
/* guard_iov_buffers: the buffers of an iovec array the kernel writes
 * into, kept out of the worker's stack (guard.c, guard_stack_buffer). */
void guard_iov_buffers(struct worker *w, struct iovec *iov, int n);
/* guard_fs_io: reads and writes of descriptors (guard_fs.c): the console
 * stays quiet, and a pipe mostly moves only what it can without waiting. */
void guard_fs_io(struct worker *w, long nr, struct arg a[6]);

noreturn void worker_run(int slot, uint64_t stream, int64_t budget);
/* worker_take_slot: a free slot for a new process, or -1. */
int worker_take_slot(int parent_slot);

/* ---- the coordinator (round.c, report.c) ---------------------------------------- */

struct fuzz_opts {
    uint64_t seed;
    uint64_t calls;              /* stop once this many were made */
    long seconds;                /* or after this long (0: no limit) */
    int procs;                   /* workers a round starts */
    uint64_t round_calls;        /* calls a round aims at */
    int first_round;
    int dump_every;              /* a round may make one mem_dump every N rounds (0: never) */
    int harm;                    /* --self-harm */
    bool trace, quiet;
};

struct round_result {
    uint64_t calls;
    int processes, forks, signalled, faulted, hung;
    long ms;
    bool ok;
};

/* The run's files under /tmp (tmpclean.c). tmp_setup: remove what earlier
 * runs left (tmp_remove_leftovers: fz* and the pool's names) and note what
 * else /tmp holds. tmp_clean: remove every entry of /tmp that was not
 * there at tmp_setup; false (and a line saying what) if one could not be
 * removed. */
void tmp_setup(void);
bool tmp_clean(void);
bool tmp_remove_leftovers(void);
void tmp_touch(void);            /* its buffer, written (the coordinator's pretouch) */

void round_setup(const struct fuzz_opts *o);
bool round_run(const struct fuzz_opts *o, int round, struct round_result *res);
void report_ring(int slot, const char *why);
void report_last_calls(void);
void report_bad_call(int slot);
void report_calls(void);
const char *fuzz_val(long v, char buf[32]);
#endif
