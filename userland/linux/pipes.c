/* pipes -- popen's way by hand: a pipe, fork, the child's stdout made the
 * pipe's write end (dup2), exec of this same program (argv[0]) as the
 * child, the parent reading everything and waiting for the status. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "child") == 0) {
        for (int i = 1; i <= 200; i++)
            printf("line %d of the child's output\n", i);
        return 7;
    }
    int fd[2];
    if (pipe(fd) != 0)
        return 2;
    pid_t c = fork();
    if (c == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(argv[0], argv[0], "child", (char *)NULL);
        _exit(99);
    }
    close(fd[1]);
    char buf[512];
    long total = 0, lines = 0;
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0) {
        total += n;
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    }
    int st = 0;
    waitpid(c, &st, 0);
    printf("pipes: read %ld bytes, %ld lines; the child exited with %d\n", total, lines,
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
