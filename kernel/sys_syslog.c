/* sys_syslog.c -- syslog(2) (klogctl in C libraries), as much of it as
 * dmesg needs: the kernel log kept in memory (kernel/kmsg.h), read
 * without clearing it. On the pages a small machine gives back: there
 * sys_syslog (kernel/kmsg.c) answers for it.
 *
 * Reading is not privileged: weensy is a machine for learning, the log
 * holds nothing secret (no pointers a user could not see in /proc), and
 * on a machine with no serial port it is how a user finds out what the
 * kernel said. (Linux's dmesg_restrict, which Debian turns on, makes it
 * root's only; weensy chooses the other way: docs/usb-boot.md.) */
#include "kernel/kernel.h"
#include "kernel/kmsg.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

/* Linux's actions (include/linux/syslog.h's numbers, man 2 syslog). */
#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

#define SYSLOG_CHUNK 256

/* READ_ALL: the newest whole lines that fit in len bytes, oldest first,
 * copied out a piece at a time (the ring's lock is never held across a
 * copy to the user, which may fault). */
static long syslog_read_all(uintptr_t ubuf, long len)
{
    if (len < 0 || (len > 0 && !ubuf))
        return -EINVAL;
    uint64_t end, pos = kmsg_tail((size_t)len, &end);
    char piece[SYSLOG_CHUNK];
    long done = 0;
    while (done < len) {
        size_t m = kmsg_read_at(&pos, end, piece, MIN((size_t)(len - done), sizeof piece));
        if (m == 0)
            break;
        if (copyout(ubuf + (uintptr_t)done, piece, m) < 0)
            return -EFAULT;
        done += (long)m;
    }
    return done;
}

/* Called by sys_syslog (kernel/kmsg.c) when the log is kept. */
long kmsg_syslog(long type, uintptr_t ubuf, long len)
{
    switch (type) {
    case SYSLOG_ACTION_CLOSE:
    case SYSLOG_ACTION_OPEN:
        return 0;
    case SYSLOG_ACTION_READ_ALL:
        return syslog_read_all(ubuf, len);
    case SYSLOG_ACTION_SIZE_UNREAD:
        return 0;                     /* nothing is read destructively (READ, 2, is not offered) */
    case SYSLOG_ACTION_SIZE_BUFFER:
        return (long)kmsg_capacity();
    default:
        return -EINVAL;               /* reading and clearing, console levels: not offered */
    }
}
