/* initexit -- run as init, its threads end at the same moment; the
 * machine must still shut down ("proc: init exited with status 3").
 *
 *   initexit [THREADS]   (default 4, at most 16)
 *   initexit exec        a second thread execs "initexit 4" while the
 *                        first waits: the exec'ing thread becomes init
 *                        (the first one's pid, 1), and that init's end
 *                        must still end the machine.
 *
 * Every thread, the first one too, waits at a barrier in memory and then
 * ends itself with exit (only that thread: the raw system call, not
 * exit_group), so on several CPUs the last two ends overlap. The kernel
 * once decided "init's last thread" before a thread left its group: two
 * threads ending together each saw the other still there, neither began
 * the machine's end, and it idled forever (bench at -smp 2, 1 boot in
 * about 10). The first thread's status is the process's (Linux's rule),
 * 3 here, which the test looks for. */
#include "weensy.h"

#define MAX_THREADS 16

static volatile int arrived, go;

static noreturn void end_here(int code)
{
    __atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
        ;
    for (;;)
        sys_exit(code);
}

static void *worker(void *arg)
{
    (void)arg;
    end_here(0);
}

static void *exec_again(void *arg)
{
    (void)arg;
    char *argv[] = { "initexit", "4", 0 };
    execve("/bin/initexit", argv, environ);
    printf("initexit: exec: %s\n", strerror(errno));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec") == 0) {
        printf("initexit: pid %d execs from a second thread\n", getpid());
        if (!thread_create(exec_again, 0, 8192)) {
            printf("initexit: thread: %s\n", strerror(errno));
            return 1;
        }
        for (;;)
            sleep_ms(1000);      /* the exec kills this thread */
    }
    printf("initexit: pid %d\n", getpid());
    int n = argc > 1 ? atoi(argv[1]) : 4;
    if (n < 2 || n > MAX_THREADS) {
        printf("initexit: THREADS is 2 to %d\n", MAX_THREADS);
        return 2;
    }
    for (int i = 1; i < n; i++)
        if (!thread_create(worker, 0, 8192)) {
            printf("initexit: thread %d: %s\n", i, strerror(errno));
            return 1;
        }
    while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) != n - 1)
        sched_yield();
    printf("initexit: %d threads end together\n", n);
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    end_here(3);
}
