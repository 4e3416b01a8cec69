/* checkrace.c -- the kernel's memory self-check (the mm_check call), made
 * while other processes are in the middle of freeing kernel pages.
 *
 * Found by the fuzzer: every execve takes a kernel page for the path and
 * frees it, whatever happens. The last reference of a kernel page was
 * dropped with interrupts on, and the page then filled with junk before it
 * reached the free list: a tick in between let another process's
 * mm_check find "a kernel page with refcount 0", and panic. Here two
 * processes exec a missing program over and over (each turn takes and
 * frees the path's page) while this one checks at each of its turns. */
#include "ut.h"

#define CHECKRACE_MS 1500        /* about 50 turns of the checker's */

static noreturn void exec_missing_forever(void)
{
    for (;;)
        sys_execve((long)"/bin/no-such-program", 0, 0);
}

void test_checkrace(void)
{
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = FORK();
        if (kids[i] == 0)
            exec_missing_forever();
    }
    long end = now_ms() + CHECKRACE_MS;
    int checks = 0;
    while (now_ms() < end) {
        CHECK_EQ(sys_mm_check(), 0);
        checks++;
        sys_sched_yield();       /* a turn for the others: ticks land anywhere */
    }
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(sys_kill(kids[i], SIGKILL), 0);
        EXPECT_SIGNAL(kids[i], SIGKILL);
    }
    printf("usertests: checkrace: %d checks\n", checks);
}
