/* exec_start.c -- what exec gives the new program (argv, envp, auxv on
 * its stack, checked by execprobe), what it keeps (pid, parent, children,
 * group) and frees (every page of the old image), a bss larger than
 * memory, and every program of the initrd run once.
 */
#include "ut.h"
#include "exec_test.h"
#include "dirclean.h"

/* ---- what the new program finds ------------------------------------------ */

/* check_args: exec execprobe's check mode with nextra self-describing
 * arguments of the given sizes (cycled) and nenv environment strings. */
static void check_args(const char *path, size_t nextra, const size_t *sizes, size_t nsizes, size_t nenv)
{
    size_t argc = 5 + nextra;
    char **argv = malloc((argc + 1) * sizeof(char *));
    char **envp = malloc((nenv + 1) * sizeof(char *));
    argv[0] = "execprobe";
    argv[1] = "check";
    argv[2] = exec_fmt_num((long)argc);
    argv[3] = exec_fmt_num((long)nenv);
    argv[4] = (char *)path;
    for (size_t i = 0; i < nextra; i++)
        argv[5 + i] = exec_selfdesc("a", sizes[i % nsizes]);
    argv[argc] = NULL;
    for (size_t i = 0; i < nenv; i++)
        envp[i] = exec_selfdesc("E", 8 + i % 40);
    envp[nenv] = NULL;
    exec_expect_ok(path, argv, envp);
    for (size_t i = 0; i < nextra; i++)
        free(argv[5 + i]);
    for (size_t i = 0; i < nenv; i++)
        free(envp[i]);
    free(argv[2]);
    free(argv[3]);
    free(argv);
    free(envp);
}

void test_exec_args(void)
{
    static const size_t small[] = { 8, 9, 15, 16, 17, 31 };
    static const size_t large[] = { 5000, 4096, 70000 };
    check_args(PROBE, 0, small, 1, 0);
    check_args(PROBE, 6, small, 6, 3);
    check_args("execprobe", 3, small, 6, 1);
    check_args("/bin/./execprobe", 3, small, 6, 1);
    check_args("/bin/..//bin///execprobe", 3, small, 6, 1);
    check_args(PROBE, 3, large, 3, 20);               /* strings across pages */
    check_args(PROBE, 2000, small, 6, 200);           /* many */
    /* Just under the limit: strings, pointers and the path all count. */
    size_t fixed = 5 * 8 + 40 + sizeof(PROBE);
    size_t each = 4000 + 1 + 8, n = (ARG_MAX_BYTES - fixed) / each - 1;
    size_t big[] = { 4000 };
    check_args(PROBE, n, big, 1, 0);
    /* No arguments at all: the program gets argc 1 and argv[0] "" (as
     * Linux 5.18 and later give it), which execprobe calls an unknown
     * mode (exit 2). */
    char *none[] = { NULL };
    int st = exec_run(PROBE, none, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    st = exec_run(PROBE, NULL, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
}

/* Two runs get different AT_RANDOM bytes. */
void test_exec_random(void)
{
    long key = 0x5eed0000 + getpid();
    long id = sys_shmget(key, PAGE_SIZE, IPC_CREAT | 0600);
    CHECK(id >= 0);
    long addr = sys_shmat(id, 0, 0);
    CHECK(addr > 0);
    unsigned char first[16];
    char *argv[] = { "execprobe", "random", exec_fmt_num(key), NULL };
    exec_expect_ok(PROBE, argv, NULL);
    memcpy(first, (void *)addr, 16);
    exec_expect_ok(PROBE, argv, NULL);
    CHECK(memcmp(first, (void *)addr, 16) != 0);
    int nonzero = 0;
    for (int i = 0; i < 16; i++)
        nonzero |= first[i];
    CHECK(nonzero);
    CHECK_EQ(sys_shmdt(addr), 0);   /* the last area: the segment goes (shm.h) */
}

/* ---- what exec keeps and frees ------------------------------------------ */

void test_exec_keeps(void)
{
    pid_t c = FORK();
    if (c == 0) {
        pid_t g = FORK();
        if (g == 0) {
            testrun_msleep(50);
            exit(7);
        }
        char *argv[] = { "execprobe", "child", exec_fmt_num(g), "7", NULL };
        sys_execve((long)PROBE, (long)argv, 0);
        exit(99);
    }
    EXPECT_EXIT(c, 0);
    c = FORK();
    if (c == 0) {
        char *argv[] = { "execprobe", "ids", exec_fmt_num(getpid()), exec_fmt_num(getppid()),
                         exec_fmt_num(getpgid(0)), NULL };
        sys_execve((long)PROBE, (long)argv, 0);
        exit(99);
    }
    EXPECT_EXIT(c, 0);
}

/* A program whose bss is larger than memory starts and costs only what
 * it touches (bigbss, userland/tests). */
void test_exec_bigbss(void)
{
    struct weensy_meminfo m0, m1;
    CHECK_EQ(meminfo(&m0), 0);
    char *argv[] = { "bigbss", NULL };
    exec_expect_ok("/bin/bigbss", argv, NULL);
    CHECK_EQ(meminfo(&m1), 0);
    /* Its first run keeps its read-only pages in the program cache. */
    CHECK_EQ(m1.free + m1.program_cache, m0.free + m0.program_cache);
}

/* A process holding many pages execs: they are all free before the new
 * program's first instruction. */
void test_exec_frees(void)
{
    const int npages = 400;
    long before = page_count();
    pid_t c = FORK();
    if (c == 0) {
        for (int i = 0; i < npages; i++)
            CHECK_EQ(sys_page_alloc(SCRATCH + (uintptr_t)i * PAGE_SIZE), 0);
        CHECK(page_count() <= before - npages);
        char *argv[] = { "execprobe", "free", exec_fmt_num(before - 60), NULL };
        sys_execve((long)PROBE, (long)argv, 0);
        exit(99);
    }
    EXPECT_EXIT(c, 0);
}

/* ---- every program -------------------------------------------------------- */

/* exec_one: exec /bin/name in a child in a process group of its own; true
 * if exec succeeded (the child's name changed, or it ran and ended with
 * anything but a failed exec's 100 + errno). The program runs a moment,
 * until ps shows its name, then its whole group is killed: whatever it
 * started goes with it. */
static bool exec_one(const char *name, int *err)
{
    pid_t c = FORK();
    if (c == 0) {
        sys_setpgid(0, 0);
        char path[80];
        snprintf(path, sizeof path, "/bin/%s", name);
        char *argv[] = { (char *)name, NULL };
        long r = sys_execve((long)path, (long)argv, 0);
        exit(100 + (int)-r);
    }
    sys_setpgid(c, c);
    int status = 0;
    *err = 0;
    for (int i = 0; i < 5000; i++) {
        struct weensy_procinfo r;
        if (sys_wait4(c, (long)&status, WNOHANG, 0) == c) {
            if (WIFEXITED(status) && WEXITSTATUS(status) > 100 && WEXITSTATUS(status) < 140)
                *err = WEXITSTATUS(status) - 100;
            return *err == 0;
        }
        struct weensy_procinfo list[NPROC_MAX_SEEN];
        long n = procs(list, NPROC_MAX_SEEN);
        for (long k = 0; k < n; k++)
            if (list[k].pid == c && strncmp(list[k].name, name, sizeof r.name - 1) == 0) {
                sys_kill(-c, SIGKILL);
                WAIT(c);
                return true;
            }
        sched_yield();
    }
    FAIL("exec /bin/%s: the child neither ran the program nor ended", name);
}

/* A program killed a moment after its start (fstests, mmapfile, fuzz's
 * workers) may leave files in /tmp, whose pages the runner's page count
 * would take for a leak (or a later test's count for pages it freed): what
 * was not in /tmp before the test goes after each program. */
static struct dirnames tmp_before;

static bool tmp_was_there(const char *name, void *arg)
{
    (void)arg;
    return !tmp_before.all || dirnames_has(&tmp_before, name);
}

void test_exec_all(void)
{
    static struct weensy_program list[128];
    long n = programs(list, 128);
    CHECK(n > 5 && n <= 128);
    CHECK_EQ(dirnames_read("/tmp", &tmp_before), 0);
    int ran = 0;
    for (long i = 0; i < n; i++) {
        int err;
        bool ok = exec_one(list[i].name, &err);
        if (!dirclean("/tmp", tmp_was_there, NULL, "usertests: exec_all"))
            FAIL("/tmp: what /bin/%s left could not be removed", list[i].name);
        if (strcmp(list[i].name, "README") == 0) {
            if (ok || err != ENOEXEC)
                FAIL("exec README: want ENOEXEC, got %d", err);
            continue;
        }
        if (!ok)
            FAIL("exec /bin/%s failed with errno %d", list[i].name, err);
        ran++;
    }
    printf("usertests: exec_all: %d programs started\n", ran);
}
