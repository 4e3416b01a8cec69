/* runner.c -- a small stand-in for weensy's testrun.c on Linux (see
 * host.h): each test in a forked child, its verdict from its exit status. */
#include "host.h"
#include <sys/resource.h>
#include <time.h>
#include <pthread.h>

const char *testrun_name = "?";
pid_t testrun_test_pid;

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(dst, src, c);
        dst[c] = 0;
    }
    return n;
}

noreturn void testrun_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[400];
    int n = snprintf(msg, sizeof msg, "fstests: %s FAILED: %s%s:%d: ", testrun_name,
                     getpid() == testrun_test_pid ? "" : "(a child) ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
    va_end(ap);
    strcat(msg, "\n");
    (void)!write(1, msg, strlen(msg));
    _exit(1);
}

void testrun_check_eq(const char *file, int line, const char *expr, long got, long want)
{
    if (got != want)
        testrun_fail(file, line, "%s: got %ld, want %ld", expr, got, want);
}

const char *testrun_status(int status, char buf[32])
{
    if (WIFEXITED(status))
        snprintf(buf, 32, "exit %d", WEXITSTATUS(status));
    else
        snprintf(buf, 32, "signal %d", WTERMSIG(status));
    return buf;
}

void testrun_msleep(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

pid_t testrun_fork(const char *file, int line)
{
    pid_t pid = fork();
    if (pid < 0)
        testrun_fail(file, line, "fork: %s", strerror(errno));
    return pid;
}

int testrun_wait(const char *file, int line, pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) != pid)
        testrun_fail(file, line, "waitpid(%d): %s", pid, strerror(errno));
    return status;
}

void testrun_expect(const char *file, int line, pid_t pid, int exited, int value)
{
    char s[32];
    int status = testrun_wait(file, line, pid);
    if (exited && !(WIFEXITED(status) && WEXITSTATUS(status) == value))
        testrun_fail(file, line, "pid %d: %s, want exit %d", pid, testrun_status(status, s), value);
    if (!exited && !(WIFSIGNALED(status) && WTERMSIG(status) == value))
        testrun_fail(file, line, "pid %d: %s, want signal %d", pid, testrun_status(status, s), value);
}

struct host_thread {
    pthread_t t;
};

thread_t thread_create(void *(*fn)(void *), void *arg, size_t stack_size)
{
    (void)stack_size;
    thread_t t = malloc(sizeof(*t));
    if (t && (errno = pthread_create(&t->t, NULL, fn, arg)) != 0) {
        free(t);
        t = NULL;
    }
    return t;
}

int thread_join(thread_t t, void **result)
{
    int err = pthread_join(t->t, result);
    free(t);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

static int run_one(const struct testrun_case *t)
{
    testrun_name = t->name;
    pid_t pid = fork();
    if (pid == 0) {
        testrun_test_pid = getpid();
        t->fn();
        exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok)
        printf("fstests: %s ok\n", t->name);
    else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 1))
        printf("fstests: %s FAILED: ended with status 0x%x\n", t->name, status);
    fflush(stdout);
    return ok;
}

int testrun_main(const struct testrun *r, int argc, char **argv)
{
    /* weensy's descriptor table holds 256 (fs/fdtable.h): so does ours. */
    struct rlimit rl = { 256, 256 };
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        perror("setrlimit");
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_DFL);
    if (r->runner_setup)
        r->runner_setup();
    int passed = 0, failed = 0;
    for (int i = 0; i < r->ntests; i++) {
        int want = argc <= 1;
        for (int j = 1; j < argc; j++)
            want |= strcmp(argv[j], r->tests[i].name) == 0;
        if (want)
            run_one(&r->tests[i]) ? passed++ : failed++;
    }
    printf("fstests: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
