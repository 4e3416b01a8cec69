/* info.h -- the records weensy's own information calls copy out: the
 * process list (procs, for ps), the memory summary (meminfo, for mem) and
 * the programs of the initrd (programs, for ls). Shared by the kernel and
 * userland, so both sides agree on every size.
 *
 * Each list call takes (buf, n, recsize): recsize must be the size of the
 * record below (-EINVAL otherwise, so an old program cannot be handed a
 * record it does not expect), buf must have room for n records (-EFAULT).
 * The call fills the first min(n, total) records and returns the total, so
 * a caller whose buffer was too small can ask again with a larger one.
 * Nothing it copies is a physical address: these are not debugging calls.
 */
#ifndef WEENSY_INFO_H
#define WEENSY_INFO_H
#include <stdint.h>

#define WEENSY_NAME_MAX 16       /* a process's name, NUL included */
#define WEENSY_ARGS_MAX 96       /* its arguments, space-separated, NUL included */
#define WEENSY_PROGRAM_NAME_MAX 64

/* Process states, as ps shows them (Linux's letters). */
#define WEENSY_PS_RUNNING  'R'   /* running or ready to run */
#define WEENSY_PS_SLEEPING 'S'   /* waiting: for input, a child, time... */
#define WEENSY_PS_ZOMBIE   'Z'   /* exited, not yet reaped by its parent */
#define WEENSY_PS_NEW      'N'   /* being created (fork, exec of the first) */

/* One record per thread; a single-threaded process is one record with
 * tid == pid. A thread that has ended is not listed; a process's first
 * thread (its leader) is, as long as the process exists. */
struct weensy_procinfo {
    int32_t pid;                 /* the process (thread group) id: getpid */
    int32_t ppid;                /* 0: no parent (the first process) */
    int32_t pgid;                /* process group (setpgid) */
    char state;                  /* WEENSY_PS_* */
    uint8_t on_cpu;              /* 1: running on a CPU right now */
    uint8_t pad[2];
    int32_t cpu;                 /* the CPU it runs or last ran on; -1: never ran */
    uint32_t resident;           /* pages mapped in its address space */
    uint64_t cpu_mask;           /* where it may run (sched_setaffinity) */
    uint64_t ticks;              /* timer ticks it has spent on a CPU */
    char name[WEENSY_NAME_MAX];  /* the program's name (argv[0]'s basename) */
    char args[WEENSY_ARGS_MAX];  /* argv joined by spaces, cut to fit */
    int32_t tid;                 /* this thread's id: gettid (== pid for the leader) */
    int32_t nthreads;            /* threads the process has now (0: it has ended) */
};
_Static_assert(sizeof(struct weensy_procinfo) == 160, "procinfo is part of the ABI");

/* meminfo(buf, size): size must be sizeof(struct weensy_meminfo). Pages
 * are counted by what holds them; total = free + user + shared + pagetable
 * + kernel. */
struct weensy_meminfo {
    uint64_t page_size;          /* bytes in a page (4096) */
    uint64_t total;              /* pages the allocator manages */
    uint64_t free;
    uint64_t user;               /* private pages of processes */
    uint64_t shared;             /* shared on purpose: program text, shm, files'
                                  * pages in their page caches */
    uint64_t pagetable;          /* page-table pages of address spaces */
    uint64_t kernel;             /* the kernel's own allocations */
    uint64_t program_cache;      /* pages the program cache and the files' page
                                  * caches keep between uses, tables included
                                  * (part of shared and kernel) */
    uint64_t kept;               /* part of free: freed kernel stacks kept mapped
                                  * for reuse, taken back when nothing else is free */
    uint64_t swap_total;         /* pages the swap device holds (0: no swap) */
    uint64_t swap_used;          /* of those, in use */
    uint64_t swap_outs;          /* pages written to swap since boot */
    uint64_t swap_ins;           /* pages read back from swap since boot */
    uint64_t swap_clean;         /* pages dropped without a write: swap held them already */
    uint64_t swap_faults;        /* faults on a page that was out (read, or found in memory) */
    uint64_t swap_reads;         /* read requests sent to the swap device (each of
                                  * one or more pages: read-ahead, docs/swap.md) */
};
_Static_assert(sizeof(struct weensy_meminfo) == 128, "meminfo is part of the ABI");

struct weensy_program {
    char name[WEENSY_PROGRAM_NAME_MAX];   /* its name in /bin (cut to fit) */
    uint64_t size;                        /* bytes */
};
_Static_assert(sizeof(struct weensy_program) == 72, "program is part of the ABI");

/* viewer(how): WEENSY_VIEWER_SHOW shows the memory viewer on the screen
 * and returns once the person at the keyboard switches back with 'v'. */
#define WEENSY_VIEWER_SHOW 1
#endif
