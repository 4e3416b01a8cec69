/* jobs.c -- how jobs end. The shell says how a foreground job ended
 * unless that was exit 0; it keeps a table of background jobs (a pipeline
 * is one job, known by its last process) and reports them as they end.
 * And the signals' names, for these reports and for kill.
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

bool job_report(pid_t pid, int status, const char *what, bool always)
{
    if (WIFEXITED(status)) {
        int code = WEXITSTATUS(status);
        if ((code == 0 || code == 126 || code == 127) && !always)
            return false;        /* success, or a failed exec the child explained */
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

void job_describe(char **argv, char *out, size_t size)
{
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; argv[i] && n + 1 < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%s", i ? " " : "", argv[i]);
}

void job_add(pid_t pid, const char *what)
{
    for (int i = 0; i < JOBS_MAX; i++)
        if (!jobs[i].pid) {
            jobs[i].pid = pid;
            strlcpy(jobs[i].what, what, sizeof jobs[i].what);
            return;
        }
}

/* A background job is announced only once it really runs its program (ps
 * shows the program's name) or has ended, so a `ps` typed next shows it,
 * and a failed exec is reported as a foreground one would be. */
void job_started(pid_t pid, const char *prog)
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

int jobs_reap(void)
{
    int printed = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < JOBS_MAX; i++)
            if (jobs[i].pid == pid) {
                if (!printed)
                    printf("\n");
                printed += job_report(pid, status, jobs[i].what, true);
                jobs[i].pid = 0;
            }
    }
    return printed;
}
