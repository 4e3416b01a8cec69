/* procs.c -- proctest's tests of /proc's processes: a child, a zombie,
 * threads, and the listings. */
#include "pt.h"

/* The child of test_child: sleeps until killed. */
static noreturn void sleeper(void)
{
    for (;;)
        sleep_ms(1000);
}

void test_child(void)
{
    pid_t me = getpid();
    pid_t kid = FORK();
    if (kid == 0)
        sleeper();
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", kid);
    read_file(path, text, 4096);
    char want[64];
    CHECK(find_line(text, "Name:\tproctest\n") != 0);
    snprintf(want, sizeof(want), "PPid:\t%d\n", me);
    if (!find_line(text, want))
        FAIL("no '%s' in:\n%s", want, text);
    snprintf(want, sizeof(want), "Pid:\t%d\n", kid);
    CHECK(find_line(text, want) != 0);
    snprintf(want, sizeof(want), "Tgid:\t%d\n", kid);
    CHECK(find_line(text, want) != 0);
    CHECK(find_line(text, "State:\tS (sleeping)\n") || find_line(text, "State:\tR (running)\n"));
    CHECK(find_line(text, "Threads:\t1\n") != 0);
    CHECK(find_line(text, "VmSize:\t") != 0 && find_line(text, "VmRSS:\t") != 0);

    snprintf(path, sizeof(path), "/proc/%d/stat", kid);
    read_file(path, text, 4096);
    snprintf(want, sizeof(want), "%d (proctest) ", kid);
    CHECK(strncmp(text, want, strlen(want)) == 0);
    char *p = text + strlen(want) + 1;
    CHECK(*p == ' ');
    CHECK_EQ(strtol(p + 1, &p, 10), me);            /* field 4: ppid */
    int fields = 0;
    for (const char *c = text; *c; c++)
        fields += *c == ' ';
    CHECK_EQ(fields + 1, 52);

    CHECK_EQ(kill(kid, SIGKILL), 0);
    EXPECT_SIGNAL(kid, SIGKILL);
    CHECK_EQ(open_ro(path), -ENOENT);               /* reaped: gone from /proc */
}

/* A child that has exited and is not reaped yet: a zombie, shown until it
 * is, with no memory (no Vm lines, empty maps), as on Linux. */
void test_zombie(void)
{
    pid_t kid = FORK();
    if (kid == 0)
        exit(7);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", kid);
    for (int tries = 0;; tries++) {
        read_file(path, text, 4096);
        if (find_line(text, "State:\tZ (zombie)\n"))
            break;
        CHECK(tries < 200);
        testrun_msleep(10);
    }
    CHECK(find_line(text, "Name:\tproctest\n") != 0);
    CHECK(find_line(text, "VmSize:") == 0 && find_line(text, "VmRSS:") == 0);
    snprintf(path, sizeof(path), "/proc/%d/maps", kid);
    CHECK_EQ(read_file(path, text, 4096), 0);
    snprintf(path, sizeof(path), "/proc/%d/stat", kid);
    read_file(path, text, 4096);
    char want[32];
    snprintf(want, sizeof(want), "%d (proctest) Z %d ", kid, getpid());
    CHECK(strncmp(text, want, strlen(want)) == 0);
    EXPECT_EXIT(kid, 7);
    CHECK_EQ(open_ro(path), -ENOENT);
}

/* The threads of a process are one /proc/PID: Threads counts them,
 * /proc/self in any of them is the process, and /proc/PID/task has a
 * directory for each of them, gone once the thread has ended. */
static volatile int thread_go;
static volatile int thread_tid;

static void *thread_body(void *arg)
{
    (void)arg;
    thread_tid = gettid();
    read_file("/proc/self/status", text2, 4096);
    thread_go = 1;
    while (thread_go != 2)
        sleep_ms(5);
    return 0;
}

void test_threads(void)
{
    thread_t t = thread_create(thread_body, 0, 0);
    CHECK(t != 0);
    while (thread_go != 1)
        sleep_ms(5);
    char want[32];
    snprintf(want, sizeof(want), "Pid:\t%d\n", getpid());
    if (!find_line(text2, want) || !find_line(text2, "Threads:\t2\n"))
        FAIL("the thread's /proc/self/status:\n%s", text2);
    read_file("/proc/self/status", text, 4096);
    CHECK(find_line(text, want) != 0 && find_line(text, "Threads:\t2\n") != 0);

    int tid = thread_tid;
    char name[16], path[64];
    CHECK(tid != getpid());
    snprintf(name, sizeof(name), "%d", tid);
    CHECK(dir_has("/proc/self/task", name));
    snprintf(name, sizeof(name), "%d", getpid());
    CHECK(dir_has("/proc/self/task", name));        /* the leader too, as on Linux */
    snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
    CHECK(dir_has(path, "stat") && dir_has(path, "status"));
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    read_file(path, text, 4096);
    snprintf(want, sizeof(want), "%d (proctest) ", tid);
    if (strncmp(text, want, strlen(want)) != 0)
        FAIL("%s: %s", path, text);
    snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
    read_file(path, text, 4096);
    snprintf(want, sizeof(want), "Pid:\t%d\n", tid);
    CHECK(find_line(text, want) != 0);
    snprintf(want, sizeof(want), "Tgid:\t%d\n", getpid());
    CHECK(find_line(text, want) != 0);

    thread_go = 2;
    CHECK_EQ(thread_join(t, 0), 0);
    /* join returns when the thread's tid word is cleared, which its exit
     * does before it leaves the group (as on Linux): the count follows
     * within moments. */
    bool one = false;
    for (int ms = 0; !one && ms < 2000; ms += 5) {
        read_file("/proc/self/status", text, 4096);
        one = find_line(text, "Threads:\t1\n") != 0;
        if (!one)
            sleep_ms(5);
    }
    CHECK(one);
    /* thread_join may return before the thread's slot is let go: wait. */
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    for (int tries = 0; open_ro(path) != -ENOENT; tries++) {
        CHECK(tries < 200);
        testrun_msleep(10);
    }
    snprintf(name, sizeof(name), "%d", tid);
    CHECK(!dir_has("/proc/self/task", name));
    snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
    CHECK_EQ(sys_open((long)path, O_RDONLY | O_DIRECTORY, 0), -ENOENT);
}

/* /proc/PID/cmdline: the arguments, each ended by a NUL (an empty one
 * too), and task/ of a program with two threads, until it is killed. */
void test_cmdline(void)
{
    static const char want[] = "spin\0\0" "2";    /* and the last NUL */
    pid_t kid = FORK();
    if (kid == 0) {
        char *argv[] = { "spin", "", "2", 0 };       /* mark "": spin prints no dots */
        execv("/bin/spin", argv);
        exit(99);
    }
    char path[64], name[16];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", kid);
    long len;
    for (int tries = 0; (len = read_file(path, text, 4096)) != sizeof(want) || memcmp(text, want, sizeof(want));
         tries++) {
        CHECK(tries < 200);                           /* until it has exec'd */
        testrun_msleep(10);
    }
    snprintf(path, sizeof(path), "/proc/%d/status", kid);
    for (int tries = 0; read_file(path, text, 4096), !find_line(text, "Threads:\t2\n"); tries++) {
        CHECK(tries < 200);
        testrun_msleep(10);
    }
    /* The other thread: the one task/ lists that is not kid. */
    snprintf(path, sizeof(path), "/proc/%d/task", kid);
    snprintf(name, sizeof(name), "%d", kid);
    CHECK(dir_has(path, name));
    int other = 0;
    for (int tid = kid + 1; tid < kid + 64 && !other; tid++) {
        snprintf(name, sizeof(name), "%d", tid);
        if (dir_has(path, name))
            other = tid;
    }
    CHECK(other != 0);
    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", kid, other);
    read_file(path, text, 4096);
    char line[64];
    snprintf(line, sizeof(line), "%d (spin) R %d ", other, getpid());
    if (strncmp(text, line, strlen(line)) != 0)
        FAIL("%s: %s", path, text);
    snprintf(path, sizeof(path), "/proc/%d/task/%d", kid, other);
    long dirfd = sys_open((long)path, O_RDONLY | O_DIRECTORY, 0);   /* held past the thread's end */
    CHECK(dirfd >= 0);
    snprintf(path, sizeof(path), "/proc/%d/task/%d/nope", kid, other);
    CHECK_EQ(open_ro(path), -ENOENT);
    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", other, other);
    CHECK_EQ(open_ro(path), -ENOENT);               /* a thread is no process */

    CHECK_EQ(kill(kid, SIGKILL), 0);
    EXPECT_SIGNAL(kid, SIGKILL);
    CHECK_EQ(sys_openat(dirfd, (long)"stat", O_RDONLY, 0), -ENOENT);
    CHECK_EQ(sys_close(dirfd), 0);
    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", kid, other);
    CHECK_EQ(open_ro(path), -ENOENT);
    snprintf(path, sizeof(path), "/proc/%d/cmdline", kid);
    CHECK_EQ(open_ro(path), -ENOENT);
}


void test_list(void)
{
    char me[16];
    snprintf(me, sizeof(me), "%d", getpid());
    CHECK(dir_has("/proc", me));
    CHECK(dir_has("/proc", "self"));
    CHECK(dir_has("/proc", "meminfo"));
    snprintf(me, sizeof(me), "%d", testrun_runner_pid);
    CHECK(dir_has("/proc", me));                    /* the runner */
    CHECK(!dir_has("/proc", "99999"));
    CHECK(dir_has("/proc/self", "maps"));
    CHECK(dir_has("/proc/self", "status"));
    CHECK(dir_has("/proc/self", "cmdline"));
    CHECK(dir_has("/proc/self", "task"));
    char path[32];
    snprintf(path, sizeof(path), "/proc/%s", me);
    CHECK(dir_has(path, "stat"));
}

