/* sh -- weensy's shell: the first program when the command line names no
 * other (docs/shell.md). It reads a line with editing and history (line.c),
 * runs a built-in command (cmds.c) or a program from /bin (jobs.c), and
 * between keys reaps background jobs and reports how they ended.
 */
#include "sh.h"

static int idle(void)
{
    return jobs_reap();
}

static void run_line(char *line)
{
    struct cmdline cl;
    parse_line(line, &cl);
    if (cl.error) {
        printf("sh: %s\n", cl.error);
        return;
    }
    if (cl.argc == 0)
        return;
    jobs_reap();                 /* what ended while the line was typed: ps must not show it */
    if (!cmd_run(&cl))
        job_run(cl.argv, cl.background, 0);
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
    line_init();
    cmds_init();
    /* In front of the terminal, in a group of our own (a shell started by
     * another shell already is; the first process is group 1). */
    setpgid(0, 0);
    tcsetpgrp(0, getpgrp());
    printf("weensy shell: type help for the commands, ls for the programs\n");
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
        run_line(line);
    }
}
