/* shm.c -- shmget, shmat, shmdt, shmctl over the raw calls (see shm.h). */
#include "shm.h"
#include "errno.h"
#include "syscall.h"

static long ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

int shmget(key_t key, size_t size, int flags)
{
    return (int)ret(sys_shmget(key, (long)size, flags));
}

void *shmat(int id, const void *addr, int flags)
{
    return (void *)ret(sys_shmat(id, (long)addr, flags));
}

int shmdt(const void *addr)
{
    return (int)ret(sys_shmdt((long)addr));
}

int shmctl(int id, int cmd, void *buf)
{
    return (int)ret(sys_shmctl(id, cmd, (long)buf));
}
