/* host.h -- what fstests (and fdcheck) take from weensy's user library,
 * from glibc instead, so the same tests build and run on Linux: the check
 * of their expectations (linux/run). Not part of weensy's build (the
 * build takes only the *.c files directly in bin/fstests/). */
#ifndef FSTESTS_LINUX_HOST_H
#define FSTESTS_LINUX_HOST_H
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>

/* weensy's include/weensy/fs.h names that glibc spells otherwise. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};
#define INITRDFS_MAGIC 0x75737461
#ifndef ST_RDONLY
#define ST_RDONLY 1
#endif
#ifndef NAME_MAX
#define NAME_MAX 255
#endif
size_t strlcpy(char *dst, const char *src, size_t size);

/* testrun.h, as much of it as fstests uses. */
struct testrun_case {
    const char *name;
    void (*fn)(void);
    int (*init_fn)(void);
    int timeout_s;
    const char *what;
};
struct testrun {
    const char *prog;
    const struct testrun_case *tests;
    int ntests;
    const struct testrun_case *named;
    int nnamed;
    int sweep_grace;
    void (*runner_setup)(void);
    void (*child_setup)(void);
};
extern const char *testrun_name;
extern pid_t testrun_test_pid;
int testrun_main(const struct testrun *r, int argc, char **argv);
noreturn void testrun_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void testrun_check_eq(const char *file, int line, const char *expr, long got, long want);
const char *testrun_status(int status, char buf[32]);
void testrun_msleep(unsigned ms);
pid_t testrun_fork(const char *file, int line);
int testrun_wait(const char *file, int line, pid_t pid);
void testrun_expect(const char *file, int line, pid_t pid, int exited, int value);
#define FAIL(...) testrun_fail(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK(c)                                                   \
    do {                                                           \
        if (!(c))                                                  \
            testrun_fail(__FILE__, __LINE__, "CHECK(%s)", #c);     \
    } while (0)
#define CHECK_EQ(got, want) \
    testrun_check_eq(__FILE__, __LINE__, #got, (long)(got), (long)(want))
#define FORK() testrun_fork(__FILE__, __LINE__)
#define WAIT(pid) testrun_wait(__FILE__, __LINE__, (pid))
#define EXPECT_EXIT(pid, code) testrun_expect(__FILE__, __LINE__, (pid), 1, (code))
#define EXPECT_SIGNAL(pid, sig) testrun_expect(__FILE__, __LINE__, (pid), 0, (sig))

/* thread.h, as much of it as fstests uses, over pthreads (runner.c). */
typedef struct host_thread *thread_t;
thread_t thread_create(void *(*fn)(void *), void *arg, size_t stack_size);
int thread_join(thread_t t, void **result);
#endif
