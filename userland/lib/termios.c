/* termios.c -- the terminal calls on ioctl (see termios.h). */
#include "termios.h"

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    static const unsigned long req[] = { TCSETS, TCSETSW, TCSETSF };
    if (when < 0 || when > TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, req[when], (void *)t);
}

void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)ICRNL;
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

pid_t tcgetpgrp(int fd)
{
    int pgrp;
    if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
        return -1;
    return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
    int p = pgrp;
    return ioctl(fd, TIOCSPGRP, &p);
}
