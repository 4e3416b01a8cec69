/* exec.c -- execve (docs/processes.md), its errors: every one leaves the
 * caller as it was (registers, memory, the free-page count). The program
 * exec'd is execprobe (userland/tests), which checks what it was given and
 * answers with its exit status; exec_start.c has what a program finds, what
 * exec keeps and frees, and the run of every program.
 */
#include "ut.h"
#include "exec_test.h"

long regs_syscall_probe(long nr, long seed);

/* ---- helpers ----------------------------------------------------------- */

char *exec_fmt_num(long v)
{
    char *s = malloc(24);
    CHECK(s != NULL);
    snprintf(s, 24, "%ld", v);
    return s;
}

/* exec_selfdesc: a string that describes itself, "<tag>:<len>:xxx" of len
 * bytes, as execprobe's check mode expects. */
char *exec_selfdesc(const char *tag, size_t len)
{
    char *s = malloc(len + 1);
    CHECK(s != NULL);
    int n = snprintf(s, len + 1, "%s:%lu:", tag, (unsigned long)len);
    CHECK(n > 0 && (size_t)n <= len);
    memset(s + n, 'x', len - (size_t)n);
    s[len] = 0;
    return s;
}

/* exec_run: fork a child that execs path with argv/envp (raw pointers, so tests
 * can hand over bad ones); its wait status. A failed exec exits 100 + the
 * error number. */
int exec_run(const char *path, char *const argv[], char *const envp[])
{
    pid_t pid = FORK();
    if (pid == 0) {
        long r = sys_execve((long)path, (long)argv, (long)envp);
        exit(100 + (int)-r);
    }
    return WAIT(pid);
}

void exec_expect_ok(const char *path, char *const argv[], char *const envp[])
{
    char v[32];
    int st = exec_run(path, argv, envp);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("exec %s %s ...: %s", path, argv && argv[0] ? argv[1] : "", testrun_status(st, v));
}

/* exec_expect_err: execve fails with -want, in this very process, and leaves
 * the free-page count as it was. */
void exec_expect_err(const char *what, long path, long argv, long envp, long want)
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
        exec_expect_err(cases[i].path, (long)cases[i].path, (long)one_arg, 0, cases[i].err);
    char *name = exec_selfdesc("n", 300);          /* one name past NAME_MAX */
    char *path = malloc(400);
    snprintf(path, 400, "/bin/%s", name);
    exec_expect_err("a 300-byte name", (long)path, (long)one_arg, 0, ENAMETOOLONG);
    char *longp = malloc(5000);               /* no NUL within PATH_MAX */
    memset(longp, '/', 4999);
    longp[4999] = 0;
    exec_expect_err("a 4999-byte path", (long)longp, (long)one_arg, 0, ENAMETOOLONG);
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
    exec_expect_ok(p, argv, NULL);
    p[n] = '/';                                /* 4096 bytes: too long */
    strlcpy(p + n + 1, "/execprobe", 4200 - n - 1);
    exec_expect_err("a 4096-byte path", (long)p, (long)argv, 0, ENAMETOOLONG);
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
        exec_expect_err("a bad path", (long)bad[i], (long)one_arg, 0, EFAULT);
        if (bad[i]) {
            exec_expect_err("a bad argv", (long)PROBE, (long)bad[i], 0, EFAULT);
            exec_expect_err("a bad envp", (long)PROBE, (long)one_arg, (long)bad[i], EFAULT);
        }
        char *vec[] = { "x", (char *)bad[i], NULL };
        if (bad[i]) {
            exec_expect_err("a bad argv[1]", (long)PROBE, (long)vec, 0, EFAULT);
            exec_expect_err("a bad envp[1]", (long)PROBE, (long)one_arg, (long)vec, EFAULT);
        }
    }
    exec_expect_err("a path into the kernel half", (long)edge, (long)one_arg, 0, EFAULT);
    char *cross[] = { (char *)edge, NULL };
    exec_expect_err("an argv string into the kernel half", (long)PROBE, (long)cross, 0, EFAULT);
    exec_expect_err("an envp string into the kernel half", (long)PROBE, (long)one_arg, (long)cross, EFAULT);
    /* A vector with no NULL, running into unmapped memory. */
    uintptr_t page = SCRATCH + 0x40000;
    CHECK_EQ(sys_page_alloc(page), 0);
    char **vec = (char **)page;
    for (size_t i = 0; i < PAGE_SIZE / sizeof(char *); i++)
        vec[i] = "x";
    exec_expect_err("an unterminated argv", (long)PROBE, (long)vec, 0, EFAULT);
    exec_expect_err("an unterminated envp", (long)PROBE, (long)one_arg, (long)vec, EFAULT);
    CHECK_EQ(sys_munmap(page, PAGE_SIZE), 0);
}

static void errors_big(void)
{
    char *s = exec_selfdesc("big", 4000);
    size_t n = ARG_MAX_BYTES / 4000 + 2;
    char **vec = malloc((n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        vec[i] = s;
    vec[n] = NULL;
    exec_expect_err("argv past the limit", (long)PROBE, (long)vec, 0, E2BIG);
    exec_expect_err("envp past the limit", (long)PROBE, (long)one_arg, (long)vec, E2BIG);
    /* Empty strings: 9 bytes each, pointer included. */
    size_t m = ARG_MAX_BYTES / 9 + 10;
    char **many = malloc((m + 1) * sizeof(char *));
    for (size_t i = 0; i < m; i++)
        many[i] = "";
    many[m] = NULL;
    exec_expect_err("too many arguments", (long)PROBE, (long)many, 0, E2BIG);
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
    exec_expect_ok(PROBE, argv, NULL);              /* the program cache holds it now */
    /* README's first page, which exec reads to find it is no program,
     * stays in its page cache from the first try on (kept, as every
     * file's cached pages are: not lost). */
    CHECK_EQ(sys_execve((long)"README", (long)one_arg, 0), -ENOEXEC);
    errors_path();
    errors_path_max();
    errors_fault();
    errors_big();
    errors_regs();
    for (int i = 0; i < 4; i++)
        CHECK_EQ(canary[i], i + 1);
    CHECK(strcmp(heap, "still here") == 0);
}

