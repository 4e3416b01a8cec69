/* statfs.c -- statfs, fstatfs (see statfs.h). */
#include "statfs.h"
#include "syscall.h"
#include "sysret.h"

int statfs(const char *path, struct statfs *buf)
{
    return (int)sysret(sys_statfs((long)path, (long)buf));
}

int fstatfs(int fd, struct statfs *buf)
{
    return (int)sysret(sys_fstatfs(fd, (long)buf));
}
