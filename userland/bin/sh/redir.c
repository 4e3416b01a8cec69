/* redir.c -- redirections. In a child they are simply made before exec;
 * around a built-in command, which runs in the shell itself, the
 * descriptors it redirects are first copied out of the way (to
 * SH_FD_SAVE and up, close-on-exec) and put back after it.
 */
#include "sh.h"

/* redir_open: the file of r, opened as its kind asks; a descriptor or -1. */
static int redir_open(const struct redir *r)
{
    int flags = r->kind == REDIR_IN ? O_RDONLY
                : r->kind == REDIR_OUT ? O_WRONLY | O_CREAT | O_TRUNC
                                       : O_WRONLY | O_CREAT | O_APPEND;
    return open(r->path, flags | O_CLOEXEC, 0666);
}

/* redir_one: make r; 0, or -1 after saying why. */
static int redir_one(const struct redir *r)
{
    if (r->kind == REDIR_DUP) {
        /* dup2 of a descriptor onto itself checks it is open, as sh does. */
        int e = r->from == r->fd ? fcntl(r->fd, F_GETFD) : dup2(r->from, r->fd);
        if (e < 0) {
            sh_error("sh: %d: %s\n", r->from, strerror(errno));
            return -1;
        }
        return 0;
    }
    int fd = redir_open(r);
    if (fd < 0) {
        sh_error("sh: %s: %s\n", r->path, strerror(errno));
        return -1;
    }
    /* Opened close-on-exec, so the copy at r->fd is the only one a program
     * keeps; dup2 clears the flag on the copy. */
    int e = dup2(fd, r->fd), why = errno;
    close(fd);
    if (e < 0) {
        sh_error("sh: %s: %s\n", r->path, strerror(why));
        return -1;
    }
    return 0;
}

int redir_apply(const struct command *c)
{
    for (int i = 0; i < c->nredirs; i++)
        if (redir_one(&c->redirs[i]) < 0)
            return -1;
    return 0;
}

/* saved[i]: a copy of redirs[i].fd from before; SAVED_CLOSED if that
 * descriptor was closed (to close again after); SAVED_NONE if an earlier
 * redirection of the same descriptor saved it, or it could not be copied. */
#define SAVED_CLOSED (-1)
#define SAVED_NONE (-2)

void redir_save(const struct command *c, int *saved)
{
    for (int i = 0; i < c->nredirs; i++) {
        saved[i] = SAVED_NONE;
        bool earlier = false;
        for (int k = 0; k < i; k++)
            earlier |= c->redirs[k].fd == c->redirs[i].fd;
        if (!earlier) {
            int fd = fcntl(c->redirs[i].fd, F_DUPFD_CLOEXEC, SH_FD_SAVE);
            saved[i] = fd >= 0 ? fd : errno == EBADF ? SAVED_CLOSED : SAVED_NONE;
        }
    }
}

void redir_restore(const struct command *c, const int *saved)
{
    for (int i = c->nredirs - 1; i >= 0; i--) {
        if (saved[i] >= 0) {
            dup2(saved[i], c->redirs[i].fd);
            close(saved[i]);
        } else if (saved[i] == SAVED_CLOSED) {
            close(c->redirs[i].fd);
        }
    }
}
