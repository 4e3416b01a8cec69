/* sh -- weensy's shell: the first program when the command line names no
 * other (docs/shell.md). It reads a line with editing and history (line.c),
 * parses it into a pipeline of commands with their redirections (parse.c),
 * runs built-in commands (cmds.c) and programs from /bin (run.c), and
 * between keys reaps background jobs and reports how they ended (jobs.c).
 */
#include "sh.h"

static int idle(void)
{
    return jobs_reap();
}

static void do_line(char *line)
{
    struct cmdline cl;
    parse_line(line, &cl);
    if (cl.error) {
        sh_error("sh: %s\n", cl.error);
        return;
    }
    if (cl.ncmds == 0)
        return;
    jobs_reap();                 /* what ended while the line was typed: ps must not show it */
    run_line(&cl);
}

/* fds_check: between lines the shell has 0, 1, 2 and sh_tty open and
 * nothing else: a descriptor left open by a pipeline or a redirection is a
 * shell bug (and a reader that never sees the end of its pipe). Said, and
 * closed, so one bug is reported once. */
static void fds_check(void)
{
    for (int fd = 3; fd < 64; fd++)
        if (fd != sh_tty && fcntl(fd, F_GETFD) >= 0) {
            sh_error("sh: bug: descriptor %d was left open\n", fd);
            close(fd);
        }
}

/* tty_open: sh_tty, a copy of 0 out of the way of redirections. */
static void tty_open(void)
{
    int fd = fcntl(0, F_DUPFD_CLOEXEC, SH_FD_SAVE);
    sh_tty = fd >= 0 ? fd : 0;
}

/* stack_reserve: touch the stack as deep as any command goes, once, so
 * that it never grows later (see line.c on the shell's fixed memory). */
static void __attribute__((noinline)) stack_reserve(void)
{
    char deep[24 * 1024];
    memset(deep, 0, sizeof deep);
    __asm__ volatile("" : : "r"(deep) : "memory");   /* the array must exist */
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    static char line[SH_LINE_MAX];
    stack_reserve();
    tty_open();
    line_init();
    cmds_init();
    /* In front of the terminal, in a group of our own (a shell started by
     * another shell already is; the first process is group 1). */
    setpgid(0, 0);
    tcsetpgrp(sh_tty, getpgrp());
    printf("weensy shell: type help for the commands, ls /bin for the programs\n");
    for (;;) {
        jobs_reap();
        line_raw();
        int got = line_read(line, idle);
        if (!got) {
            if (getpid() == 1) {
                printf("sh: this is the first process: type exit to power off\n");
                continue;
            }
            return 0;
        }
        line_history_add(line);
        do_line(line);
        fds_check();
    }
}
