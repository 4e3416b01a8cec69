/* run.c -- running a line.
 *
 * A built-in command alone on its line runs in the shell itself (cd must
 * change the shell's own directory), its redirections made around it
 * (redir.c). Everything else runs in children: each command of a pipeline
 * is forked, the pipes between them made close-on-exec with pipe2 and
 * copied onto 0 and 1 (dup2 clears the flag on the copy, so a program
 * keeps exactly 0, 1, 2 and its redirections), then its own redirections,
 * which win over the pipe as in POSIX sh. A built-in command in a pipeline
 * runs in its child and exits with its status.
 *
 * A pipeline is one job: one process group, led by its first process
 * (both the shell and each child call setpgid, so neither can get ahead of
 * the other), and in the foreground the terminal's foreground group while
 * it runs, so Ctrl-C reaches all of it and nothing else. The leader waits
 * on a pipe until the shell has started every process: a group exists
 * only while a live process is in it, so a leader that finished at once
 * (`echo hi | cat`) would leave the others no group to join. The shell
 * waits for every process; the last one's status is the pipeline's.
 *
 * A child that cannot run its command (a redirection or exec failed) says
 * why in one line and writes its index into a close-on-exec pipe before it
 * exits; the shell reads that pipe to its end (every child has then run
 * its program, or exited) and does not report those exits as well.
 */
#include "sh.h"

int sh_tty;

/* What run_line decided about each command of the line. */
struct plan {
    int n;
    bool builtin[SH_STAGES_MAX];
    bool failed[SH_STAGES_MAX];          /* could not run: the child said why */
    unsigned long mask[SH_STAGES_MAX];   /* taskset MASK PROGRAM; 0: none */
    char what[64];                       /* the job, for its reports */
};

/* prefix: `exec PROGRAM...` and `taskset MASK PROGRAM...` run PROGRAM
 * (never a built-in command): c's words move past the prefix. -1 after
 * saying why the command cannot run. */
static int prefix(struct command *c, unsigned long *mask, bool *builtin)
{
    *mask = 0;
    *builtin = false;
    if (c->argc >= 1 && strcmp(c->argv[0], "exec") == 0) {
        if (c->argc == 1) {
            cmd_usage("exec");
            return -1;
        }
        c->argv++;
        c->argc--;
        return 0;
    }
    if (c->argc >= 3 && strcmp(c->argv[0], "taskset") == 0 && c->argv[1][0] != '-') {
        if (!parse_mask(c->argv[1], mask)) {
            sh_error("taskset: %s: not a CPU mask (hex, e.g. 1 or 0x3)\n", c->argv[1]);
            return -1;
        }
        c->argv += 2;
        c->argc -= 2;
        return 0;
    }
    *builtin = c->argc == 0 || cmd_find(c->argv[0]);
    return 0;
}

/* run_here: a built-in command (or redirections alone) in the shell. */
static void run_here(struct command *c)
{
    int saved[SH_REDIRS_MAX];
    redir_save(c, saved);
    if (redir_apply(c) == 0 && c->argc)
        cmd_run(c->argc, c->argv);
    redir_restore(c, saved);
}

static void close_fd(int fd)
{
    if (fd >= 0)
        close(fd);
}

/* Descriptors a child starts from: the pipes at its ends, the next
 * pipe's read end (the next child's), the pipe the leader waits on, and
 * the one a child that cannot run its command writes to. */
struct ends {
    int in, out, next_in;
    int sync[2];
    int failed[2];
};

/* stage_fail: child i cannot run its command and has said why: the
 * shell is told (so it does not report the exit too), and it exits. */
static noreturn void stage_fail(const struct ends *e, int i, int status)
{
    unsigned char index = (unsigned char)i;
    if (e->failed[1] >= 0)
        write(e->failed[1], &index, 1);
    exit(status);
}

/* move_fd: fd becomes descriptor to (its close-on-exec flag cleared). */
static void move_fd(int fd, int to)
{
    if (fd < 0 || fd == to)
        return;
    dup2(fd, to);
    close(fd);
}

/* stage_sync: the leader's wait until the whole pipeline is started (the
 * shell closes its end of the pipe then); the others just close it. */
static void stage_sync(bool leader, const int *sync)
{
    if (sync[0] < 0)
        return;
    close(sync[1]);
    char c;
    while (leader && read(sync[0], &c, 1) < 0 && errno == EINTR)
        ;
    close(sync[0]);
}

static noreturn void stage_exec(char **argv, unsigned long mask, const struct ends *e, int i)
{
    if (mask) {
        cpu_set_t set;
        CPU_ZERO(&set);
        set.bits[0] = mask;
        if (sched_setaffinity(0, sizeof set, &set) < 0) {
            sh_error("taskset: cannot run %s on CPUs 0x%lx: %s\n", argv[0], mask, strerror(errno));
            stage_fail(e, i, 1);
        }
    }
    execv(argv[0], argv);
    int why = errno;
    if (why == ENOENT && !strchr(argv[0], '/'))
        sh_error("sh: %s: no such program (ls /bin lists them)\n", argv[0]);
    else
        sh_error("sh: %s: %s\n", argv[0], strerror(why));
    stage_fail(e, i, why == ENOENT ? 127 : 126);   /* the shells' usual codes */
}

/* The child of command i: its group (the leader's; the leader makes it),
 * in front if the job is, the terminal as programs expect it (the shell
 * keeps it raw until the job has it, so an early Ctrl-C cannot reach the
 * shell's own group); its pipes, its redirections, then the program. */
static noreturn void stage_child(struct cmdline *cl, struct plan *pl, int i, pid_t pgid,
                                 struct ends *e)
{
    setpgid(0, pgid);
    if (i == 0 && !cl->background) {
        tcsetpgrp(sh_tty, getpid());
        line_cooked();
    }
    stage_sync(i == 0, e->sync);
    close_fd(e->failed[0]);
    close_fd(e->next_in);
    move_fd(e->in, 0);
    move_fd(e->out, 1);
    struct command *c = &cl->cmds[i];
    if (redir_apply(c) < 0)
        stage_fail(e, i, 1);
    if (c->argc == 0 || pl->builtin[i]) {
        close_fd(e->failed[1]);  /* it runs: the shell need not wait for its end */
        exit(c->argc ? cmd_run(c->argc, c->argv) : 0);
    }
    stage_exec(c->argv, pl->mask[i], e, i);
}

/* failed_read: which children could not run their command: the pipe's
 * end comes once each has run its program or exited. */
static void failed_read(struct plan *pl, int fd)
{
    unsigned char index;
    ssize_t n;
    memset(pl->failed, 0, sizeof pl->failed);
    if (fd < 0)
        return;
    while ((n = read(fd, &index, 1)) == 1 || (n < 0 && errno == EINTR))
        if (n == 1 && index < pl->n)
            pl->failed[index] = true;
    close(fd);
}

/* start: fork every command of the line, each with its pipes; the pids
 * into pids. Returns how many started (fewer if a pipe or fork failed:
 * those then see their pipes end, as if the rest had exited). */
static int start(struct cmdline *cl, struct plan *pl, pid_t *pids)
{
    struct ends e = { .in = -1, .out = -1, .next_in = -1, .sync = { -1, -1 }, .failed = { -1, -1 } };
    if (pl->n > 1 && pipe2(e.sync, O_CLOEXEC) < 0)
        e.sync[0] = e.sync[1] = -1;      /* then the leader just does not wait */
    if (pipe2(e.failed, O_CLOEXEC) < 0)
        e.failed[0] = e.failed[1] = -1;  /* then every exit is reported */
    pid_t pgid = 0;
    int started = 0;
    for (int i = 0; i < pl->n; i++) {
        int p[2] = { -1, -1 };
        if (i + 1 < pl->n && pipe2(p, O_CLOEXEC) < 0) {
            sh_error("sh: cannot make a pipe: %s\n", strerror(errno));
            break;
        }
        e.out = p[1];
        e.next_in = p[0];
        pid_t pid = fork();
        if (pid == 0)
            stage_child(cl, pl, i, pgid, &e);
        if (pid < 0) {
            sh_error("sh: cannot start %s: %s\n", cl->cmds[i].argc ? cl->cmds[i].argv[0] : "a command",
                     strerror(errno));
            close_fd(p[0]);
            close_fd(p[1]);
            break;
        }
        setpgid(pid, pgid);
        if (!pgid) {
            pgid = pid;
            if (!cl->background)
                tcsetpgrp(sh_tty, pgid);
        }
        pids[started++] = pid;
        close_fd(e.in);
        close_fd(p[1]);
        e.in = p[0];
    }
    close_fd(e.in);
    close_fd(e.sync[0]);
    close_fd(e.sync[1]);         /* the leader goes on */
    close_fd(e.failed[1]);
    failed_read(pl, e.failed[0]);
    return started;
}

/* background: announce a started job and remember it by its last process. */
static void background(struct cmdline *cl, struct plan *pl, pid_t *pids, int started)
{
    pid_t last = pids[started - 1];
    job_add(last, pl->what);
    struct command *c = &cl->cmds[started - 1];
    if (!pl->builtin[started - 1])
        job_started(last, c->argv[0]);
    printf("[pid %d] %s: in the background\n", last, pl->n == 1 && c->argc ? c->argv[0] : pl->what);
}

/* wait_all: wait for the foreground job, take the terminal back and say
 * how its processes ended, unless exit 0 or they never ran their command
 * (they said why), or killed by SIGPIPE before the last (the usual end of
 * a writer whose reader left: `yes | head`). Returns the last one's
 * status. */
static int wait_all(struct cmdline *cl, struct plan *pl, pid_t *pids, int started)
{
    int status[SH_STAGES_MAX];
    bool interrupted = false;
    for (int i = 0; i < started; i++) {
        status[i] = 0;
        while (waitpid(pids[i], &status[i], 0) < 0 && errno == EINTR)
            ;
        interrupted |= WIFSIGNALED(status[i]) && WTERMSIG(status[i]) == SIGINT;
    }
    tcsetpgrp(sh_tty, getpgrp());
    line_raw();                  /* until the prompt: keys are characters */
    if (interrupted)
        printf("\n");            /* after the ^C the terminal echoed */
    for (int i = 0; i < started; i++) {
        if (pl->failed[i] || (i + 1 < started && WIFSIGNALED(status[i]) && WTERMSIG(status[i]) == SIGPIPE))
            continue;
        char what[64];
        job_describe(cl->cmds[i].argv, what, sizeof what);
        job_report(pids[i], status[i], what, false);
    }
    return status[started - 1];
}

void run_line(struct cmdline *cl)
{
    struct plan pl;
    pl.n = cl->ncmds;
    for (int i = 0; i < pl.n; i++)
        if (prefix(&cl->cmds[i], &pl.mask[i], &pl.builtin[i]) < 0)
            return;
    if (pl.n == 1 && pl.builtin[0]) {
        if (!cl->background)
            return run_here(&cl->cmds[0]);
        if (cl->cmds[0].argc) {
            sh_error("sh: %s is built in: it cannot run in the background\n", cl->cmds[0].argv[0]);
            return;
        }
    }
    size_t len = 0;
    pl.what[0] = 0;
    for (int i = 0; i < pl.n && len + 1 < sizeof pl.what; i++) {
        job_describe(cl->cmds[i].argv, pl.what + len, sizeof pl.what - len);
        len = strlen(pl.what);
        if (i + 1 < pl.n)
            len += (size_t)snprintf(pl.what + len, sizeof pl.what - len, " | ");
    }
    pid_t pids[SH_STAGES_MAX];
    int started = start(cl, &pl, pids);
    if (started == 0)
        return;
    if (cl->background)
        background(cl, &pl, pids, started);
    else
        wait_all(cl, &pl, pids, started);
}
