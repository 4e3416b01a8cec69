/* termios.h -- the console's terminal settings, libc style (the ioctls
 * and struct termios are Linux's: include/weensy/termios.h). */
#ifndef USER_TERMIOS_H
#define USER_TERMIOS_H
#include "include/weensy/termios.h"
#include "unistd.h"

#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

int tcgetattr(int fd, struct termios *t);
/* tcsetattr: when is TCSANOW, TCSADRAIN or TCSAFLUSH (drops unread input). */
int tcsetattr(int fd, int when, const struct termios *t);
/* cfmakeraw: no line editing, no echo, no signals from keys: every byte
 * as it is typed. */
void cfmakeraw(struct termios *t);
pid_t tcgetpgrp(int fd);
/* tcsetpgrp: the console's foreground process group: Ctrl-C sends SIGINT
 * to every process in it. */
int tcsetpgrp(int fd, pid_t pgrp);
#endif
