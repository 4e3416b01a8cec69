/* fcntl.h -- opening files and the descriptor controls, libc style. The
 * O_*, AT_*, F_* and FD_CLOEXEC values are Linux's, from
 * include/weensy/fs.h (shared with the kernel). Each call returns -1 and
 * sets errno on failure (docs/files.md lists the errors).
 */
#ifndef USER_FCNTL_H
#define USER_FCNTL_H
#include "include/weensy/fs.h"
#include "types.h"

/* open/openat: the lowest free descriptor. mode (with O_CREAT only) is
 * masked by the umask. openat resolves a relative path from the directory
 * open at dirfd, or from the working directory if dirfd is AT_FDCWD. */
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
/* creat: open(path, O_CREAT | O_WRONLY | O_TRUNC, mode). */
int creat(const char *path, mode_t mode);
/* fcntl: F_DUPFD / F_DUPFD_CLOEXEC (arg: the lowest descriptor to use),
 * F_GETFD / F_SETFD (FD_CLOEXEC), F_GETFL / F_SETFL (the open flags). */
int fcntl(int fd, int cmd, ...);
#endif
