/* stat.h -- file status, modes and directories, libc style (<sys/stat.h>).
 * struct stat, S_IFMT and the S_IS* tests are Linux's, from
 * include/weensy/fs.h. Each call returns -1 and sets errno on failure.
 * weensy has one user: modes are stored and reported, not enforced.
 */
#ifndef USER_STAT_H
#define USER_STAT_H
#include "include/weensy/fs.h"
#include "types.h"

/* Permission bits (Linux's, as in <sys/stat.h>). */
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int lstat(const char *path, struct stat *st);
/* fstatat: flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (path "" is dirfd
 * itself). */
int fstatat(int dirfd, const char *path, struct stat *st, int flags);

int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fchmodat(int dirfd, const char *path, mode_t mode, int flags);
/* umask: set the mask new files' modes pass through; the old one. Never
 * fails. */
mode_t umask(mode_t mask);

int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
#endif
