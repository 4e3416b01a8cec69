/* statfs.h -- a file system's figures (<sys/statfs.h>): struct statfs
 * and the f_type magic numbers are Linux's, from include/weensy/fs.h.
 * -1 and errno on failure. */
#ifndef USER_STATFS_H
#define USER_STATFS_H
#include "include/weensy/fs.h"

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);
#endif
