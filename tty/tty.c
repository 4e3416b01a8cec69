/* tty.c -- the console's line discipline (see tty.h).
 *
 * Input sits in one ring, as in xv6's console: [r, w) is readable, [w, e)
 * is the line being edited (canonical mode only; elsewhere w == e). The
 * characters come from interrupt handlers (tty_receive, the input sink),
 * the reads from processes, both under tty_lock.
 */
#include "kernel/kernel.h"
#include "fs/poll.h"
#include "kernel/input.h"
#include "kernel/spinlock.h"
#include "kernel/console/screen.h"
#include "arch/x86_64/timer.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "tty/tty.h"
#include "include/weensy/syscalls.h"
#include "include/weensy/errno.h"

#define CTRL(c) ((c) & 0x1f)
#define TTY_EOF CTRL('D')        /* marks end of file in the ring (canonical) */

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static char ring[TTY_BUF];       /* [tty_lock] */
static unsigned r, w, e;         /* [tty_lock] read <= committed <= edit end */
static struct termios tio;       /* [tty_lock] */
static int fg_pgrp;              /* [tty_lock] the foreground group; 0: none */
static int read_chan;            /* readers sleep here, under tty_lock */

static bool tty_canonical(void) { return tio.c_lflag & ICANON; }

/* ---- echo ------------------------------------------------------------------ */

static bool tty_shown_as_caret(char c)
{
    return (tio.c_lflag & ECHOCTL) && c != '\n' && c != '\t' &&
           ((unsigned char)c < 32 || c == 0x7f);
}

static void tty_echo_char(char c)
{
    if (!(tio.c_lflag & ECHO)) {
        if (c == '\n' && (tio.c_lflag & ECHONL))
            klog_write("\n", 1);
        return;
    }
    if (tty_shown_as_caret(c)) {
        char s[2] = { '^', c == 0x7f ? '?' : (char)(c + '@') };
        klog_write(s, 2);
    } else {
        klog_write(&c, 1);
    }
}

/* Rub out the last character of the line being edited. */
static void tty_erase_one(void)
{
    char c = ring[--e % TTY_BUF];
    if ((tio.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE)) {
        klog_write("\b \b", 3);
        if (tty_shown_as_caret(c))
            klog_write("\b \b", 3);
    }
}

/* ---- receiving ------------------------------------------------------------- */

/* ISIG: the interrupt or quit character signals the foreground group and
 * throws away the input not yet read, as Linux does. */
static void tty_signal(int sig, char c)
{
    r = w = e;
    tty_echo_char(c);
    if (fg_pgrp > 0)
        proc_kill_group(fg_pgrp, sig, 0);
}

static void tty_commit(void)
{
    w = e;
    wakeup(&read_chan);
    poll_notify();               /* a poller of the console reads too */
}

static bool tty_put(char c)
{
    if (e - r >= TTY_BUF)
        return false;
    ring[e++ % TTY_BUF] = c;
    return true;
}

/* Canonical mode: editing. A line as long as the ring takes no more than
 * its newline (Linux beeps); one byte is always kept for that. */
static bool tty_canon(char c)
{
    if (c == tio.c_cc[VERASE] || c == '\b') {
        if (e > w)
            tty_erase_one();
        return true;
    }
    if (c == tio.c_cc[VKILL]) {
        while (e > w)
            tty_erase_one();
        return true;
    }
    if (c == tio.c_cc[VEOF]) {
        if (tty_put(TTY_EOF))
            tty_commit();
        return true;
    }
    if (c == '\n') {
        bool room = tty_put(c);
        tty_echo_char(c);
        tty_commit();
        return room;
    }
    if (e - r >= TTY_BUF - 1)
        return w == r;           /* a line filling the ring: dropped; else wait */
    tty_put(c);
    tty_echo_char(c);
    return true;
}

static bool tty_receive_locked(char c)
{
    if (c == '\r' && (tio.c_iflag & ICRNL))
        c = '\n';
    if (tio.c_lflag & ISIG) {
        if (c == tio.c_cc[VINTR]) {
            tty_signal(SIGINT, c);
            return true;
        }
        if (c == tio.c_cc[VQUIT]) {
            tty_signal(SIGQUIT, c);
            return true;
        }
    }
    if (tty_canonical())
        return tty_canon(c);
    if (!tty_put(c))
        return false;
    tty_echo_char(c);
    tty_commit();
    return true;
}

static bool tty_receive(char c)
{
    spin_lock(&tty_lock);
    bool taken = tty_receive_locked(c);
    spin_unlock(&tty_lock);
    return taken;
}

/* Room for the serial port to go on: in canonical mode a line that fills
 * the ring is cut (taking more only drops it) unless there are whole lines
 * to read first. */
static bool tty_room(void)
{
    spin_lock(&tty_lock);
    bool room = e - r < TTY_BUF - 1 || (tty_canonical() && w == r);
    spin_unlock(&tty_lock);
    return room;
}

/* ---- reading ---------------------------------------------------------------- */

static size_t tty_take(char *buf, size_t n)
{
    size_t got = 0;
    while (got < n && r != w) {
        char c = ring[r++ % TTY_BUF];
        if (tty_canonical() && c == TTY_EOF)
            break;               /* read returns what came before: 0 at a line's start */
        buf[got++] = c;
        if (tty_canonical() && c == '\n')
            break;
    }
    return got;
}

/* The deadline of a non-canonical read with VMIN 0: VTIME tenths of a
 * second from now (0: do not wait at all). */
static uint64_t tty_deadline(void)
{
    if (tty_canonical() || tio.c_cc[VMIN] > 0)
        return UINT64_MAX;
    return timer_ticks() + (uint64_t)tio.c_cc[VTIME] * TIMER_HZ / 10;
}

long tty_read(char *buf, size_t n)
{
    struct proc *p = myproc();
    long got = 0;
    spin_lock(&tty_lock);
    uint64_t deadline = tty_deadline();
    while (r == w) {
        if (timer_ticks() >= deadline)
            break;
        if (proc_interrupted(p)) {
            got = -ERESTARTSYS;  /* a signal: EINTR, or a restart with SA_RESTART */
            break;
        }
        sleep_intr(&read_chan, &tty_lock, deadline == UINT64_MAX ? 0 : deadline);
    }
    if (got == 0)
        got = (long)tty_take(buf, n);
    spin_unlock(&tty_lock);
    input_room_made();
    return got;
}

void tty_write(const char *s, size_t n)
{
    klog_write(s, n);
}

/* ---- settings ----------------------------------------------------------------- */

void tty_get_termios(struct termios *t)
{
    spin_lock(&tty_lock);
    *t = tio;
    spin_unlock(&tty_lock);
}

void tty_set_termios(const struct termios *t, bool flush)
{
    spin_lock(&tty_lock);
    if (flush)
        r = w = e;
    tio = *t;
    if (!tty_canonical())
        w = e;                   /* a half-edited line becomes readable */
    wakeup(&read_chan);
    poll_notify();
    spin_unlock(&tty_lock);
    input_room_made();
}

int tty_get_pgrp(void)
{
    spin_lock(&tty_lock);
    int pgrp = fg_pgrp;
    spin_unlock(&tty_lock);
    return pgrp;
}

int tty_set_pgrp(int pgrp)
{
    if (pgrp <= 0)
        return -EINVAL;
    if (!proc_group_exists(pgrp))
        return -ESRCH;
    spin_lock(&tty_lock);
    fg_pgrp = pgrp;
    spin_unlock(&tty_lock);
    return 0;
}

bool tty_in_foreground(int pgrp)
{
    spin_lock(&tty_lock);
    bool yes = fg_pgrp == 0 || fg_pgrp == pgrp;
    spin_unlock(&tty_lock);
    return yes;
}

size_t tty_unread(void)
{
    spin_lock(&tty_lock);
    size_t n = w - r;
    spin_unlock(&tty_lock);
    return n;
}

void tty_winsize(struct winsize *ws)
{
    ws->ws_row = (uint16_t)(screen_rows() > 0 ? screen_rows() : 25);
    ws->ws_col = (uint16_t)(screen_cols() > 0 ? screen_cols() : 80);
    ws->ws_xpixel = ws->ws_ypixel = 0;
}

/* Linux's defaults for a console (stty sane): canonical, echo, signals. */
void tty_init(void)
{
    static const cc_t cc[NCCS] = {
        [VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f, [VKILL] = CTRL('U'),
        [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
    };
    tio.c_iflag = ICRNL;
    tio.c_oflag = OPOST | ONLCR;
    tio.c_cflag = CS8 | CREAD;
    tio.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | IEXTEN;
    memcpy(tio.c_cc, cc, sizeof(cc));
    input_set_sink(tty_receive, tty_room);
}
