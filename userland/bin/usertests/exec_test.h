/* exec_test.h -- what exec.c and exec_start.c share: execprobe's path,
 * the argument limit, and helpers that run exec in a child. */
#ifndef USERTESTS_EXEC_TEST_H
#define USERTESTS_EXEC_TEST_H
#include <stddef.h>

#ifndef IPC_CREAT
#define IPC_CREAT 01000
#endif
#define PROBE "/bin/execprobe"
#define ARG_MAX_BYTES (256 * 1024)      /* EXEC_ARG_MAX in proc/exec.h */

/* exec_fmt_num: v in a fresh malloc'd string. */
char *exec_fmt_num(long v);
/* exec_selfdesc: a string that describes itself, "<tag>:<len>:xxx" of len
 * bytes, as execprobe's check mode expects. */
char *exec_selfdesc(const char *tag, size_t len);
/* exec_run: fork a child that execs path with argv/envp (raw pointers);
 * its wait status. A failed exec exits 100 + the error number. */
int exec_run(const char *path, char *const argv[], char *const envp[]);
/* exec_expect_ok: exec_run, and the program must exit 0. */
void exec_expect_ok(const char *path, char *const argv[], char *const envp[]);
/* exec_expect_err: execve fails with -want in this very process and
 * leaves the free-page count as it was. */
void exec_expect_err(const char *what, long path, long argv, long envp, long want);
#endif
