/* poll.h -- poll(2) and ppoll(2) over any open files (fs/poll.c). */
#ifndef FS_POLL_H
#define FS_POLL_H

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

/* poll_notify: something a poller may wait for has changed (a pipe's data
 * or ends, the console's input): every poller looks again. Any context,
 * interrupts included. */
void poll_notify(void);
#endif
