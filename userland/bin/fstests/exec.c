/* exec.c -- execve of files the VFS finds, not only the initrd's: a copy
 * of /bin/hello in the test's tmpfs directory runs by its bare name, by
 * "./NAME" and by its absolute path, runs its new bytes once rewritten,
 * and is refused with Linux's errors where it may not run (no execute
 * bit, a directory, a device, not an ELF file). */
#include "ft.h"

#define NOT_ELF "not a program, and no #! line\n"

/* copy: src's bytes into a new file dst of this mode, with read and
 * write; closed again before anything runs it (Linux: ETXTBSY else). */
static void copy(const char *src, const char *dst, mode_t mode)
{
    static char buf[4096];
    int in = OK(open(src, O_RDONLY));
    int out = OK(open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode));
    long n;
    while ((n = OK(read(in, buf, sizeof buf))) > 0)
        CHECK_EQ(OK(write(out, buf, (size_t)n)), n);
    OK(close(in));
    OK(close(out));
}

/* run: fork a child that execs path with argv, its standard output into
 * a pipe we read into out (NUL-terminated); its wait status, and its pid
 * in *pid. A failed exec exits 100 + errno. */
static int run(const char *path, char *const argv[], char *out, size_t size, pid_t *pid)
{
    int p[2];
    OK(pipe(p));
    *pid = OK(fork());
    if (*pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execve(path, argv, environ);
        exit(100 + errno);
    }
    OK(close(p[1]));
    size_t got = 0;
    long n;
    while (got + 1 < size && (n = OK(read(p[0], out + got, size - 1 - got))) > 0)
        got += (size_t)n;
    out[got] = 0;
    OK(close(p[0]));
    int status;
    CHECK_EQ(OK(waitpid(*pid, &status, 0)), *pid);
    return status;
}

/* expect_hello: path runs hello, which prints its pid and arguments and
 * exits 0. */
static void expect_hello(const char *path)
{
    char *argv[] = { "h2", "from-tmpfs", NULL };
    char out[256], want[256];
    pid_t pid;
    int status = run(path, argv, out, sizeof out, &pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        FAIL("exec %s: status %#x (100 + errno if exec failed)", path, status);
    snprintf(want, sizeof want, "hello from pid %d, argc=2\n  argv[0] = h2\n  argv[1] = from-tmpfs\n",
             (int)pid);
    CHECK_STR(out, want);
}

void test_exec_tmpfs(void)
{
    copy(FT_HELLO, "h2", 0755);
    expect_hello("h2");                      /* not in /bin: from the cwd */
    expect_hello("./h2");
    char abs[128];
    snprintf(abs, sizeof abs, "%s/h2", ft_dir);
    expect_hello(abs);
    expect_hello("../../tmp/../bin/../tmp/ft.exec_tmpfs/h2");
    /* The same file rewritten runs its new bytes: nothing of the old
     * program is kept for a file that can change. */
    ft_put("h2", NOT_ELF, strlen(NOT_ELF));
    OK(chmod("h2", 0755));
    ERR(execve("h2", (char *const[]){ "h2", NULL }, environ), ENOEXEC);
    copy(FT_HELLO, "h2", 0755);
    expect_hello(abs);
    /* Unlinked while it runs: it goes on, and its pages come back when
     * it ends (ft_run checks the free pages). */
    OK(unlink("h2"));
}

void test_exec_perm(void)
{
    copy(FT_HELLO, "h3", 0644);
    ERR(execve("h3", (char *const[]){ "h3", NULL }, environ), EACCES);
    ERR(execve("./h3", (char *const[]){ "h3", NULL }, environ), EACCES);
    OK(chmod("h3", 0100));                   /* one x bit is enough for root */
    expect_hello("./h3");
    OK(mkdir("d", 0755));
    ERR(execve("d", (char *const[]){ "d", NULL }, environ), EACCES);
    ERR(execve("./d/", (char *const[]){ "d", NULL }, environ), EACCES);
    ERR(execve(FT_CONSOLE, (char *const[]){ "c", NULL }, environ), EACCES);
    ERR(execve("h3/", (char *const[]){ "h3", NULL }, environ), ENOTDIR);
    ERR(execve("./h3/x", (char *const[]){ "h3", NULL }, environ), ENOTDIR);
    ERR(execve("./nosuch", (char *const[]){ "n", NULL }, environ), ENOENT);
    ERR(execve("nosuch", (char *const[]){ "n", NULL }, environ), ENOENT);
    ft_put("t", NOT_ELF, strlen(NOT_ELF));
    OK(chmod("t", 0755));
    ERR(execve("t", (char *const[]){ "t", NULL }, environ), ENOEXEC);
    ft_put("e", "", 0);                       /* empty: too short for a header */
    OK(chmod("e", 0755));
    ERR(execve("./e", (char *const[]){ "e", NULL }, environ), ENOEXEC);
    OK(unlink("e"));
    OK(unlink("t"));
    OK(rmdir("d"));
    OK(unlink("h3"));
}
