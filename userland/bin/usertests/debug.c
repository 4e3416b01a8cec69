/* debug.c -- weensy's debugging calls under the harness (where the command
 * line enables them): the long ones, mm_check and mem_dump, are throttled
 * so that a loop of them cannot stall the machine (inspect/sys_debug.c):
 * each may start only a tick or more after the previous one ended, and a
 * spinning neighbour keeps running meanwhile. */
#include "ut.h"

void test_debug_throttle(void)
{
    long shared = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared > 0);
    volatile long *counter = (volatile long *)shared;
    pid_t c = FORK();
    if (c == 0)
        for (;;)
            (*counter)++;
    testrun_msleep(30);
    const int calls = 20;
    long c0 = *counter, t0 = now_ms();
    for (int i = 0; i < calls; i++)
        CHECK_EQ(mm_check(), 0);
    long t1 = now_ms(), c1 = *counter;
    /* At least a tick (10 ms) between one's end and the next's start. */
    if (t1 - t0 < (calls - 1) * 10)
        FAIL("%d mm_checks took %ld ms: not throttled", calls, t1 - t0);
    if (c1 == c0)
        FAIL("the spinning neighbour did not run during the mm_checks");
    CHECK_EQ(sys_kill(c, SIGKILL), 0);
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK_EQ(sys_munmap(shared, PAGE_SIZE), 0);
    printf("usertests: debug_throttle: %d mm_checks in %ld ms, the neighbour counted %ld\n",
           calls, t1 - t0, c1 - c0);
}
