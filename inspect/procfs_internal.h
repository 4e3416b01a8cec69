/* procfs_internal.h -- the parts of /proc (inspect/procfs*.c).
 *
 *   procfs.c        the file system: its directories, lookup and readdir
 *   procfs_text.c   the open files: their text, made at open, read at any
 *                   offset from then on
 *   procfs_proc.c   what a process's files say: the snapshot of a process,
 *                   /proc/PID/stat and /proc/PID/status
 *   procfs_task.c   the directories inside a process's: /proc/PID/task
 *                   and /proc/PID/task/TID
 *   procfs_maps.c   /proc/PID/maps
 *   procfs_sys.c    /proc/meminfo, /proc/cpuinfo, /proc/uptime
 *
 * Every /proc vnode but the root is made per lookup and freed when its last
 * holder lets go (inactive): a vnode names a kind of entry and, inside a
 * process's directory, the process by id; nothing in it points at the
 * process, which may be gone by the time the file is opened (-ENOENT then).
 */
#ifndef INSPECT_PROCFS_INTERNAL_H
#define INSPECT_PROCFS_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "fs/vfs.h"
#include "proc/proc.h"

enum procfs_kind {
    PROCFS_ROOT = 1,             /* ino 1, as on Linux */
    PROCFS_MEMINFO,
    PROCFS_CPUINFO,
    PROCFS_UPTIME,
    PROCFS_SELF,                 /* only an entry of the root: looking it up
                                  * gives the caller's PROCFS_PID */
    PROCFS_PID,                  /* /proc/PID */
    PROCFS_MAPS,                 /* /proc/PID/maps */
    PROCFS_STAT,
    PROCFS_STATUS,
    PROCFS_CMDLINE,              /* /proc/PID/cmdline */
    PROCFS_TASK,                 /* /proc/PID/task */
    PROCFS_TID,                  /* /proc/PID/task/TID */
    PROCFS_TID_STAT,             /* /proc/PID/task/TID/stat */
    PROCFS_TID_STATUS,
    PROCFS_MOUNTS,               /* /proc/mounts */
    PROCFS_EXE,                  /* /proc/PID/exe: only an entry; looking it up
                                  * gives the program file (procfs_proc_exe) */
    PROCFS_NKINDS
};

struct procfs_node {
    struct vnode v;
    enum procfs_kind kind;       /* [const] */
    int pid;                     /* [const] the process (tgid); 0 above them */
    int tid;                     /* [const] the thread, in task/TID; 0 elsewhere */
};

/* ---- directories (procfs.c, procfs_task.c) ------------------------------- */
/* procfs_node_new: a vnode for entry kind of process pid, thread tid
 * (referenced). 0 or -ENOMEM. */
int procfs_node_new(enum procfs_kind kind, int pid, int tid, struct vnode **out);
/* procfs_parse_pid: name as a pid (decimal, no sign, no leading zero, as
 * Linux takes it), or -1. */
int procfs_parse_pid(const char *name);
/* procfs_dirent: out becomes the entry name for kind of pid, thread tid. */
void procfs_dirent(struct vfs_dirent *out, const char *name, enum procfs_kind kind, int pid, int tid);
/* The task directories' ops (procfs_task.c), for procfs.c's lookup and
 * readdir of a PROCFS_TASK or PROCFS_TID node. */
int procfs_task_lookup(struct procfs_node *dir, const char *name, struct vnode **out);
int procfs_task_readdir(struct procfs_node *dir, uint64_t *pos, struct vfs_dirent *out);

/* ---- text (procfs_text.c) ------------------------------------------------ */
/* A file's text: whole pages, filled in order. At most PROCFS_TEXT_PAGES
 * of them (about 2 MiB: the maps of some 30000 areas); a text that would
 * be longer is -ENOMEM, never cut short. */
#define PROCFS_TEXT_PAGES 509
struct procfs_text {
    size_t len;                  /* bytes written */
    size_t npages;               /* pages held */
    char *page[PROCFS_TEXT_PAGES];
};
_Static_assert(sizeof(struct procfs_text) <= 4096, "one page");

/* procfs_text_room: bytes that fit without another page. */
static inline size_t procfs_text_room(const struct procfs_text *t)
{
    return t->npages * 4096 - t->len;
}
/* procfs_text_reserve: room for n more bytes (n <= a page). Allocates, so
 * never with a spin lock held. 0 or -ENOMEM. */
int procfs_text_reserve(struct procfs_text *t, size_t n);
/* procfs_text_put: append n bytes, for which there is room. Takes no lock
 * and allocates nothing: a generator may call it under a spin lock. */
void procfs_text_put(struct procfs_text *t, const char *s, size_t n);
/* procfs_printf: format a line of at most PROCFS_LINE_MAX bytes and append
 * it (reserving first). 0 or -ENOMEM. */
#define PROCFS_LINE_MAX 256
int procfs_printf(struct procfs_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The generators: the whole text of file n (of process n->pid, or of its
 * thread n->tid, or above the processes) into the empty t. 0, -ENOENT (no
 * such process or thread any more) or -ENOMEM. They run at open, with no
 * lock held. */
int procfs_gen_meminfo(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_cpuinfo(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_uptime(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_mounts(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_maps(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_stat(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_status(struct procfs_text *t, const struct procfs_node *n);
int procfs_gen_cmdline(struct procfs_text *t, const struct procfs_node *n);

/* procfs_file_open: the vnode open op of every /proc file: -EACCES for
 * writing, else the text of n's kind in f->priv with f->ops reading it. */
int procfs_file_open(struct vnode *v, struct file *f);

/* ---- processes (procfs_proc.c) ------------------------------------------ */
/* A snapshot of one process, or of one of its threads, taken under
 * wait_lock and the threads' locks; the process may change the moment
 * they are let go. A thread's snapshot has the thread's own state, name,
 * running time, CPU and mask, and the process's figures for the rest. */
struct procfs_proc {
    int pid, ppid, pgid;
    int tid;                     /* the thread; pid for the whole process */
    int nthreads;
    int cpu;                     /* the leader's CPU, or its last one */
    char state;                  /* 'R', 'S' or 'Z' */
    char name[PROC_NAME_MAX];
    uint64_t ticks;              /* its live threads' running time, in ticks */
    uint64_t cpu_mask;
    char args[PROC_ARGS_MAX];    /* the leader's, joined by spaces */
};

/* procfs_proc_get: process pid (a thread group: pid is the tgid) as it is
 * now, or with tid non-zero its thread tid; false if there is none (or
 * tid is not one of its live threads). With vm non-NULL, also its address
 * space with a user taken (vmspace_put it), or NULL if it has none (a
 * zombie). */
bool procfs_proc_get(int pid, int tid, struct procfs_proc *out, struct vmspace **vm);
/* procfs_proc_exe: the program file process pid runs, referenced; NULL if
 * there is no such process (or it has none: a zombie). */
struct vnode *procfs_proc_exe(int pid);
/* procfs_proc_next: the process whose leader is at the first slot >= *slot
 * of the process table (its pid; *slot is that slot), or -1 past the last.
 * Slots do not move, so a listing can stop and go on. */
int procfs_proc_next(int *slot);
/* procfs_thread_next: the same for the live threads of process pid: the
 * id of the first at a slot >= *slot, or -1. */
int procfs_thread_next(int pid, int *slot);

/* ---- idle time (procfs_sys.c) ------------------------------------------- */
/* procfs_idle_start: count each CPU's ticks with no process to run, from
 * now on (/proc/uptime's second figure). */
void procfs_idle_start(void);
#endif
