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

/* The threads of a process are one /proc/PID: Threads counts them, and
 * /proc/self in any of them is the process. */
static volatile int thread_go;

static void *thread_body(void *arg)
{
    (void)arg;
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
    thread_go = 2;
    CHECK_EQ(thread_join(t, 0), 0);
    read_file("/proc/self/status", text, 4096);
    CHECK(find_line(text, "Threads:\t1\n") != 0);
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
    char path[32];
    snprintf(path, sizeof(path), "/proc/%s", me);
    CHECK(dir_has(path, "stat"));
}

