/* spin -- burn CPU forever, printing a dot (or argv[1]) every 50M
 * iterations; two of them side by side show the scheduler at work. */
#include "weensy.h"

int main(int argc, char **argv)
{
    const char *mark = argc > 1 ? argv[1] : ".";
    for (;;) {
        for (long i = 0; i < 50000000; i++)
            __asm__ volatile("" ::: "memory");  /* keep the loop */
        printf("%s", mark);
    }
}
