/* unistd.c -- libc-style wrappers over the raw sys_* calls: -1 and errno
 * on failure. */
#include "unistd.h"
#include "thread.h"

/* ret: pass a raw result through, or turn -E... into errno and -1. Like
 * Linux, only -4095..-1 are errors, so large results survive. */
static long ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

ssize_t read(int fd, void *buf, size_t n)
{
    return ret(sys_read(fd, (long)buf, (long)n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
    return ret(sys_write(fd, (long)buf, (long)n));
}

pid_t getpid(void) { return (pid_t)ret(sys_getpid()); }
pid_t getppid(void) { return (pid_t)ret(sys_getppid()); }
int sched_yield(void) { return (int)ret(sys_sched_yield()); }
pid_t fork(void)
{
    pid_t pid = (pid_t)ret(sys_fork());
    if (pid == 0)
        thread_self()->tid = gettid();   /* the child's one thread */
    return pid;
}

noreturn void exit(int status)
{
    /* There are no stdio buffers to flush: printf writes before returning.
     * Every thread ends, as with any libc's exit. */
    for (;;)
        sys_exit_group(status);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    return (pid_t)ret(sys_wait4(pid, (long)status, options, 0));
}

int kill(pid_t pid, int sig)
{
    return (int)ret(sys_kill(pid, sig));
}

char **environ;

int execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)ret(sys_execve((long)path, (long)argv, (long)envp));
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

int reboot(long cmd)
{
    return (int)ret(sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, cmd, 0));
}

int setpgid(pid_t pid, pid_t pgid) { return (int)ret(sys_setpgid(pid, pgid)); }
pid_t getpgid(pid_t pid) { return (pid_t)ret(sys_getpgid(pid)); }
pid_t getpgrp(void) { return (pid_t)ret(sys_getpgrp()); }

int ioctl(int fd, unsigned long request, void *arg)
{
    return (int)ret(sys_ioctl(fd, (long)request, (long)arg));
}

long procs(struct weensy_procinfo *buf, size_t n)
{
    return ret(sys_procs((long)buf, (long)n, sizeof(*buf)));
}

int meminfo(struct weensy_meminfo *info)
{
    return (int)ret(sys_meminfo((long)info, sizeof(*info)));
}

long programs(struct weensy_program *buf, size_t n)
{
    return ret(sys_programs((long)buf, (long)n, sizeof(*buf)));
}

int viewer(int how) { return (int)ret(sys_viewer(how)); }

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)ret(sys_nanosleep((long)req, (long)rem));
}

unsigned sleep_ms(unsigned ms)
{
    struct timespec req = { ms / 1000, (long)(ms % 1000) * 1000000 };
    struct timespec rem = { 0, 0 };
    if (nanosleep(&req, &rem) == 0)
        return 0;
    if (errno != EINTR)
        return ms;
    return (unsigned)(rem.tv_sec * 1000 + (rem.tv_nsec + 999999) / 1000000);
}

int page_alloc(void *addr) { return (int)ret(sys_page_alloc((long)addr)); }

noreturn void test_exit(int pass)
{
    sys_test_exit(pass ? 1 : 0);
    /* Only reached if the kernel refused: fall back to a plain exit. */
    exit(pass ? 0 : 1);
}

long page_count(void) { return ret(sys_page_count()); }
int mm_check(void) { return (int)ret(sys_mm_check()); }
long virt_to_phys(const void *va) { return ret(sys_virt_to_phys((long)va)); }
long page_refs(const void *va) { return ret(sys_page_refs((long)va)); }
