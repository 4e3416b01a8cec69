/* bigbss -- a program that declares 768 MiB of zeroed data (more than the
 * test machines have) and touches three pages of it. exec maps a writable
 * segment's bss on demand (proc/exec.c), so it starts at once and costs
 * only what it touches; it used to be filled page by page at exec, which
 * ran the machine out of memory with interrupts off. */
#include "weensy.h"

#define BIG (768UL << 20)

static volatile char big[BIG];

int main(void)
{
    struct weensy_procinfo me[64];
    long n = procs(me, 64);
    big[0] = 1;
    big[BIG / 2] = 2;
    big[BIG - 1] = 3;
    if (big[0] + big[BIG / 2] + big[BIG - 1] != 6 || big[4096] != 0) {
        printf("bigbss: wrong contents\n");
        return 1;
    }
    for (long i = 0; i < n; i++)
        if (me[i].pid == getpid())
            printf("bigbss: ok, %u pages resident of %lu declared\n", me[i].resident, BIG / 4096);
    return 0;
}
