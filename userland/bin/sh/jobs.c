/* jobs.c -- running programs. Each runs in a process group of its own
 * (both the shell and the child set it, so neither can run ahead of the
 * other), and a foreground job is the terminal's foreground group while
 * it runs: Ctrl-C then interrupts it and nothing else. The shell waits for
 * a foreground job and says how it ended unless that was exit 0; it keeps
 * a table of background jobs and reports them as they end.
 */
#include "sh.h"

#define JOBS_MAX 32

static struct job {
    pid_t pid;
    char what[48];               /* the command, for the report */
} jobs[JOBS_MAX];

static const struct { int sig; const char *name, *why; } signals[] = {
    { SIGHUP, "SIGHUP", "hangup" }, { SIGINT, "SIGINT", "interrupted" },
    { SIGQUIT, "SIGQUIT", "quit" }, { SIGILL, "SIGILL", "illegal instruction" },
    { SIGTRAP, "SIGTRAP", "trace trap" }, { SIGABRT, "SIGABRT", "aborted" },
    { SIGBUS, "SIGBUS", "bus error" }, { SIGFPE, "SIGFPE", "arithmetic error" },
    { SIGKILL, "SIGKILL", "killed" }, { SIGUSR1, "SIGUSR1", "user signal 1" },
    { SIGSEGV, "SIGSEGV", "segmentation fault" }, { SIGUSR2, "SIGUSR2", "user signal 2" },
    { SIGPIPE, "SIGPIPE", "broken pipe" }, { SIGALRM, "SIGALRM", "alarm clock" },
    { SIGTERM, "SIGTERM", "terminated" }, { SIGCHLD, "SIGCHLD", "child ended" },
    { SIGCONT, "SIGCONT", "continue" }, { SIGSTOP, "SIGSTOP", "stop" },
    { SIGTSTP, "SIGTSTP", "stop from the terminal" }, { SIGTTIN, "SIGTTIN", "background read" },
    { SIGTTOU, "SIGTTOU", "background write" }, { SIGURG, "SIGURG", "urgent data" },
    { SIGWINCH, "SIGWINCH", "window changed" },
};
#define NSIGNALS ((int)(sizeof signals / sizeof signals[0]))

const char *sig_name(int sig)
{
    for (int i = 0; i < NSIGNALS; i++)
        if (signals[i].sig == sig)
            return signals[i].name;
    return 0;
}

static const char *sig_why(int sig)
{
    for (int i = 0; i < NSIGNALS; i++)
        if (signals[i].sig == sig)
            return signals[i].why;
    return "signal";
}

int sig_number(const char *name)
{
    long n;
    if (parse_long(name, &n))
        return n >= 0 && n <= NSIG ? (int)n : -1;
    if (strncmp(name, "SIG", 3) == 0)
        name += 3;
    for (int i = 0; i < NSIGNALS; i++)
        if (strcmp(signals[i].name + 3, name) == 0)
            return signals[i].sig;
    return -1;
}

/* report: how a job ended, unless it was exit 0 (a foreground job) or
 * always (a background one). Returns whether it printed. */
static bool report(pid_t pid, int status, const char *what, bool always)
{
    if (WIFEXITED(status)) {
        if (WEXITSTATUS(status) == 0 && !always)
            return false;
        if (WEXITSTATUS(status) == 0)
            printf("[pid %d] done: %s\n", pid, what);
        else
            printf("[pid %d] exit %d%s%s\n", pid, WEXITSTATUS(status), what[0] ? ": " : "", what);
    } else {
        int sig = WTERMSIG(status);
        char num[16];
        const char *name = sig_name(sig);
        if (!name) {
            snprintf(num, sizeof num, "signal %d", sig);
            name = num;
        }
        printf("[pid %d] killed by %s (%s)%s%s\n", pid, name, sig_why(sig), what[0] ? ": " : "", what);
    }
    return true;
}

static void describe(char **argv, char *out, size_t size)
{
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; argv[i] && n + 1 < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%s", i ? " " : "", argv[i]);
}

/* The child's side: its own group; if it is in front, the terminal, in
 * the modes programs expect (the shell keeps it raw until the job has it,
 * so a Ctrl-C typed early cannot reach the shell's own group); its CPU
 * mask; then the program. Only returns by exiting. */
static noreturn void job_child(char **argv, bool background, unsigned long mask)
{
    setpgid(0, 0);
    if (!background) {
        tcsetpgrp(0, getpid());
        line_cooked();
    }
    if (mask) {
        cpu_set_t set;
        CPU_ZERO(&set);
        set.bits[0] = mask;
        if (sched_setaffinity(0, sizeof set, &set) < 0) {
            printf("taskset: cannot run %s on CPUs 0x%lx: %s\n", argv[0], mask, strerror(errno));
            exit(1);
        }
    }
    execv(argv[0], argv);
    int e = errno;
    if (e == ENOENT)
        printf("sh: %s: no such program (type ls for the list)\n", argv[0]);
    else
        printf("sh: %s: %s\n", argv[0], strerror(e));
    exit(e == ENOENT ? 127 : 126);   /* the shells' usual codes */
}

static void job_add(pid_t pid, char **argv)
{
    for (int i = 0; i < JOBS_MAX; i++)
        if (!jobs[i].pid) {
            jobs[i].pid = pid;
            describe(argv, jobs[i].what, sizeof jobs[i].what);
            return;
        }
}

/* job_started: wait (at most about a second) until the child pid runs
 * its program (ps shows the program's name) or has ended: a background
 * job is announced only once it really runs, so a `ps` typed next shows
 * it, and a failed exec is reported as a foreground one would be. */
static void job_started(pid_t pid, const char *prog)
{
    const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    for (int i = 0; i < 100; i++) {
        struct weensy_procinfo list[64];
        long n = procs(list, 64);
        for (long k = 0; k < n && k < 64; k++)
            if (list[k].pid == pid && (list[k].state == WEENSY_PS_ZOMBIE ||
                                       strncmp(list[k].name, base, WEENSY_NAME_MAX - 1) == 0))
                return;
        sleep_ms(10);
    }
}

int job_run(char **argv, bool background, unsigned long mask)
{
    pid_t pid = fork();
    if (pid < 0) {
        printf("sh: cannot start %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    if (pid == 0)
        job_child(argv, background, mask);
    setpgid(pid, pid);
    if (background) {
        job_add(pid, argv);
        job_started(pid, argv[0]);
        printf("[pid %d] %s: in the background\n", pid, argv[0]);
        return 0;
    }
    tcsetpgrp(0, pid);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    tcsetpgrp(0, getpgrp());
    line_raw();                  /* until the prompt: keys are characters */
    char what[48];
    describe(argv, what, sizeof what);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT)
        printf("\n");            /* after the ^C the terminal echoed */
    /* 127 and 126 are the child's own report of a failed exec. */
    if (!(WIFEXITED(status) && (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126)))
        report(pid, status, what, false);
    return status;
}

int jobs_reap(void)
{
    int printed = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < JOBS_MAX; i++)
            if (jobs[i].pid == pid) {
                if (!printed)
                    printf("\n");
                printed += report(pid, status, jobs[i].what, true);
                jobs[i].pid = 0;
            }
    }
    return printed;
}
