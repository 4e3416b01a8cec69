/* sys_console.c -- read and write on the console: fd 0 reads the input
 * queue (keyboard and serial), fds 1 and 2 write to every console output.
 * There are no files yet, so every other fd is -EBADF. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/input.h"
#include "kernel/console/console.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "include/weensy/errno.h"

#define CONSOLE_CHUNK 256
#define IO_MAX 0x7ffff000L       /* Linux's cap on one read or write */

/* Readers sleep on read_chan under read_lock; input_push wakes them. */
static struct spinlock read_lock = SPINLOCK_INIT("console read");
static int read_chan;

static void console_input_arrived(void)
{
    spin_lock(&read_lock);
    wakeup(&read_chan);
    spin_unlock(&read_lock);
}

void console_syscalls_init(void)
{
    input_set_waiter(console_input_arrived);
}

/* Take what input there is, up to n bytes; sleep until there is some. */
static long console_read_wait(char *buf, size_t n)
{
    struct proc *p = myproc();
    size_t got = 0;
    spin_lock(&read_lock);
    for (;;) {
        int c;
        while (got < n && (c = input_getc()) >= 0)
            buf[got++] = (char)c;
        if (got || p->killed)
            break;
        sleep(&read_chan, &read_lock);
    }
    spin_unlock(&read_lock);
    return got ? (long)got : -EINTR;
}

long sys_read(long fd, uintptr_t buf, size_t n)
{
    if (fd != 0)
        return -EBADF;
    if (n == 0)
        return 0;
    if (n > IO_MAX)
        n = IO_MAX;
    if (uaccess_check(buf, n, VM_WRITE) < 0)
        return -EFAULT;
    char kbuf[CONSOLE_CHUNK];
    long got = console_read_wait(kbuf, n < sizeof(kbuf) ? n : sizeof(kbuf));
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
        klog_write(kbuf, chunk);
        done += chunk;
    }
    return (long)n;
}
