/* procfs.c -- /proc as a file system: the root directory (the fixed files,
 * "self" and one directory per process), the processes' directories, and
 * the mount (procfs_internal.h has the map of the other files).
 *
 * Nothing here can be written, created or removed, but, as on Linux, the
 * file system is not a read-only mount: the files are 0444 and the
 * directories 0555, so opening a file to write is -EACCES (the VFS's mode
 * check, and procfs_file_open's own), not -EROFS, and statfs has no
 * ST_RDONLY. Creating a name or truncating a file is -EACCES too
 * (procfs_create, procfs_truncate); with no mkdir, unlink, rmdir or rename
 * ops the VFS refuses those (-EPERM, as Linux's VFS does).
 *
 * Only the root lives as long as the mount; every other vnode is made by
 * the lookup that finds it and freed by inactive. A process's directory
 * checks that the process exists at each lookup in it, and each file at
 * open, so a directory held open after its process ended lists its
 * names but opens none of them (-ENOENT). The task directories inside it
 * (procfs_task.c) do the same for each thread.
 *
 * "self" is a directory here, not a link (weensy has no symbolic links):
 * looking it up gives the caller's own /proc/PID directory. In the same
 * way "exe" in it gives the program file the process runs, the file
 * itself (as Linux's link resolves to it): busybox runs its applets by
 * exec of /proc/self/exe. readlink of it is EINVAL, as of any file.
 */
#include "kernel/kernel.h"
#include "inspect/procfs.h"
#include "inspect/procfs_internal.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

static const struct vnode_ops procfs_dir_ops;
static const struct vnode_ops procfs_file_ops;

static struct fs procfs = {
    .name = "proc", .magic = PROC_SUPER_MAGIC, .readonly = false,   /* see the top */
};
static struct procfs_node procfs_root;

/* One name a directory always has. */
struct procfs_entry {
    const char *name;
    enum procfs_kind kind;
};

static const struct procfs_entry procfs_root_entries[] = {
    { "cpuinfo", PROCFS_CPUINFO }, { "meminfo", PROCFS_MEMINFO }, { "mounts", PROCFS_MOUNTS },
    { "self", PROCFS_SELF }, { "uptime", PROCFS_UPTIME },
};
static const struct procfs_entry procfs_pid_entries[] = {
    { "cmdline", PROCFS_CMDLINE }, { "exe", PROCFS_EXE }, { "maps", PROCFS_MAPS }, { "stat", PROCFS_STAT },
    { "status", PROCFS_STATUS },   { "task", PROCFS_TASK },
};

/* Root readdir positions: ".", "..", the fixed entries, then one per slot
 * of the process table (procfs_proc_next). */
#define PROCFS_ROOT_FIXED (2 + ARRAY_SIZE(procfs_root_entries))

/* procfs_ino: the entry's inode number; one of a thread's own entries
 * (task/TID and in it) goes by the thread's id, which no process shares
 * unless it is its leader, and then the kind differs. */
static uint64_t procfs_ino(enum procfs_kind kind, int pid, int tid)
{
    return (uint64_t)(tid ? tid : pid) << 8 | kind;
}

static bool procfs_is_dir(enum procfs_kind kind)
{
    return kind == PROCFS_ROOT || kind == PROCFS_PID || kind == PROCFS_SELF || kind == PROCFS_TASK ||
           kind == PROCFS_TID;
}

static struct procfs_node *procfs_node_of(struct vnode *v)
{
    assert(v->fs == &procfs);
    return container_of(v, struct procfs_node, v);
}

int procfs_node_new(enum procfs_kind kind, int pid, int tid, struct vnode **out)
{
    struct procfs_node *n = kmalloc(sizeof(*n));
    if (!n)
        return -ENOMEM;
    bool dir = procfs_is_dir(kind);
    vnode_init(&n->v, &procfs, dir ? &procfs_dir_ops : &procfs_file_ops, dir ? VN_DIR : VN_REG,
               dir ? 0555 : 0444, procfs_ino(kind, pid, tid));
    n->kind = kind;
    n->pid = pid;
    n->tid = tid;
    n->v.priv = n;
    *out = &n->v;
    return 0;
}

int procfs_parse_pid(const char *name)
{
    if (name[0] < '1' || name[0] > '9')
        return -1;
    long pid = 0;
    for (const char *c = name; *c; c++) {
        if (*c < '0' || *c > '9' || pid > 100000000)
            return -1;
        pid = pid * 10 + (*c - '0');
    }
    return (int)pid;
}

static bool procfs_pid_alive(int pid)
{
    struct procfs_proc p;
    return procfs_proc_get(pid, 0, &p, 0);
}

static const struct procfs_entry *procfs_entry_find(const struct procfs_entry *e, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].name, name) == 0)
            return &e[i];
    return 0;
}

static int procfs_lookup_root(const char *name, struct vnode **out)
{
    const struct procfs_entry *e = procfs_entry_find(procfs_root_entries, ARRAY_SIZE(procfs_root_entries), name);
    if (e && e->kind == PROCFS_SELF) {
        struct proc *self = myproc();
        return self ? procfs_node_new(PROCFS_PID, self->tgid, 0, out) : -ENOENT;
    }
    if (e)
        return procfs_node_new(e->kind, 0, 0, out);
    int pid = procfs_parse_pid(name);
    if (pid < 0 || !procfs_pid_alive(pid))
        return -ENOENT;
    return procfs_node_new(PROCFS_PID, pid, 0, out);
}

static int procfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    struct procfs_node *n = procfs_node_of(dir);
    if (n->kind == PROCFS_TASK || n->kind == PROCFS_TID)
        return procfs_task_lookup(n, name, out);
    if (strcmp(name, "..") == 0) {
        vnode_ref(&procfs_root.v);
        *out = &procfs_root.v;
        return 0;
    }
    if (n->kind == PROCFS_ROOT)
        return procfs_lookup_root(name, out);
    assert_eq(n->kind, PROCFS_PID);
    const struct procfs_entry *e = procfs_entry_find(procfs_pid_entries, ARRAY_SIZE(procfs_pid_entries), name);
    if (e && e->kind == PROCFS_EXE)
        return (*out = procfs_proc_exe(n->pid)) ? 0 : -ENOENT;
    if (!e || !procfs_pid_alive(n->pid))
        return -ENOENT;
    return procfs_node_new(e->kind, n->pid, 0, out);
}

void procfs_dirent(struct vfs_dirent *out, const char *name, enum procfs_kind kind, int pid, int tid)
{
    out->ino = procfs_ino(kind, pid, tid);
    out->type = procfs_is_dir(kind) ? DT_DIR : DT_REG;
    strlcpy(out->name, name, sizeof(out->name));
}

/* procfs_dirent_fixed: the entry at pos among ".", ".." and e[]; false
 * past them. */
static bool procfs_dirent_fixed(struct procfs_node *n, uint64_t pos, const struct procfs_entry *e, size_t ne,
                                struct vfs_dirent *out)
{
    if (pos == 0)
        procfs_dirent(out, ".", n->kind, n->pid, 0);
    else if (pos == 1)
        procfs_dirent(out, "..", PROCFS_ROOT, 0, 0);
    else if (pos - 2 < ne)
        procfs_dirent(out, e[pos - 2].name, e[pos - 2].kind, e[pos - 2].kind == PROCFS_SELF ? 0 : n->pid, 0);
    else
        return false;
    return true;
}

static int procfs_readdir(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out)
{
    struct procfs_node *n = procfs_node_of(dir);
    if (n->kind == PROCFS_TASK || n->kind == PROCFS_TID)
        return procfs_task_readdir(n, pos, out);
    if (n->kind == PROCFS_PID) {
        if (!procfs_dirent_fixed(n, *pos, procfs_pid_entries, ARRAY_SIZE(procfs_pid_entries), out))
            return 0;
        (*pos)++;
        return 1;
    }
    if (procfs_dirent_fixed(n, *pos, procfs_root_entries, ARRAY_SIZE(procfs_root_entries), out)) {
        (*pos)++;
        return 1;
    }
    if (*pos - PROCFS_ROOT_FIXED >= NPROC)
        return 0;
    int slot = (int)(*pos - PROCFS_ROOT_FIXED);
    int pid = procfs_proc_next(&slot);
    if (pid < 0) {
        *pos = PROCFS_ROOT_FIXED + NPROC;
        return 0;
    }
    char name[16];
    snprintf(name, sizeof(name), "%d", pid);
    procfs_dirent(out, name, PROCFS_PID, pid, 0);
    *pos = PROCFS_ROOT_FIXED + (uint64_t)slot + 1;
    return 1;
}

/* procfs_inactive: the last holder let go of a looked-up vnode. The root
 * is the mount's for good. */
static void procfs_inactive(struct vnode *v)
{
    struct procfs_node *n = procfs_node_of(v);
    if (n == &procfs_root)
        return;
    pcache_release(&v->pages);   /* empty, but on the list of every cache */
    kfree(n);
}

/* procfs_create / procfs_truncate: a new name in /proc (open's O_CREAT
 * of a missing one), or truncating a file (O_TRUNC, truncate(2)), is
 * -EACCES, Linux's answer (the files are 0444; lookup_open with no create
 * op), where the VFS's own answer for a missing op would be -EPERM or
 * doing nothing. */
static int procfs_create(struct vnode *dir, const char *name, uint16_t mode, struct vnode **out)
{
    (void)dir;
    (void)name;
    (void)mode;
    (void)out;
    return -EACCES;
}

static int procfs_truncate(struct vnode *v, uint64_t size)
{
    (void)v;
    (void)size;
    return -EACCES;
}

static const struct vnode_ops procfs_dir_ops = {
    .lookup = procfs_lookup,
    .create = procfs_create,
    .readdir = procfs_readdir,
    .inactive = procfs_inactive,
};

static const struct vnode_ops procfs_file_ops = {
    .open = procfs_file_open,
    .truncate = procfs_truncate,
    .inactive = procfs_inactive,
};

void procfs_init(void)
{
    procfs.dev = vfs_new_dev();
    vnode_init(&procfs_root.v, &procfs, &procfs_dir_ops, VN_DIR, 0555, procfs_ino(PROCFS_ROOT, 0, 0));
    procfs_root.kind = PROCFS_ROOT;
    procfs_root.v.priv = &procfs_root;
    procfs.root = &procfs_root.v;
    procfs_idle_start();
    int err = vfs_mount("/proc", &procfs);
    if (err < 0)
        kprintf("procfs: cannot mount /proc (%d)\n", err);
    else
        kprintf("procfs: mounted at /proc\n");
}
