/* pipe.h -- pipes: a bounded buffer between a read end and a write end
 * (pipe(7)). A read waits for data and returns what there is (0 once every
 * write end is closed); a write waits for room and writes all of it
 * (writes of at most PIPE_BUF bytes are never interleaved with others);
 * a write with no read end left is -EPIPE, and the writer dies of SIGPIPE
 * (fs/sys_rw.c). O_NONBLOCK ends give -EAGAIN instead of waiting. */
#ifndef FS_PIPE_H
#define FS_PIPE_H
struct file;

#define PIPE_BUF 4096                /* writes this small are atomic */
#define PIPE_SIZE 65536              /* the buffer, as Linux's default */

/* pipe_create: two open files, rd and wr, with flags (O_NONBLOCK); 0 or
 * -ENOMEM. */
int pipe_create(unsigned flags, struct file **rd, struct file **wr);
#endif
