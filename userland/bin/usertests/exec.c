/* exec.c -- execve (docs/processes.md): every error leaves the caller as it
 * was; what the new program finds on its stack; what exec keeps (pid,
 * parent, children, process group) and what it frees (every page of the
 * old image). The program exec'd is execprobe (userland/tests), which
 * checks what it was given and answers with its exit status.
 */
#include "ut.h"

#ifndef IPC_CREAT
#define IPC_CREAT 01000
#endif
#define PROBE "/bin/execprobe"
#define ARG_MAX_BYTES (256 * 1024)      /* EXEC_ARG_MAX in proc/exec.h */

long regs_syscall_probe(long nr, long seed);

/* ---- helpers ----------------------------------------------------------- */

static char *fmt_num(long v)
{
    char *s = malloc(24);
    CHECK(s != NULL);
    snprintf(s, 24, "%ld", v);
    return s;
}

/* selfdesc: a string that describes itself, "<tag>:<len>:xxx" of len
 * bytes, as execprobe's check mode expects. */
static char *selfdesc(const char *tag, size_t len)
{
    char *s = malloc(len + 1);
    CHECK(s != NULL);
    int n = snprintf(s, len + 1, "%s:%lu:", tag, (unsigned long)len);
    CHECK(n > 0 && (size_t)n <= len);
    memset(s + n, 'x', len - (size_t)n);
    s[len] = 0;
    return s;
}

/* run: fork a child that execs path with argv/envp (raw pointers, so tests
 * can hand over bad ones); its wait status. A failed exec exits 100 + the
 * error number. */
static int run(const char *path, char *const argv[], char *const envp[])
{
    pid_t pid = FORK();
    if (pid == 0) {
        long r = sys_execve((long)path, (long)argv, (long)envp);
        exit(100 + (int)-r);
    }
    return WAIT(pid);
}

static void expect_ok(const char *path, char *const argv[], char *const envp[])
{
    char v[32];
    int st = run(path, argv, envp);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("exec %s %s ...: %s", path, argv && argv[0] ? argv[1] : "", testrun_status(st, v));
}

/* expect_err: execve fails with -want, in this very process, and leaves
 * the free-page count as it was. */
static void expect_err(const char *what, long path, long argv, long envp, long want)
{
    char v[48], w[48];
    long before = page_count();
    long r = sys_execve(path, argv, envp);
    if (r != -want)
        FAIL("execve(%s): got %s, want %s", what, testrun_val(r, v), testrun_val(-want, w));
    CHECK_EQ(page_count(), before);
}

/* ---- errors -------------------------------------------------------------- */

static char *const one_arg[] = { "x", NULL };

static void errors_path(void)
{
    static const struct { const char *path; long err; } cases[] = {
        { "/bin/nosuch", ENOENT }, { "nosuch", ENOENT }, { "/usr/bin/execprobe", ENOENT },
        { "", ENOENT }, { "/nosuch/../bin/execprobe", ENOENT },
        { "/bin/execprobe/x", ENOTDIR }, { "execprobe/", ENOTDIR }, { "/bin/execprobe/..", ENOTDIR },
        { "/bin", EACCES }, { "/", EACCES }, { "/bin/", EACCES }, { ".", EACCES }, { "..", EACCES },
        { "README", ENOEXEC }, { "/bin/README", ENOEXEC },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_err(cases[i].path, (long)cases[i].path, (long)one_arg, 0, cases[i].err);
    char *name = selfdesc("n", 300);          /* one name past NAME_MAX */
    char *path = malloc(400);
    snprintf(path, 400, "/bin/%s", name);
    expect_err("a 300-byte name", (long)path, (long)one_arg, 0, ENAMETOOLONG);
    char *longp = malloc(5000);               /* no NUL within PATH_MAX */
    memset(longp, '/', 4999);
    longp[4999] = 0;
    expect_err("a 4999-byte path", (long)longp, (long)one_arg, 0, ENAMETOOLONG);
}

/* The longest path that fits (4095 bytes and its NUL) works. */
static void errors_path_max(void)
{
    char *p = malloc(4200);
    memcpy(p, "/bin", 4);
    size_t n = 4;
    while (n + 2 + strlen("/execprobe") <= 4095) {
        memcpy(p + n, "/.", 2);
        n += 2;
    }
    while (n + strlen("/execprobe") < 4095)
        p[n++] = '/';
    strlcpy(p + n, "/execprobe", 4200 - n);
    CHECK_EQ(strlen(p), 4095);
    char *argv[] = { "execprobe", "exit", "0", NULL };
    expect_ok(p, argv, NULL);
    p[n] = '/';                                /* 4096 bytes: too long */
    strlcpy(p + n + 1, "/execprobe", 4200 - n - 1);
    expect_err("a 4096-byte path", (long)p, (long)argv, 0, ENAMETOOLONG);
}

/* Bytes at the very top of the user half, no NUL before the kernel's. */
static uintptr_t string_into_kernel_half(void)
{
    volatile char *top = (volatile char *)(USER_STACK_TOP - 16);
    for (int i = 0; i < 16; i++)
        top[i] = 'k';
    return (uintptr_t)top;
}

static void errors_fault(void)
{
    static const uintptr_t bad[] = { 0, UNMAPPED_ADDR, KIMAGE_ADDR, DMAP_ADDR, NONCANON_ADDR, ~0UL };
    uintptr_t edge = string_into_kernel_half();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_err("a bad path", (long)bad[i], (long)one_arg, 0, EFAULT);
        if (bad[i]) {
            expect_err("a bad argv", (long)PROBE, (long)bad[i], 0, EFAULT);
            expect_err("a bad envp", (long)PROBE, (long)one_arg, (long)bad[i], EFAULT);
        }
        char *vec[] = { "x", (char *)bad[i], NULL };
        if (bad[i]) {
            expect_err("a bad argv[1]", (long)PROBE, (long)vec, 0, EFAULT);
            expect_err("a bad envp[1]", (long)PROBE, (long)one_arg, (long)vec, EFAULT);
        }
    }
    expect_err("a path into the kernel half", (long)edge, (long)one_arg, 0, EFAULT);
    char *cross[] = { (char *)edge, NULL };
    expect_err("an argv string into the kernel half", (long)PROBE, (long)cross, 0, EFAULT);
    expect_err("an envp string into the kernel half", (long)PROBE, (long)one_arg, (long)cross, EFAULT);
    /* A vector with no NULL, running into unmapped memory. */
    uintptr_t page = SCRATCH + 0x40000;
    CHECK_EQ(sys_page_alloc(page), 0);
    char **vec = (char **)page;
    for (size_t i = 0; i < PAGE_SIZE / sizeof(char *); i++)
        vec[i] = "x";
    expect_err("an unterminated argv", (long)PROBE, (long)vec, 0, EFAULT);
    expect_err("an unterminated envp", (long)PROBE, (long)one_arg, (long)vec, EFAULT);
    CHECK_EQ(sys_munmap(page, PAGE_SIZE), 0);
}

static void errors_big(void)
{
    char *s = selfdesc("big", 4000);
    size_t n = ARG_MAX_BYTES / 4000 + 2;
    char **vec = malloc((n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        vec[i] = s;
    vec[n] = NULL;
    expect_err("argv past the limit", (long)PROBE, (long)vec, 0, E2BIG);
    expect_err("envp past the limit", (long)PROBE, (long)one_arg, (long)vec, E2BIG);
    /* Empty strings: 9 bytes each, pointer included. */
    size_t m = ARG_MAX_BYTES / 9 + 10;
    char **many = malloc((m + 1) * sizeof(char *));
    for (size_t i = 0; i < m; i++)
        many[i] = "";
    many[m] = NULL;
    expect_err("too many arguments", (long)PROBE, (long)many, 0, E2BIG);
    free(many);
    free(vec);
}

/* A failed exec changes no register but rax, rcx, r11 (regs.asm loads rdi
 * from the seed: choose seeds that make rdi a real path). */
static void errors_regs(void)
{
    static const char *paths[] = { "/bin/nosuch", "README", "/bin" };
    const long k_rdi = 6 * 0x0101010101010101L;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        long r = regs_syscall_probe(SYS_execve, (long)paths[i] ^ k_rdi);
        if (r != 0)
            FAIL("a failed exec of %s changed register %ld", paths[i], r);
    }
    CHECK_EQ(regs_syscall_probe(SYS_execve, 0x5eed), 0);   /* EFAULT path */
}

void test_exec_errors(void)
{
    static volatile long canary[4] = { 1, 2, 3, 4 };
    char *heap = malloc(64);
    strlcpy(heap, "still here", 64);
    char *argv[] = { "execprobe", "exit", "0", NULL };
    expect_ok(PROBE, argv, NULL);              /* the program cache holds it now */
    errors_path();
    errors_path_max();
    errors_fault();
    errors_big();
    errors_regs();
    for (int i = 0; i < 4; i++)
        CHECK_EQ(canary[i], i + 1);
    CHECK(strcmp(heap, "still here") == 0);
}

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
    argv[2] = fmt_num((long)argc);
    argv[3] = fmt_num((long)nenv);
    argv[4] = (char *)path;
    for (size_t i = 0; i < nextra; i++)
        argv[5 + i] = selfdesc("a", sizes[i % nsizes]);
    argv[argc] = NULL;
    for (size_t i = 0; i < nenv; i++)
        envp[i] = selfdesc("E", 8 + i % 40);
    envp[nenv] = NULL;
    expect_ok(path, argv, envp);
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
    int st = run(PROBE, none, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    st = run(PROBE, NULL, NULL);
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
    char *argv[] = { "execprobe", "random", fmt_num(key), NULL };
    expect_ok(PROBE, argv, NULL);
    memcpy(first, (void *)addr, 16);
    expect_ok(PROBE, argv, NULL);
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
        char *argv[] = { "execprobe", "child", fmt_num(g), "7", NULL };
        sys_execve((long)PROBE, (long)argv, 0);
        exit(99);
    }
    EXPECT_EXIT(c, 0);
    c = FORK();
    if (c == 0) {
        char *argv[] = { "execprobe", "ids", fmt_num(getpid()), fmt_num(getppid()),
                         fmt_num(getpgid(0)), NULL };
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
    expect_ok("/bin/bigbss", argv, NULL);
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
        char *argv[] = { "execprobe", "free", fmt_num(before - 60), NULL };
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

void test_exec_all(void)
{
    static struct weensy_program list[128];
    long n = programs(list, 128);
    CHECK(n > 5 && n <= 128);
    int ran = 0;
    for (long i = 0; i < n; i++) {
        int err;
        bool ok = exec_one(list[i].name, &err);
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
