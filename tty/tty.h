/* tty.h -- the console as a terminal: a line discipline between the input
 * (kernel/input.h) and the processes that read fd 0, in the manner of
 * Linux's n_tty, on the termios settings programs set with ioctl
 * (include/weensy/termios.h; docs/tty.md).
 *
 * Canonical mode (ICANON, the default) gathers a line with editing (the
 * erase and kill characters) and hands it to read() when Enter comes;
 * otherwise every character is readable at once. ECHO shows what is
 * typed. ISIG turns the interrupt and quit characters (Ctrl-C, Ctrl-\)
 * into SIGINT and SIGQUIT for every process of the foreground process
 * group, which a shell sets with TIOCSPGRP.
 *
 * Locks: tty_lock guards everything in tty.c; it is taken in interrupt
 * handlers (input) and comes after input_lock, before the p->locks that a
 * signal or a wakeup takes.
 */
#ifndef TTY_TTY_H
#define TTY_TTY_H
#include <stddef.h>
#include <stdbool.h>
#include "include/weensy/termios.h"

#define TTY_BUF 4096             /* input held for readers, as Linux's N_TTY_BUF_SIZE */

void tty_init(void);
/* tty_file_init: /dev/console (after vfs_init). */
void tty_file_init(void);
/* tty_read: up to n bytes for a reader: in canonical mode at most one line
 * (0 at end of file: Ctrl-D at the start of a line); otherwise what is
 * there, waiting for a first byte if VMIN > 0, or with VMIN 0 for at most
 * VTIME tenths of a second (0 bytes if none came). -ERESTARTSYS if the reader
 * is killed or a signal comes (proc/signal.h). */
long tty_read(char *buf, size_t n);
void tty_write(const char *s, size_t n);
void tty_get_termios(struct termios *t);
/* tty_set_termios: flush drops unread input first (TCSETSF). */
void tty_set_termios(const struct termios *t, bool flush);
int tty_get_pgrp(void);          /* 0: no foreground group */
int tty_set_pgrp(int pgrp);      /* 0, -EINVAL, -ESRCH */
size_t tty_unread(void);         /* FIONREAD */
void tty_winsize(struct winsize *w);
/* tty_in_foreground: may process group pgrp act on the whole console
 * (take over the screen)? Yes if it is the foreground group, or if no
 * foreground group is set. */
bool tty_in_foreground(int pgrp);
#endif
