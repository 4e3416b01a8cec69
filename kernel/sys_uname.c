/* sys_uname.c -- uname(2) and getrandom(2): what programs ask of the
 * kernel at start-up (issue 17, docs/linux-abi.md). */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/random.h"
#include "mm/uaccess.h"
#include "include/weensy/errno.h"

/* Linux's struct utsname: six fields of 65 bytes. The release is in
 * Linux's form, so that a program's version check (glibc's, busybox's
 * uname -r) passes. */
#define UTS_LEN 65
struct utsname {
    char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN], version[UTS_LEN], machine[UTS_LEN],
        domainname[UTS_LEN];
};

long sys_uname(uintptr_t ubuf)
{
    struct utsname u;
    memset(&u, 0, sizeof u);
    strlcpy(u.sysname, "Linux", UTS_LEN);
    strlcpy(u.nodename, "weensy", UTS_LEN);
    strlcpy(u.release, "6.1.0-weensy", UTS_LEN);
    strlcpy(u.version, "#1 SMP weensy", UTS_LEN);
    strlcpy(u.machine, "x86_64", UTS_LEN);
    strlcpy(u.domainname, "(none)", UTS_LEN);
    return copyout(ubuf, &u, sizeof u) < 0 ? -EFAULT : 0;
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define GETRANDOM_CHUNK 256
#define GETRANDOM_MAX (32 << 20)     /* Linux: at most 32 MiB minus a page at once */

/* getrandom: kernel/random.h's bytes, which never block (there is no
 * entropy pool to wait for; random.h says what they promise). Linux's
 * flag rules: GRND_RANDOM and GRND_INSECURE together are EINVAL. */
long sys_getrandom(uintptr_t ubuf, size_t n, long flags)
{
    if ((flags & ~(long)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
        (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    n = MIN(n, (size_t)GETRANDOM_MAX - 4096);
    uint8_t chunk[GETRANDOM_CHUNK];
    size_t done = 0;
    while (done < n) {
        size_t k = MIN(n - done, sizeof chunk);
        random_bytes(chunk, k);
        if (copyout(ubuf + done, chunk, k) < 0)
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return (long)done;
}
