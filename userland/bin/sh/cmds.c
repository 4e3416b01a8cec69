/* cmds.c -- the shell's built-in commands (help lists them). Each checks
 * its arguments and says what is wrong in one line; none can hurt the
 * shell, whatever it is given. */
#include "sh.h"

struct cmd {
    const char *name, *usage, *what;
    int (*run)(int argc, char **argv);
};

static int cmd_help(int argc, char **argv);

void cmds_init(void)
{
    ps_init();
}

/* ---- echo, cd, pwd ------------------------------------------------------- */

/* echo [-n] [WORD...]: the words, a blank between, a newline unless -n. */
static int cmd_echo(int argc, char **argv)
{
    int i = 1;
    bool newline = true;
    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = false;
        i++;
    }
    char buf[SH_LINE_MAX + 2];   /* one write: a pipe reader gets the line whole */
    size_t n = 0;
    for (; i < argc; i++) {
        size_t len = strlen(argv[i]);
        if (n + len + 2 > sizeof buf)
            break;               /* cannot happen: the words came from one line */
        memcpy(buf + n, argv[i], len);
        n += len;
        if (i + 1 < argc)
            buf[n++] = ' ';
    }
    if (newline)
        buf[n++] = '\n';
    if (write(1, buf, n) < 0) {
        sh_error("echo: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* cd [DIR]: to DIR, or to / (weensy has no home directories). */
static int cmd_cd(int argc, char **argv)
{
    if (argc > 2)
        return cmd_usage("cd");
    const char *dir = argc == 2 ? argv[1] : "/";
    if (chdir(dir) < 0) {
        sh_error("cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    return 0;
}

static int cmd_pwd(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cmd_usage("pwd");
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) {
        sh_error("pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", buf);
    return 0;
}

/* ---- mem ----------------------------------------------------------------- */

static int cmd_mem(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cmd_usage("mem");
    struct weensy_meminfo m;
    long max;
    struct weensy_procinfo *list = ps_table(&max);
    long n = procs(list, (size_t)max);
    if (meminfo(&m) < 0 || n < 0) {
        sh_error("mem: %s\n", strerror(errno));
        return 1;
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
    for (long i = 0; i < n && i < max; i++)
        if (list[i].state != WEENSY_PS_ZOMBIE && list[i].tid == list[i].pid)
            printf("  %5d %-16s %6u\n", list[i].pid, list[i].name, list[i].resident);
    return 0;
}

/* ---- kill, taskset ------------------------------------------------------------- */

static int kill_one(const char *arg, int sig)
{
    long pid;
    if (!parse_long(arg, &pid) || pid == 0 || pid > 0x7fffffff || pid < -0x7fffffff) {
        sh_error("kill: %s: not a process id\n", arg);
        return 1;
    }
    if (kill((pid_t)pid, sig) < 0) {
        sh_error("kill: (%ld): %s\n", pid, strerror(errno));
        return 1;
    }
    return 0;
}

/* kill [-SIGNAL] PID...: SIGNAL by name (INT, SIGINT) or number; a
 * negative PID after -- names a process group. kill -l lists signals. */
static int cmd_kill(int argc, char **argv)
{
    int i = 1, sig = SIGTERM, status = 0;
    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        for (int s = 1; s <= 31; s++)
            if (sig_name(s))
                printf("%2d %s\n", s, sig_name(s) + 3);
        return 0;
    }
    if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
        sig = sig_number(argv[i] + 1);
        if (sig < 0) {
            sh_error("kill: %s: no such signal (kill -l lists them)\n", argv[i] + 1);
            return 1;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc)
        return cmd_usage("kill");
    for (; i < argc; i++)
        status |= kill_one(argv[i], sig);
    return status;
}

bool parse_mask(const char *s, unsigned long *mask)
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

static int taskset_pid(const char *mask_arg, const char *pid_arg)
{
    long pid;
    unsigned long mask = 0;
    cpu_set_t set;
    if (!parse_long(pid_arg, &pid) || pid <= 0) {
        sh_error("taskset: %s: not a process id\n", pid_arg);
        return 1;
    }
    if (sched_getaffinity((pid_t)pid, sizeof set, &set) < 0) {
        sh_error("taskset: pid %ld: %s\n", pid, strerror(errno));
        return 1;
    }
    printf("pid %ld's current affinity mask: %lx\n", pid, set.bits[0]);
    if (!mask_arg)
        return 0;
    if (!parse_mask(mask_arg, &mask)) {
        sh_error("taskset: %s: not a CPU mask (hex, e.g. 1 or 0x3)\n", mask_arg);
        return 1;
    }
    CPU_ZERO(&set);
    set.bits[0] = mask;
    if (sched_setaffinity((pid_t)pid, sizeof set, &set) < 0) {
        sh_error("taskset: failed to set pid %ld's affinity: %s\n", pid, strerror(errno));
        return 1;
    }
    sched_getaffinity((pid_t)pid, sizeof set, &set);
    printf("pid %ld's new affinity mask: %lx\n", pid, set.bits[0]);
    return 0;
}

/* taskset -p [MASK] PID. (taskset MASK PROGRAM [ARGS...] runs a program:
 * run.c takes it as a prefix, so only its mistakes come here.) */
static int cmd_taskset(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "-p") == 0 && argc <= 4)
        return taskset_pid(argc == 4 ? argv[2] : 0, argv[argc - 1]);
    return cmd_usage("taskset");
}

/* ---- the rest ------------------------------------------------------------------ */

static int cmd_clear(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("\x1b[H\x1b[2J");
    return 0;
}

static int cmd_viewer(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cmd_usage("viewer");
    printf("viewer: on the screen now; press v there to come back\n");
    line_raw();                  /* keys typed meanwhile are not echoed */
    if (viewer(WEENSY_VIEWER_SHOW) < 0) {
        sh_error("viewer: %s\n", errno == ENODEV ? "this machine has no screen" : strerror(errno));
        return 1;
    }
    return 0;
}

/* dmesg: the kernel log kept in memory, through syslog(2) as Linux's
 * dmesg reads it: its size (SIZE_BUFFER, 10), then all of it (READ_ALL,
 * 3) into memory mapped for the moment. A small machine keeps none. */
#define SYSLOG_READ_ALL 3
#define SYSLOG_SIZE_BUFFER 10
static int cmd_dmesg(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cmd_usage("dmesg");
    long size = sys_syslog(SYSLOG_SIZE_BUFFER, 0, 0);
    if (size == 0) {
        sh_error("dmesg: this machine is too small to keep the kernel log in memory; the serial port has it\n");
        return 1;
    }
    char *buf = size > 0 ? mmap(0, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                         : MAP_FAILED;
    long n = buf == MAP_FAILED ? -ENOMEM : sys_syslog(SYSLOG_READ_ALL, (long)buf, size);
    if (n < 0) {
        sh_error("dmesg: %s\n", strerror((int)-n));
    } else {
        for (long done = 0, w; done < n; done += w) {
            w = write(1, buf + done, (size_t)(n - done));
            if (w <= 0)
                break;
        }
    }
    if (buf != MAP_FAILED)
        munmap(buf, (size_t)size);
    return n < 0;
}

/* exec PROGRAM runs PROGRAM (run.c takes it as a prefix); alone, usage. */
static int cmd_exec(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_usage("exec");
}

static int cmd_exit(int argc, char **argv)
{
    long code = 0;
    if (argc > 2 || (argc == 2 && !parse_long(argv[1], &code)))
        return cmd_usage("exit");
    if (getpid() == 1)
        printf("sh: the first process is leaving: the machine powers off\n");
    line_cooked();
    exit((int)code);
}

/* poweroff, reboot, halt: the machine's end, for the first process. */
static int cmd_machine(int argc, char **argv)
{
    if (argc != 1)
        return cmd_usage(argv[0]);
    long how = strcmp(argv[0], "reboot") == 0 ? REBOOT_CMD_RESTART
               : strcmp(argv[0], "halt") == 0 ? REBOOT_CMD_HALT : REBOOT_CMD_POWER_OFF;
    line_cooked();
    if (reboot(how) < 0) {
        sh_error("%s: %s%s\n", argv[0], strerror(errno),
                 errno == EPERM ? " (only the first process may end the machine)" : "");
        line_raw();
        return 1;
    }
    return 0;
}

static const struct cmd cmds[] = {
    { "help", "help", "this list", cmd_help },
    { "exec", "exec PROGRAM [ARGS...] [&]", "run a program (the same as typing its name)", cmd_exec },
    { "ps", "ps", "the processes: pid, parent, group, state, CPU, mask, pages, time", cmd_ps },
    { "kill", "kill [-SIGNAL] PID...", "send a signal (TERM unless named; kill -l lists them)", cmd_kill },
    { "taskset", "taskset -p [MASK] PID | taskset MASK PROGRAM [ARGS...]",
      "show or set which CPUs a process may use (MASK in hex)", cmd_taskset },
    { "mem", "mem", "free and used pages, and each process's resident pages", cmd_mem },
    { "echo", "echo [-n] [WORD...]", "the words, and a newline unless -n", cmd_echo },
    { "cd", "cd [DIR]", "change the current directory (to / without DIR)", cmd_cd },
    { "pwd", "pwd", "the current directory", cmd_pwd },
    { "viewer", "viewer", "the memory viewer on the screen, until you press v", cmd_viewer },
    { "dmesg", "dmesg", "the kernel's log (F2 on the keyboard pages through it)", cmd_dmesg },
    { "clear", "clear", "clear the screen (clean does the same)", cmd_clear },
    { "clean", "clean", "clear the screen", cmd_clear },
    { "exit", "exit [STATUS]", "leave the shell (the first one powers the machine off)", cmd_exit },
    { "poweroff", "poweroff", "stop every process and power the machine off", cmd_machine },
    { "reboot", "reboot", "stop every process and restart the machine", cmd_machine },
    { "halt", "halt", "stop every process and halt the machine", cmd_machine },
};
#define NCMDS ((int)(sizeof cmds / sizeof cmds[0]))

int cmd_usage(const char *name)
{
    for (int i = 0; i < NCMDS; i++)
        if (strcmp(cmds[i].name, name) == 0)
            sh_error("usage: %s\n", cmds[i].usage);
    return 2;
}

static int cmd_help(int argc, char **argv)
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
    printf("Any other word runs the program of that name from /bin (ls /bin lists\n"
           "them; cat FILE shows a file); a final & runs it in the background.\n"
           "a | b: b reads what a writes. < FILE reads a file, > FILE writes one,\n"
           ">> FILE adds to its end, 2> FILE and 2>&1 send the errors. Ctrl-C stops\n"
           "what is in front; Up and Down bring back earlier lines.\n");
    return 0;
}

bool cmd_find(const char *name)
{
    for (int i = 0; i < NCMDS; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return true;
    return false;
}

int cmd_run(int argc, char **argv)
{
    for (int i = 0; i < NCMDS; i++)
        if (strcmp(cmds[i].name, argv[0]) == 0)
            return cmds[i].run(argc, argv);
    return 127;
}
