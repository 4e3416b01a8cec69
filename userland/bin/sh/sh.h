/* sh.h -- weensy's shell (docs/shell.md): the pieces and what they share.
 *
 *   main.c   the loop: prompt, read a line, run it; background jobs reaped
 *   line.c   the line editor: raw terminal input, cursor keys, history
 *   parse.c  a line into words ("quotes", 'quotes', \ escapes, a final &)
 *   jobs.c   running programs in the foreground and background
 *   cmds.c   the built-in commands
 */
#ifndef SH_H
#define SH_H
#include "weensy.h"

#define SH_LINE_MAX 1024         /* longer input is refused with a bell */
#define SH_WORDS_MAX 64
#define SH_PROMPT "weensy$ "

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
struct cmdline {
    int argc;
    char *argv[SH_WORDS_MAX + 1];
    bool background;             /* ended with & */
    const char *error;           /* why it could not be split, or NULL */
};
void parse_line(char *line, struct cmdline *cl);
/* parse_long: s as a whole number (decimal, or hex after 0x); false if s
 * is anything else. */
bool parse_long(const char *s, long *out);

/* ---- jobs.c ---- */
/* job_run: run argv[0] (a program in /bin) with argv, in the foreground
 * (waited for) or the background; mask, if not 0, is its CPU affinity.
 * Returns its wait status (0 for background jobs), or -1 if it could not
 * be started. */
int job_run(char **argv, bool background, unsigned long mask);
/* jobs_reap: collect background jobs (and orphans) that ended; prints a
 * line for each job. Returns how many lines it printed. */
int jobs_reap(void);
const char *sig_name(int sig);   /* "SIGINT"; NULL if unknown */
int sig_number(const char *name);   /* "INT", "SIGINT" or "2"; -1 if none */

/* ---- cmds.c ---- */
void cmds_init(void);
/* cmd_run: a built-in command; true if argv[0] named one. */
bool cmd_run(struct cmdline *cl);
#endif
