/* mman.c -- mmap, munmap, mremap, mprotect over the raw calls (see mman.h). */
#include "mman.h"
#include "errno.h"
#include "syscall.h"

/* A raw result in -4095..-1 is an error, as in unistd.c: a mapping's
 * address is never that high. */
static long ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
    long r = ret(sys_mmap((long)addr, (long)len, prot, flags, fd, off));
    return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len)
{
    return (int)ret(sys_munmap((long)addr, (long)len));
}

void *mremap(void *addr, size_t old_len, size_t new_len, int flags, void *new_addr)
{
    long r = ret(sys_mremap((long)addr, (long)old_len, (long)new_len, flags, (long)new_addr));
    return r == -1 ? MAP_FAILED : (void *)r;
}

int mprotect(void *addr, size_t len, int prot)
{
    return (int)ret(sys_mprotect((long)addr, (long)len, prot));
}

int msync(void *addr, size_t len, int flags)
{
    return (int)ret(sys_msync((long)addr, (long)len, flags));
}

long rss_limit(unsigned long pages)
{
    uint64_t want[2] = { pages * 4096, pages * 4096 }, got[2] = { 0, 0 };
    if (ret(sys_prlimit64(0, 5 /* RLIMIT_RSS */, (long)want, 0)) < 0 ||
        ret(sys_prlimit64(0, 5, 0, (long)got)) < 0)
        return -1;
    return (long)(got[0] / 4096);
}
