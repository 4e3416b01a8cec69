/* ps.c -- the ps command. Where /proc is mounted it reads the processes
 * from there, as Linux's ps does: /proc/PID/stat (state, parent, group,
 * threads, resident pages, CPU time, the CPU it last ran on, in Linux's
 * format: proc(5)), /proc/PID/status (Cpus_allowed, the CPU mask),
 * /proc/PID/cmdline (the arguments) and /proc/PID/task/TID/stat (each
 * other thread). Without /proc, or with one that lacks cmdline or task/
 * (ps would lose the arguments or the threads it shows), it asks the
 * kernel's own procs call. Both fill the same records, printed the same
 * way.
 */
#include "sh.h"

#define TABLE_MAX 128
#define DENTS_SIZE 1024

/* All of ps's memory, touched at start (ps_init). */
static struct weensy_procinfo table[TABLE_MAX];
static char text[4096];                       /* one /proc file */
static char dents[2][DENTS_SIZE];             /* /proc, and one task folder */

void ps_init(void)
{
    memset(table, 0, sizeof table);
    memset(text, 0, sizeof text);
    memset(dents, 0, sizeof dents);
}

struct weensy_procinfo *ps_table(long *size)
{
    *size = TABLE_MAX;
    return table;
}

/* ---- reading /proc ---------------------------------------------------------- */

/* read_text: the file at path into text, NUL-ended; its length or -1. */
static long read_text(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    long len = 0, n;
    while (len < (long)sizeof text - 1 && (n = read(fd, text + len, sizeof text - 1 - (size_t)len)) > 0)
        len += n;
    close(fd);
    text[len] = 0;
    return len;
}

/* stat_parse: a /proc/.../stat line into p: "pid (comm) state ppid pgrp
 * ..." (comm may hold blanks and parentheses: it ends at the last ')'). */
static bool stat_parse(struct weensy_procinfo *p)
{
    char *open = strchr(text, '('), *close = strrchr(text, ')');
    if (!open || !close || close < open)
        return false;
    p->tid = (int32_t)strtol(text, 0, 10);
    size_t len = (size_t)(close - open - 1);
    if (len > WEENSY_NAME_MAX - 1)
        len = WEENSY_NAME_MAX - 1;
    memcpy(p->name, open + 1, len);
    p->name[len] = 0;
    p->cpu = -1;
    char *s = close + 1;
    unsigned long utime = 0;
    for (int field = 3; *s && field <= 39; field++) {
        while (*s == ' ')
            s++;
        long v = strtol(s, 0, 10);
        switch (field) {
        case 3: p->state = *s; break;
        case 4: p->ppid = (int32_t)v; break;
        case 5: p->pgid = (int32_t)v; break;
        case 14: utime = (unsigned long)v; break;
        case 15: p->ticks = utime + (unsigned long)v; break;   /* Linux's USER_HZ, 100 */
        case 20: p->nthreads = (int32_t)v; break;
        case 24: p->resident = (uint32_t)v; break;
        case 39: p->cpu = (int32_t)v; break;
        default: break;
        }
        while (*s && *s != ' ')
            s++;
    }
    return true;
}

/* mask_parse: status's "Cpus_allowed:\t3" (Linux may group the hex
 * digits by commas). */
static uint64_t mask_parse(void)
{
    char *s = text;
    uint64_t mask = 0;
    while (strncmp(s, "Cpus_allowed:", 13) != 0) {
        s = strchr(s, '\n');
        if (!s)
            return 0;
        s++;
    }
    for (s += 13; *s && *s != '\n'; s++) {
        int d = isdigit(*s) ? *s - '0' : (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (*s | 0x20) - 'a' + 10 : -1;
        if (d >= 0)
            mask = mask << 4 | (uint64_t)d;
    }
    return mask;
}

/* args_read: cmdline's NUL-separated arguments, joined by blanks. */
static void args_read(struct weensy_procinfo *p, const char *dir)
{
    char path[64];
    snprintf(path, sizeof path, "%s/cmdline", dir);
    long len = read_text(path);
    p->args[0] = 0;
    if (len <= 0)
        return;
    if (len > WEENSY_ARGS_MAX - 1)
        len = WEENSY_ARGS_MAX - 1;
    for (long i = 0; i < len; i++)
        p->args[i] = text[i] ? text[i] : ' ';
    while (len > 0 && p->args[len - 1] == ' ')
        len--;                   /* the last argument's NUL */
    p->args[len] = 0;
}

/* thread_read: the record of a thread (or process) whose folder is dir. */
static bool thread_read(struct weensy_procinfo *p, int pid, const char *dir)
{
    char path[64];
    memset(p, 0, sizeof *p);
    snprintf(path, sizeof path, "%s/stat", dir);
    if (read_text(path) <= 0 || !stat_parse(p))
        return false;
    p->pid = pid;
    snprintf(path, sizeof path, "%s/status", dir);
    if (read_text(path) > 0)
        p->cpu_mask = mask_parse();
    return true;
}

/* numbers: each all-digit name in the folder open at fd, to fn. */
static void numbers(int fd, char *buf, void (*fn)(int n, void *arg), void *arg)
{
    long got;
    while ((got = getdents64(fd, buf, DENTS_SIZE)) > 0) {
        for (long off = 0; off < got;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            long n;
            if (isdigit(d->d_name[0]) && parse_long(d->d_name, &n) && n > 0 && n <= INT32_MAX)
                fn((int)n, arg);
        }
    }
}

struct gather {
    long n;                      /* records in table */
    int pid;                     /* the process whose tasks are read */
};

static void task_found(int tid, void *arg)
{
    struct gather *g = arg;
    char dir[48];
    if (tid == g->pid || g->n == TABLE_MAX)
        return;
    snprintf(dir, sizeof dir, "/proc/%d/task/%d", g->pid, tid);
    if (thread_read(&table[g->n], g->pid, dir))
        g->n++;
}

static void process_found(int pid, void *arg)
{
    struct gather *g = arg;
    char dir[32];
    if (g->n == TABLE_MAX)
        return;
    snprintf(dir, sizeof dir, "/proc/%d", pid);
    struct weensy_procinfo *p = &table[g->n];
    if (!thread_read(p, pid, dir))
        return;                  /* it ended meanwhile */
    args_read(p, dir);
    g->n++;
    if (p->nthreads <= 1)
        return;
    char path[48];
    snprintf(path, sizeof path, "%s/task", dir);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;                  /* no task folders: its threads go unlisted */
    g->pid = pid;
    numbers(fd, dents[1], task_found, g);
    close(fd);
}

/* proc_usable: /proc is there with all ps shows: each process's
 * arguments and its threads. */
static bool proc_usable(void)
{
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    close(fd);
    fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* from_proc: the table from /proc; how many records, or -1 if /proc
 * cannot give them. */
static long from_proc(void)
{
    if (!proc_usable())
        return -1;
    int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct gather g = { 0, 0 };
    numbers(fd, dents[0], process_found, &g);
    close(fd);
    /* In pid order, each process before its threads. */
    for (long i = 1; i < g.n; i++)
        for (long k = i; k > 0 && (table[k - 1].pid > table[k].pid ||
                                   (table[k - 1].pid == table[k].pid && table[k - 1].tid > table[k].tid));
             k--) {
            struct weensy_procinfo t = table[k];
            table[k] = table[k - 1];
            table[k - 1] = t;
        }
    return g.n ? g.n : -1;
}

/* ---- printing --------------------------------------------------------------- */

/* A process's line; its other threads each get one more below it, with
 * the thread's id where the pid goes and its process named instead of a
 * command (the memory and the parent are the process's, shown once). */
static void ps_line(const struct weensy_procinfo *p)
{
    unsigned long cs = p->ticks % 100, s = p->ticks / 100;   /* 100 ticks a second */
    char cpu[8];
    if (p->cpu < 0)
        snprintf(cpu, sizeof cpu, "-");
    else
        snprintf(cpu, sizeof cpu, "%d", p->cpu);
    if (p->tid != p->pid) {
        printf("%5d %5s %5d  %c %3s %6lx %5s %4lu.%02lu    \\_ thread of %d\n", p->tid, "-", p->pgid,
               p->state, cpu, (unsigned long)p->cpu_mask, "-", s, cs, p->pid);
        return;
    }
    printf("%5d %5d %5d  %c %3s %6lx %5u %4lu.%02lu  %s", p->pid, p->ppid, p->pgid, p->state,
           cpu, (unsigned long)p->cpu_mask, p->resident, s, cs, p->args[0] ? p->args : p->name);
    if (p->nthreads > 1)
        printf(" (%d threads)", p->nthreads);
    printf("\n");
}

int cmd_ps(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cmd_usage("ps");
    long n = from_proc();
    if (n < 0)
        n = procs(table, TABLE_MAX);
    if (n < 0) {
        sh_error("ps: %s\n", strerror(errno));
        return 1;
    }
    printf("  PID  PPID  PGID  S CPU   MASK   RSS     TIME  COMMAND\n");
    long shown = n < TABLE_MAX ? n : TABLE_MAX;
    for (long i = 0; i < shown; i++) {
        if (table[i].tid != table[i].pid)
            continue;            /* under its process, below */
        ps_line(&table[i]);
        for (long k = 0; k < shown; k++)
            if (table[k].pid == table[i].pid && table[k].tid != table[k].pid)
                ps_line(&table[k]);
    }
    return 0;
}
