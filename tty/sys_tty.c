/* sys_tty.c -- read, write and ioctl on the console: fd 0 reads the
 * terminal (tty.c), fds 1 and 2 write to every console output, and all
 * three answer the terminal ioctls. There are no files yet, so every
 * other fd is -EBADF. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "tty/tty.h"
#include "include/weensy/termios.h"
#include "include/weensy/errno.h"

#define CONSOLE_CHUNK 256
#define IO_MAX 0x7ffff000L       /* Linux's cap on one read or write */

long sys_read(long fd, uintptr_t buf, size_t n)
{
    if (fd != 0)
        return -EBADF;
    if (n == 0)
        return 0;
    if (n > IO_MAX)
        n = IO_MAX;
    if (uaccess_check(buf, n, VM_WRITE) < 0)
        return -EFAULT;          /* checked first: a bad buffer takes no input */
    char kbuf[CONSOLE_CHUNK];
    long got = tty_read(kbuf, n < sizeof(kbuf) ? n : sizeof(kbuf));
    if (got > 0 && copyout(buf, kbuf, got) < 0)
        return -EFAULT;
    return got;
}

long sys_write(long fd, uintptr_t buf, size_t n)
{
    if (fd != 1 && fd != 2)
        return -EBADF;
    if (n > IO_MAX)
        n = IO_MAX;
    if (uaccess_check(buf, n, VM_READ) < 0)
        return -EFAULT;
    char kbuf[CONSOLE_CHUNK];
    for (size_t done = 0; done < n;) {
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

long sys_ioctl(long fd, long request, uintptr_t arg)
{
    if (fd < 0 || fd > 2)
        return -EBADF;
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
    case TIOCGPGRP:
        return ioctl_put_int(arg, tty_get_pgrp());
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
