/* tty_file.c -- the console as a file: /dev/console, which the first
 * program gets as descriptors 0, 1 and 2. A read takes input through the
 * line discipline (tty.c); a write goes to every console output; the
 * terminal ioctls (include/weensy/termios.h) act on the one terminal. */
#include "kernel/kernel.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "fs/devfs.h"
#include "kernel/wait.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "tty/tty.h"
#include "include/weensy/termios.h"
#include "include/weensy/errno.h"

#define CONSOLE_CHUNK 256
#define TTY_MAJOR 5                  /* Linux's /dev/console is 5:1 */

static long tty_file_read(struct file *f, uintptr_t buf, size_t n, uint64_t *pos)
{
    (void)f, (void)pos;
    if (n == 0)
        return 0;
    if (uaccess_check(buf, n, VM_WRITE) < 0)
        return -EFAULT;          /* checked first: a bad buffer takes no input */
    char kbuf[CONSOLE_CHUNK];
    long got = tty_read(kbuf, n < sizeof(kbuf) ? n : sizeof(kbuf));
    if (got > 0 && copyout(buf, kbuf, got) < 0)
        return -EFAULT;
    return got;
}

static long tty_file_write_kernel(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
    (void)f, (void)pos;
    if (wait_killed())
        return -EINTR;
    tty_write(buf, n);
    return (long)n;
}

static long tty_file_write(struct file *f, uintptr_t buf, size_t n, uint64_t *pos)
{
    (void)f, (void)pos;
    if (uaccess_check(buf, n, VM_READ) < 0)
        return -EFAULT;
    char kbuf[CONSOLE_CHUNK];
    for (size_t done = 0; done < n;) {
        if (wait_killed())
            return done ? (long)done : -EINTR;   /* a killed writer stops at once */
        size_t chunk = n - done < sizeof(kbuf) ? n - done : sizeof(kbuf);
        if (copyin(kbuf, buf + done, chunk) < 0)
            return done ? (long)done : -EFAULT;
        tty_write(kbuf, chunk);
        done += chunk;
    }
    return (long)n;
}

static long ioctl_set_termios(uintptr_t arg, bool flush)
{
    struct termios t;
    if (copyin(&t, arg, sizeof(t)) < 0)
        return -EFAULT;
    tty_set_termios(&t, flush);
    return 0;
}

static long ioctl_put_int(uintptr_t arg, int v)
{
    return copyout(arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

static long tty_file_ioctl(struct file *f, long request, uintptr_t arg)
{
    (void)f;
    switch ((unsigned long)request) {
    case TCGETS: {
        struct termios t;
        tty_get_termios(&t);
        return copyout(arg, &t, sizeof(t)) < 0 ? -EFAULT : 0;
    }
    case TCSETS:
    case TCSETSW:                /* output never waits: draining is instant */
        return ioctl_set_termios(arg, false);
    case TCSETSF:
        return ioctl_set_termios(arg, true);
    case TIOCGPGRP: {
        /* No foreground group: as Linux answers a process whose
         * controlling terminal this is not (busybox's shell then turns
         * job control off instead of waiting to be in the foreground). */
        int pgrp = tty_get_pgrp();
        return pgrp ? ioctl_put_int(arg, pgrp) : -ENOTTY;
    }
    case TIOCSPGRP: {
        int pgrp;
        if (copyin(&pgrp, arg, sizeof(pgrp)) < 0)
            return -EFAULT;
        return tty_set_pgrp(pgrp);
    }
    case TIOCGWINSZ: {
        struct winsize ws;
        tty_winsize(&ws);
        return copyout(arg, &ws, sizeof(ws)) < 0 ? -EFAULT : 0;
    }
    case FIONREAD:
        return ioctl_put_int(arg, (int)tty_unread());
    default:
        return -ENOTTY;
    }
}

/* Readable once read would not wait (a line, or in raw mode a byte);
 * writing never waits. */
static short tty_file_poll(struct file *f)
{
    (void)f;
    return (short)(POLLOUT | (tty_unread() ? POLLIN : 0));
}

static const struct file_ops tty_file_ops = {
    .read = tty_file_read,
    .write = tty_file_write,
    .write_kernel = tty_file_write_kernel,
    .ioctl = tty_file_ioctl,
    .poll = tty_file_poll,
};

void tty_file_init(void)
{
    if (devfs_register("console", &tty_file_ops, 0, TTY_MAJOR << 8 | 1) < 0)
        panic("tty: cannot make /dev/console");
}
