/* init -- the first process. For now it starts nothing; it only reaps
 * children that exit (orphans are re-parented to init), quietly, forever. */
#include "weensy.h"

int main(void)
{
    printf("init: started\n");
    for (;;) {
        int status;
        if (waitpid(-1, &status, 0) >= 0)
            continue;
        /* ECHILD (no children yet) or any other failure: do not spin. */
        if (sleep_ms(100) != 0)
            sched_yield();
    }
}
