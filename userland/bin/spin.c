/* spin -- burn CPU forever, printing a dot (or argv[1]) every 50M
 * iterations; two of them side by side show the scheduler at work.
 * "spin MARK N" spins in N threads (ps lists them under the process),
 * only the first printing. */
#include "weensy.h"

static void *spin_quietly(void *arg)
{
    (void)arg;
    for (;;)
        __asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
    const char *mark = argc > 1 ? argv[1] : ".";
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    for (int i = 1; i < threads; i++)
        if (!thread_create(spin_quietly, 0, 8192)) {
            printf("spin: thread %d: %s\n", i, strerror(errno));
            return 1;
        }
    if (threads > 1)
        printf("spin: %d threads\n", threads);
    for (;;) {
        for (long i = 0; i < 50000000; i++)
            __asm__ volatile("" ::: "memory");  /* keep the loop */
        printf("%s", mark);
    }
}
