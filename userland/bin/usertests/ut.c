/* ut.c -- the usertests helpers: failure reports, value and status text,
 * fork and wait wrappers that fail the test on a surprise, sleeping. */
#include "ut.h"

const char *ut_name = "?";
pid_t ut_runner_pid;
pid_t ut_test_pid;
int ut_argc;
char **ut_argv, **ut_envp;

noreturn void ut_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[320];
    int n;
    if (getpid() == ut_test_pid)
        n = snprintf(msg, sizeof msg, "usertests: %s FAILED: %s:%d: ", ut_name,
                     file, line);
    else
        n = snprintf(msg, sizeof msg, "usertests: %s FAILED: (pid %d) %s:%d: ",
                     ut_name, getpid(), file, line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof msg - 2)
        n += vsnprintf(msg + n, sizeof msg - 1 - (size_t)n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof msg - 2)
        n = (int)sizeof msg - 2;
    msg[n++] = '\n';
    write(STDOUT_FILENO, msg, (size_t)n);   /* one write: one line */
    exit(1);
}

static const char *const errnames[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
    [EINTR] = "EINTR", [EIO] = "EIO", [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES",
    [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
    [EINVAL] = "EINVAL", [ERANGE] = "ERANGE", [ENOSYS] = "ENOSYS",
};

const char *ut_val(long v, char buf[48])
{
    long e = -v;
    if (e > 0 && e < (long)(sizeof errnames / sizeof errnames[0]) &&
        errnames[e])
        snprintf(buf, 48, "%ld (-%s)", v, errnames[e]);
    else if (v > 9 || v < -9)
        snprintf(buf, 48, "%ld (0x%lx)", v, v);
    else
        snprintf(buf, 48, "%ld", v);
    return buf;
}

const char *ut_status(int status, char buf[32])
{
    if (WIFEXITED(status))
        snprintf(buf, 32, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, 32, "signal %d", WTERMSIG(status));
    else
        snprintf(buf, 32, "status 0x%x", status);
    return buf;
}

void ut_check_eq(const char *file, int line, const char *expr, long got,
                 long want)
{
    char g[48], w[48];
    if (got != want)
        ut_fail(file, line, "%s: got %s, want %s", expr, ut_val(got, g),
                ut_val(want, w));
}

pid_t ut_fork(const char *file, int line)
{
    char v[48];
    long r = sys_fork();
    if (r < 0)
        ut_fail(file, line, "fork: %s", ut_val(r, v));
    return (pid_t)r;
}

int ut_wait(const char *file, int line, pid_t pid)
{
    char v[48];
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        ut_fail(file, line, "wait4(%d): got %s", pid, ut_val(r, v));
    return status;
}

void ut_expect(const char *file, int line, pid_t pid, int exited, int value)
{
    char s[32];
    int status = ut_wait(file, line, pid);
    if (exited && !(WIFEXITED(status) && WEXITSTATUS(status) == value))
        ut_fail(file, line, "pid %d: %s, want exit %d", pid,
                ut_status(status, s), value);
    if (!exited && !(WIFSIGNALED(status) && WTERMSIG(status) == value))
        ut_fail(file, line, "pid %d: %s, want signal %d", pid,
                ut_status(status, s), value);
}

int ut_reap_within(pid_t pid, unsigned ms, int *status)
{
    char v[48];
    for (unsigned waited = 0;; waited += 10) {
        long r = sys_wait4(pid, (long)status, WNOHANG, 0);
        if (r == pid)
            return 1;
        if (r != 0)
            FAIL("wait4(%d, WNOHANG): got %s", pid, ut_val(r, v));
        if (waited >= ms)
            return 0;
        ut_msleep(10);
    }
}

long ut_zombie_pages(long before)
{
    for (int n = 0; before - page_count() > (long)KSTACK_PAGES && n < 200; n++)
        ut_msleep(10);
    ut_msleep(20);      /* and a little longer, should it free more */
    return before - page_count();
}

static void touch(uintptr_t page)
{
    volatile unsigned char *p = (volatile unsigned char *)page;
    *p = *p;
}

void ut_prefault(void)
{
    extern char _data[], _end[];
    for (uintptr_t a = (uintptr_t)_data; a < (uintptr_t)_end; a += PAGE_SIZE)
        touch(a);
    for (uintptr_t a = (uintptr_t)_end; sys_virt_to_phys((long)a) >= 0;
         a += PAGE_SIZE)
        touch(a);
    uintptr_t low = PAGE_ALIGN_DOWN(__builtin_frame_address(0)) - 4 * PAGE_SIZE;
    for (uintptr_t a = USER_STACK_TOP - PAGE_SIZE; a >= low; a -= PAGE_SIZE)
        touch(a);
}

noreturn void ut_spin_forever(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");
}

noreturn void ut_sleep_forever(void)
{
    for (;;)
        sys_nanosleep((long)&(struct timespec){ 1000, 0 }, 0);
}

void ut_msleep(unsigned ms)
{
    char v[48];
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    long r = sys_nanosleep((long)&ts, 0);
    if (r != 0)
        FAIL("nanosleep(%u ms): %s", ms, ut_val(r, v));
}

void ut_spin_loop(long n)
{
    for (long i = 0; i < n; i++)
        __asm__ volatile("" ::: "memory");
}
