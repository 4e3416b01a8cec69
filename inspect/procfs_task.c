/* procfs_task.c -- the thread directories inside a process's:
 *
 *   /proc/PID/task/        one directory per live thread, by its id (the
 *                          leader's, the process's own id, included)
 *   /proc/PID/task/TID/    stat, status: that thread's, in Linux's formats
 *
 * As everywhere in /proc, a vnode names a kind of entry, a process and a
 * thread by their ids, nothing more: each lookup and each open checks the
 * thread is still one of the process's live threads, and is -ENOENT once
 * it has ended (or the process has). A listing goes by the threads' slots
 * in the process table, which do not move, so it can stop and go on.
 */
#include "kernel/kernel.h"
#include "inspect/procfs_internal.h"
#include "include/weensy/errno.h"

/* The names a thread's directory has. */
static const struct {
    const char *name;
    enum procfs_kind kind;
} procfs_tid_entries[] = {
    { "stat", PROCFS_TID_STAT }, { "status", PROCFS_TID_STATUS },
};

/* Readdir positions in task/: ".", "..", then 2 + a slot of the process
 * table (procfs_thread_next). */
#define PROCFS_TASK_FIXED 2

static bool procfs_thread_alive(int pid, int tid)
{
    struct procfs_proc p;
    return procfs_proc_get(pid, tid, &p, 0);
}

/* procfs_task_lookup_tid: name in /proc/PID/task/TID. */
static int procfs_task_lookup_tid(struct procfs_node *dir, const char *name, struct vnode **out)
{
    if (strcmp(name, "..") == 0)
        return procfs_node_new(PROCFS_TASK, dir->pid, 0, out);
    for (size_t i = 0; i < ARRAY_SIZE(procfs_tid_entries); i++) {
        if (strcmp(procfs_tid_entries[i].name, name) != 0)
            continue;
        if (!procfs_thread_alive(dir->pid, dir->tid))
            return -ENOENT;
        return procfs_node_new(procfs_tid_entries[i].kind, dir->pid, dir->tid, out);
    }
    return -ENOENT;
}

int procfs_task_lookup(struct procfs_node *dir, const char *name, struct vnode **out)
{
    if (dir->kind == PROCFS_TID)
        return procfs_task_lookup_tid(dir, name, out);
    assert_eq(dir->kind, PROCFS_TASK);
    if (strcmp(name, "..") == 0)
        return procfs_node_new(PROCFS_PID, dir->pid, 0, out);
    int tid = procfs_parse_pid(name);
    if (tid < 0 || !procfs_thread_alive(dir->pid, tid))
        return -ENOENT;
    return procfs_node_new(PROCFS_TID, dir->pid, tid, out);
}

/* procfs_task_readdir_tid: the names of /proc/PID/task/TID, which stay
 * listed after the thread ends (opening them is -ENOENT then). */
static int procfs_task_readdir_tid(struct procfs_node *dir, uint64_t *pos, struct vfs_dirent *out)
{
    if (*pos == 0)
        procfs_dirent(out, ".", PROCFS_TID, dir->pid, dir->tid);
    else if (*pos == 1)
        procfs_dirent(out, "..", PROCFS_TASK, dir->pid, 0);
    else if (*pos - 2 < ARRAY_SIZE(procfs_tid_entries))
        procfs_dirent(out, procfs_tid_entries[*pos - 2].name, procfs_tid_entries[*pos - 2].kind, dir->pid,
                      dir->tid);
    else
        return 0;
    (*pos)++;
    return 1;
}

int procfs_task_readdir(struct procfs_node *dir, uint64_t *pos, struct vfs_dirent *out)
{
    if (dir->kind == PROCFS_TID)
        return procfs_task_readdir_tid(dir, pos, out);
    assert_eq(dir->kind, PROCFS_TASK);
    if (*pos < PROCFS_TASK_FIXED) {
        if (*pos == 0)
            procfs_dirent(out, ".", PROCFS_TASK, dir->pid, 0);
        else
            procfs_dirent(out, "..", PROCFS_PID, dir->pid, 0);
        (*pos)++;
        return 1;
    }
    if (*pos - PROCFS_TASK_FIXED >= NPROC)
        return 0;
    int slot = (int)(*pos - PROCFS_TASK_FIXED);
    int tid = procfs_thread_next(dir->pid, &slot);
    if (tid < 0) {
        *pos = PROCFS_TASK_FIXED + NPROC;
        return 0;
    }
    char name[16];
    snprintf(name, sizeof(name), "%d", tid);
    procfs_dirent(out, name, PROCFS_TID, dir->pid, tid);
    *pos = PROCFS_TASK_FIXED + (uint64_t)slot + 1;
    return 1;
}
