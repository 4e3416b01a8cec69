/* sh.h -- weensy's shell (docs/shell.md): the pieces and what they share.
 *
 *   main.c   the loop: prompt, read a line, run it; background jobs reaped
 *   line.c   the line editor: raw terminal input, cursor keys, history
 *   parse.c  a line into commands: words ("quotes", 'quotes', \ escapes),
 *            pipes |, redirections < > >> N> N>&M, a final &
 *   run.c    running a line: a pipeline's processes, their group, waiting
 *   redir.c  redirections, in a child or around a built-in command
 *   jobs.c   how jobs ended, the background jobs' table, signal names
 *   cmds.c   the built-in commands; ps.c the ps command
 */
#ifndef SH_H
#define SH_H
#include "weensy.h"

#define SH_LINE_MAX 1024         /* longer input is refused with a bell */
#define SH_WORDS_MAX 64
#define SH_PROMPT "weensy$ "
#define SH_STAGES_MAX 16         /* commands in one pipeline */
#define SH_REDIRS_MAX 8          /* redirections of one command */
#define SH_FD_SAVE 10            /* the shell's own descriptors are >= this */

/* sh_tty: a descriptor of the terminal the shell started on (>=
 * SH_FD_SAVE, close-on-exec), for the terminal's modes and foreground
 * group while 0 may be redirected; 0 if it could not be made. */
extern int sh_tty;
/* Error messages go to descriptor 2 (a redirected 1 never hides them). */
#define sh_error(...) dprintf(2, __VA_ARGS__)

/* ---- line.c ---- */
void line_init(void);
/* line_read: one edited line into buf (NUL-terminated, no newline); 1, or
 * 0 for Ctrl-D on an empty line. Between keys it calls idle() every half
 * second (to reap background jobs), and after idle() printed something it
 * redraws the prompt and the line. */
int line_read(char *buf, int (*idle)(void));
/* line_raw / line_cooked: the terminal as the editor wants it (no echo, no
 * line editing, no signals from keys) / as programs expect it (the modes
 * the shell found at its start). */
void line_raw(void);
void line_cooked(void);
void line_history_add(const char *line);

/* ---- parse.c ---- */
enum redir_kind {
    REDIR_IN,                    /* N<path: open to read (N 0 unless given) */
    REDIR_OUT,                   /* N>path: create or truncate (N 1) */
    REDIR_APPEND,                /* N>>path: create or append (N 1) */
    REDIR_DUP,                   /* N>&M, N<&M: N becomes a copy of M */
};
struct redir {
    enum redir_kind kind;
    int fd;                      /* the descriptor redirected */
    int from;                    /* REDIR_DUP: the descriptor copied */
    const char *path;            /* the others: the file */
};
/* One simple command: its words (argv, NULL-ended; argc may be 0 when the
 * command is only redirections) and its redirections, in the order given
 * (the later one wins, as in POSIX sh). */
struct command {
    int argc;
    char **argv;
    int nredirs;
    struct redir redirs[SH_REDIRS_MAX];
};
/* A line: a pipeline of ncmds commands (cmds[0] | cmds[1] | ...). */
struct cmdline {
    int ncmds;
    struct command cmds[SH_STAGES_MAX];
    char *words[SH_WORDS_MAX + SH_STAGES_MAX];   /* every argv, NULL-ended */
    bool background;             /* ended with & */
    const char *error;           /* why it could not be parsed, or NULL */
    char errbuf[64];
};
/* parse_line: line into cl, the words made in place in line. An empty
 * line gives ncmds 0. */
void parse_line(char *line, struct cmdline *cl);
/* parse_long: s as a whole number (decimal, or hex after 0x); false if s
 * is anything else. */
bool parse_long(const char *s, long *out);

/* ---- run.c ---- */
/* run_line: run a parsed, non-empty line: a built-in command alone in the
 * shell itself (its redirections around it), anything else in processes
 * of a group of their own, waited for unless cl->background. */
void run_line(struct cmdline *cl);

/* ---- redir.c ---- */
/* redir_apply: make each redirection of c, in order; on the first that
 * fails say why on descriptor 2 and return -1 (later ones not made). */
int redir_apply(const struct command *c);
/* redir_save / redir_restore: around a built-in command run in the shell:
 * keep copies of the descriptors c redirects, and put them back (closing
 * what the command opened). saved has SH_REDIRS_MAX entries. */
void redir_save(const struct command *c, int *saved);
void redir_restore(const struct command *c, const int *saved);

/* ---- jobs.c ---- */
/* job_report: how a job ended, unless it was exit 0 (always false: only a
 * background job's success is reported); a failed exec's codes 126 and
 * 127 are not reported either (the child said why). Returns whether it
 * printed. */
bool job_report(pid_t pid, int status, const char *what, bool always);
/* job_describe: argv as one line of text, for reports. */
void job_describe(char **argv, char *out, size_t size);
/* job_add: remember a background job, to report it when it ends. */
void job_add(pid_t pid, const char *what);
/* job_started: wait (about a second at most) until pid runs prog or has
 * ended, so a ps typed next shows the job as it is. */
void job_started(pid_t pid, const char *prog);
/* jobs_reap: collect background jobs (and orphans) that ended; prints a
 * line for each job. Returns how many lines it printed. */
int jobs_reap(void);
const char *sig_name(int sig);   /* "SIGINT"; NULL if unknown */
int sig_number(const char *name);   /* "INT", "SIGINT" or "2"; -1 if none */

/* ---- cmds.c ---- */
void cmds_init(void);
/* cmd_find: whether name is a built-in command the shell runs itself
 * (exec and taskset, which run programs, are run.c's prefixes). */
bool cmd_find(const char *name);
/* cmd_run: run built-in command argv[0]; its status (0 when it did what it
 * was asked, 1 on an error, 2 for bad usage). */
int cmd_run(int argc, char **argv);
/* cmd_usage: "usage: ..." of a command on descriptor 2; returns 2. */
int cmd_usage(const char *name);
/* parse_mask: a taskset CPU mask (hex, 0x optional, not 0). */
bool parse_mask(const char *s, unsigned long *mask);

/* ---- ps.c ---- */
/* ps_init: touch ps's memory at start (the shell's memory never grows:
 * line.c). ps_table: that room, which mem uses too; *size records. */
void ps_init(void);
struct weensy_procinfo *ps_table(long *size);
int cmd_ps(int argc, char **argv);
#endif
