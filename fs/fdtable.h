/* fdtable.h -- a process's open files by descriptor, with its working
 * directory and umask: what Linux splits into files_struct and fs_struct.
 * The threads of a process share one table (clone with CLONE_VM); fork
 * copies it (every descriptor refers to the same open file, as dup would);
 * exec closes the O_CLOEXEC ones; the last thread's exit closes them all.
 *
 * Fork's copy is made only when needed: a single-threaded process's
 * table is shared with its child copy-on-write (t->cow), and whichever
 * side changes it first (open, close, dup, chdir, exec's close-on-exec)
 * gets a copy of its own then (files_mine). A child that execs or exits
 * without changing it never pays for a copy, nor its exit for closing
 * every descriptor (about 650 of a small fork+exit+wait's 10 600
 * instructions, docs/performance.md). So that "change" is never
 * ambiguous, a table is either shared by the threads of one process
 * (cow clear: changes are for all of them) or copy-on-write among
 * single-threaded processes (cow set), never both: fork from a process
 * with threads copies at once, and a thread made from a copy-on-write
 * table first takes a copy of its own.
 *
 * At most FILES_MAX descriptors (0 .. FILES_MAX - 1): open, dup, pipe
 * and fcntl(F_DUPFD) past it are -EMFILE, dup2/dup3 to a descriptor past
 * it -EBADF (Linux's RLIMIT_NOFILE default is 1024; weensy's largest
 * array is kmalloc's largest object). The first FILES_FIRST slots are in
 * the record itself (Linux's fd_array), so a table is one record (from a
 * fixed pool, fdtable_share.c) and fork's copy one allocation; past them the
 * array moves to a kmalloc object of its
 * own and doubles as descriptors beyond it are taken, as Linux's does:
 * most processes hold a handful, and a page each would be much at mem=2M.
 *
 * proc/ owns the tables of processes and hands fs/ the caller's through
 * files_set_current, so the system calls here need not know of processes.
 *
 * Locks: t->lock (a spin lock) guards the descriptors, their close-on-exec
 * bits, the working directory and the umask.
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/spinlock.h"

struct file;
struct vnode;

#define FILES_MAX 256
#define FILES_FIRST 16
#define FILES_TABLES 64              /* tables at most: one per process (fdtable_share.c) */

struct files {
    struct spinlock lock;
    int refs;                        /* [atomic] the threads sharing it, or
                                      * (cow) the processes */
    bool cow;                        /* [lock] shared copy-on-write by fork:
                                      * read-only until files_mine copies it */
    struct vnode *cwd;               /* [lock] referenced */
    uint16_t umask;                  /* [lock] */
    uint64_t cloexec[FILES_MAX / 64];   /* [lock] */
    int cap;                         /* [lock] entries fd has room for */
    int top;                         /* [lock] one past the highest slot ever filled:
                                      * fd[top..cap) are all empty, so fork's copy
                                      * and exit's close stop there */
    struct file **fd;                /* [lock] each referenced: fd_first, or
                                      * kmalloc'd once cap passes FILES_FIRST */
    struct file *fd_first[FILES_FIRST];   /* [lock] the slots while cap is FILES_FIRST */
};

/* files_new: an empty table whose working directory is "/". NULL: out of
 * memory. files_fork: the child's table: t itself, shared copy-on-write,
 * when the caller's process has one thread, else a copy (NULL: out of
 * memory). files_get: one more thread of the same process uses *slot (a
 * copy-on-write table is made the process's own first: -ENOMEM).
 * files_put: one fewer; the last put closes every descriptor. */
struct files *files_new(void);
struct files *files_fork(struct files *t);
int files_get(struct files **slot);
void files_put(struct files *t);
/* files_close_on_exec: close the descriptors in *slot marked
 * close-on-exec (a shared table is copied first, if any is). */
void files_close_on_exec(struct files **slot);
/* files_prepare_exec: before exec's point of no return, make *slot the
 * process's own if files_close_on_exec will change it: 0, or -ENOMEM. */
int files_prepare_exec(struct files **slot);
/* files_open_console: 0, 1 and 2 on /dev/console (the first program). */
int files_open_console(struct files *t);

/* The calling thread's table: where its process keeps it (proc/
 * registers the function at start-up). */
void files_set_current(struct files **(*current)(void));
/* files_set_sigpipe: how a write to a pipe with no reader ends the
 * caller (proc/: SIGPIPE, whose default action, the only one weensy has,
 * ends the process); files_sigpipe calls it. */
void files_set_sigpipe(void (*sigpipe)(void));
void files_sigpipe(void);
struct files *files_current(void);

/* fd_arg: a descriptor as a system call passes it. Linux takes descriptors
 * as (unsigned) ints and never looks at the register's upper half
 * (glibc's busybox passes AT_FDCWD as 0xffffff9c), so neither does weensy. */
static inline int fd_arg(long fd) { return (int)fd; }

/* fd_get: the open file at fd of the caller's table, referenced (drop it
 * with file_put), or NULL (then the call is -EBADF). */
struct file *fd_get(int fd);
/* fd_install: the lowest free descriptor >= min takes f (its reference):
 * the descriptor, or -EMFILE (f untouched). */
int fd_install(struct file *f, int min, bool cloexec);
/* fd_install_at: fd takes f, closing what it held (dup2). */
int fd_install_at(struct file *f, int fd, bool cloexec);
/* fd_close: -EBADF if nothing is open there. */
int fd_close(int fd);
bool fd_cloexec(int fd);
int fd_set_cloexec(int fd, bool on);
/* fd_count: descriptors open in t (for the leak checks). */
int files_count(struct files *t);
/* files_have_room: the caller's table has a free descriptor (a hint for
 * open, which must not make a file it cannot hand out). */
bool files_have_room(void);
/* files_cwd: the caller's working directory, referenced. */
struct vnode *files_cwd(void);
/* files_cwd_of: t's working directory, referenced (exec, which may run
 * for a process that is not the caller: the first one). */
struct vnode *files_cwd_of(struct files *t);
/* files_chdir: v (referenced by the caller, taken over) becomes the cwd;
 * -ENOMEM (v let go) if a shared table could not be copied. */
int files_chdir(struct vnode *v);
/* files_umask: the umask (before the change, if change): 0 to 0777, or
 * -ENOMEM as files_chdir. */
int files_umask(uint16_t set, bool change);
#endif
