/* termios.h -- the console as a terminal: Linux's ioctl numbers and the
 * kernel's struct termios (the layout TCGETS/TCSETS copy on x86-64), so
 * that Linux programs' tcgetattr/tcsetattr work unchanged. Shared by the
 * kernel and userland. docs/tty.md says which flags weensy honours.
 */
#ifndef WEENSY_TERMIOS_H
#define WEENSY_TERMIOS_H
#include <stdint.h>

#define TCGETS     0x5401
#define TCSETS     0x5402        /* now */
#define TCSETSW    0x5403        /* after output drains (at once: output never waits) */
#define TCSETSF    0x5404        /* after output drains, discarding unread input */
#define TIOCGPGRP  0x540f
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define FIONREAD   0x541b

typedef uint32_t tcflag_t;
typedef uint8_t cc_t;
#define NCCS 19

struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_line;
    cc_t c_cc[NCCS];
};
_Static_assert(sizeof(struct termios) == 36, "Linux's kernel termios is 36 bytes");

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices */
#define VINTR  0
#define VQUIT  1
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VTIME  5
#define VMIN   6

/* c_iflag */
#define ICRNL  0000400
/* c_oflag */
#define OPOST  0000001
#define ONLCR  0000004
/* c_cflag */
#define CS8    0000060
#define CREAD  0000200
/* c_lflag */
#define ISIG   0000001
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
#define ECHONL 0000100
#define ECHOCTL 0001000
#define IEXTEN 0100000
#endif
