/* cmds.c -- the shell's built-in commands (help lists them). Each checks
 * its arguments and says what is wrong in one line; none can hurt the
 * shell, whatever it is given. */
#include "sh.h"

struct cmd {
    const char *name, *usage, *what;
    void (*run)(int argc, char **argv);
};

static void cmd_help(int argc, char **argv);

static void usage(const char *name);

/* One table for ps, mem and ls, touched at start (cmds_init): the shell's
 * memory stays the same size however it is used (line.c says why). */
#define TABLE_MAX 128
static union {
    struct weensy_procinfo procs[TABLE_MAX];
    struct weensy_program programs[TABLE_MAX];
} table;

void cmds_init(void)
{
    memset(&table, 0, sizeof table);
}

/* ---- ls, ps, mem ---------------------------------------------------------- */

static void cmd_ls(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage("ls");
    struct weensy_program *list = table.programs;
    long n = programs(list, TABLE_MAX);
    if (n < 0) {
        printf("ls: %s\n", strerror(errno));
        return;
    }
    for (long i = 0; i < n && i < TABLE_MAX; i++)
        printf("  %-16s %8lu bytes\n", list[i].name, (unsigned long)list[i].size);
}

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

static void cmd_ps(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage("ps");
    struct weensy_procinfo *list = table.procs;
    long n = procs(list, TABLE_MAX);
    if (n < 0) {
        printf("ps: %s\n", strerror(errno));
        return;
    }
    printf("  PID  PPID  PGID  S CPU   MASK   RSS     TIME  COMMAND\n");
    long shown = n < TABLE_MAX ? n : TABLE_MAX;
    for (long i = 0; i < shown; i++) {
        if (list[i].tid != list[i].pid)
            continue;            /* under its process, below */
        ps_line(&list[i]);
        for (long k = 0; k < shown; k++)
            if (list[k].pid == list[i].pid && list[k].tid != list[k].pid)
                ps_line(&list[k]);
    }
}

static void cmd_mem(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage("mem");
    struct weensy_meminfo m;
    struct weensy_procinfo *list = table.procs;
    long n = procs(list, TABLE_MAX);
    if (meminfo(&m) < 0 || n < 0) {
        printf("mem: %s\n", strerror(errno));
        return;
    }
    printf("memory: %lu pages of %lu bytes (%lu KiB)\n", (unsigned long)m.total,
           (unsigned long)m.page_size, (unsigned long)(m.total * m.page_size / 1024));
    printf("  free %lu, user %lu, shared %lu, page tables %lu, kernel %lu\n", (unsigned long)m.free,
           (unsigned long)m.user, (unsigned long)m.shared, (unsigned long)m.pagetable,
           (unsigned long)m.kernel);
    printf("  of free, %lu are kernel stacks kept mapped for reuse (taken back when memory runs out)\n",
           (unsigned long)m.kept);
    printf("  program cache %lu (kept for the next run; free + program cache = %lu)\n",
           (unsigned long)m.program_cache, (unsigned long)(m.free + m.program_cache));
    printf("resident pages per process:\n");
    for (long i = 0; i < n && i < TABLE_MAX; i++)
        if (list[i].state != WEENSY_PS_ZOMBIE && list[i].tid == list[i].pid)
            printf("  %5d %-16s %6u\n", list[i].pid, list[i].name, list[i].resident);
}

/* ---- kill, taskset ------------------------------------------------------------- */

static void kill_one(const char *arg, int sig)
{
    long pid;
    if (!parse_long(arg, &pid) || pid == 0 || pid > 0x7fffffff || pid < -0x7fffffff) {
        printf("kill: %s: not a process id\n", arg);
        return;
    }
    if (kill((pid_t)pid, sig) < 0)
        printf("kill: (%ld): %s\n", pid, strerror(errno));
}

/* kill [-SIGNAL] PID...: SIGNAL by name (INT, SIGINT) or number; a
 * negative PID after -- names a process group. kill -l lists signals. */
static void cmd_kill(int argc, char **argv)
{
    int i = 1, sig = SIGTERM;
    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        for (int s = 1; s <= 31; s++)
            if (sig_name(s))
                printf("%2d %s\n", s, sig_name(s) + 3);
        return;
    }
    if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
        sig = sig_number(argv[i] + 1);
        if (sig < 0) {
            printf("kill: %s: no such signal (kill -l lists them)\n", argv[i] + 1);
            return;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc)
        return usage("kill");
    for (; i < argc; i++)
        kill_one(argv[i], sig);
}

static bool parse_mask(const char *s, unsigned long *mask)
{
    long v;
    char buf[24];
    if (strncmp(s, "0x", 2) != 0 && strlen(s) < sizeof buf - 2) {
        snprintf(buf, sizeof buf, "0x%s", s);      /* taskset's masks are hex */
        s = buf;
    }
    if (!parse_long(s, &v) || v == 0)
        return false;
    *mask = (unsigned long)v;
    return true;
}

static void taskset_pid(const char *mask_arg, const char *pid_arg)
{
    long pid;
    unsigned long mask = 0;
    cpu_set_t set;
    if (!parse_long(pid_arg, &pid) || pid <= 0) {
        printf("taskset: %s: not a process id\n", pid_arg);
        return;
    }
    if (sched_getaffinity((pid_t)pid, sizeof set, &set) < 0) {
        printf("taskset: pid %ld: %s\n", pid, strerror(errno));
        return;
    }
    printf("pid %ld's current affinity mask: %lx\n", pid, set.bits[0]);
    if (!mask_arg)
        return;
    if (!parse_mask(mask_arg, &mask)) {
        printf("taskset: %s: not a CPU mask (hex, e.g. 1 or 0x3)\n", mask_arg);
        return;
    }
    CPU_ZERO(&set);
    set.bits[0] = mask;
    if (sched_setaffinity((pid_t)pid, sizeof set, &set) < 0) {
        printf("taskset: failed to set pid %ld's affinity: %s\n", pid, strerror(errno));
        return;
    }
    sched_getaffinity((pid_t)pid, sizeof set, &set);
    printf("pid %ld's new affinity mask: %lx\n", pid, set.bits[0]);
}

/* taskset -p [MASK] PID, or taskset MASK PROGRAM [ARGS...] [&]. */
static void cmd_taskset(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "-p") == 0 && argc <= 4)
        return taskset_pid(argc == 4 ? argv[2] : 0, argv[argc - 1]);
    if (argc < 3 || argv[1][0] == '-')
        return usage("taskset");
    unsigned long mask;
    if (!parse_mask(argv[1], &mask)) {
        printf("taskset: %s: not a CPU mask (hex, e.g. 1 or 0x3)\n", argv[1]);
        return;
    }
    job_run(argv + 2, false, mask);
}

/* ---- the rest ------------------------------------------------------------------ */

static void cmd_clear(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("\x1b[H\x1b[2J");
}

static void cmd_viewer(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage("viewer");
    printf("viewer: on the screen now; press v there to come back\n");
    line_raw();                  /* keys typed meanwhile are not echoed */
    if (viewer(WEENSY_VIEWER_SHOW) < 0)
        printf("viewer: %s\n", errno == ENODEV ? "this machine has no screen" : strerror(errno));
}

static void cmd_exec(int argc, char **argv)
{
    if (argc < 2)
        return usage("exec");
    job_run(argv + 1, false, 0);
}

static void cmd_exit(int argc, char **argv)
{
    long code = 0;
    if (argc > 2 || (argc == 2 && !parse_long(argv[1], &code))) {
        usage("exit");
        return;
    }
    if (getpid() == 1)
        printf("sh: the first process is leaving: the machine powers off\n");
    line_cooked();
    exit((int)code);
}

/* poweroff, reboot, halt: the machine's end, for the first process. */
static void cmd_machine(int argc, char **argv)
{
    if (argc != 1)
        return usage(argv[0]);
    long how = strcmp(argv[0], "reboot") == 0 ? REBOOT_CMD_RESTART
               : strcmp(argv[0], "halt") == 0 ? REBOOT_CMD_HALT : REBOOT_CMD_POWER_OFF;
    line_cooked();
    if (reboot(how) < 0) {
        printf("%s: %s%s\n", argv[0], strerror(errno),
               errno == EPERM ? " (only the first process may end the machine)" : "");
        line_raw();
    }
}

static const struct cmd cmds[] = {
    { "help", "help", "this list", cmd_help },
    { "ls", "ls", "the programs you can run, with their sizes", cmd_ls },
    { "exec", "exec PROGRAM [ARGS...] [&]", "run a program (the same as typing its name)", cmd_exec },
    { "ps", "ps", "the processes: pid, parent, group, state, CPU, mask, pages, time", cmd_ps },
    { "kill", "kill [-SIGNAL] PID...", "send a signal (TERM unless named; kill -l lists them)", cmd_kill },
    { "taskset", "taskset -p [MASK] PID | taskset MASK PROGRAM [ARGS...]",
      "show or set which CPUs a process may use (MASK in hex)", cmd_taskset },
    { "mem", "mem", "free and used pages, and each process's resident pages", cmd_mem },
    { "viewer", "viewer", "the memory viewer on the screen, until you press v", cmd_viewer },
    { "clear", "clear", "clear the screen (clean does the same)", cmd_clear },
    { "clean", "clean", "clear the screen", cmd_clear },
    { "exit", "exit [STATUS]", "leave the shell (the first one powers the machine off)", cmd_exit },
    { "poweroff", "poweroff", "stop every process and power the machine off", cmd_machine },
    { "reboot", "reboot", "stop every process and restart the machine", cmd_machine },
    { "halt", "halt", "stop every process and halt the machine", cmd_machine },
};
#define NCMDS ((int)(sizeof cmds / sizeof cmds[0]))

static void usage(const char *name)
{
    for (int i = 0; i < NCMDS; i++)
        if (strcmp(cmds[i].name, name) == 0)
            printf("usage: %s\n", cmds[i].usage);
}

static void cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("weensy's shell. Commands:\n");
    for (int i = 0; i < NCMDS; i++) {
        if (strlen(cmds[i].usage) > 28)
            printf("  %s\n  %-28s %s\n", cmds[i].usage, "", cmds[i].what);
        else
            printf("  %-28s %s\n", cmds[i].usage, cmds[i].what);
    }
    printf("Any other word runs the program of that name (ls lists them); a final &\n"
           "runs it in the background. Ctrl-C stops the program in front; Up and Down\n"
           "bring back earlier lines.\n");
}

bool cmd_run(struct cmdline *cl)
{
    for (int i = 0; i < NCMDS; i++)
        if (strcmp(cmds[i].name, cl->argv[0]) == 0) {
            if (cl->background && cmds[i].run != cmd_exec)
                printf("sh: %s is built in: it cannot run in the background\n", cl->argv[0]);
            else if (cmds[i].run == cmd_exec)
                cl->argc >= 2 ? (void)job_run(cl->argv + 1, cl->background, 0) : usage("exec");
            else
                cmds[i].run(cl->argc, cl->argv);
            return true;
        }
    return false;
}
