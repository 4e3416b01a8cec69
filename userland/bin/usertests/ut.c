/* ut.c -- the usertests helpers: fork and wait wrappers that fail the
 * test on a surprise, sleeping, and what the tests share beyond the runner
 * and reports of testrun.h. */
#include "ut.h"

int ut_argc;
char **ut_argv, **ut_envp;

int ut_reap_within(pid_t pid, unsigned ms, int *status)
{
    char v[48];
    for (unsigned waited = 0;; waited += 10) {
        long r = sys_wait4(pid, (long)status, WNOHANG, 0);
        if (r == pid)
            return 1;
        if (r != 0)
            FAIL("wait4(%d, WNOHANG): got %s", pid, testrun_val(r, v));
        if (waited >= ms)
            return 0;
        testrun_msleep(10);
    }
}

long ut_zombie_pages(long before)
{
    for (int n = 0; before - page_count() > (long)KSTACK_PAGES && n < 200; n++)
        testrun_msleep(10);
    testrun_msleep(20);      /* and a little longer, should it free more */
    return before - page_count();
}

static void touch(uintptr_t page)
{
    volatile unsigned char *p = (volatile unsigned char *)page;
    *p = *p;
}

void ut_prefault(void)
{
    extern char _data[], _end[];
    for (uintptr_t a = (uintptr_t)_data; a < (uintptr_t)_end; a += PAGE_SIZE)
        touch(a);
    for (uintptr_t a = (uintptr_t)_end; sys_virt_to_phys((long)a) >= 0;
         a += PAGE_SIZE)
        touch(a);
    uintptr_t low = PAGE_ALIGN_DOWN(__builtin_frame_address(0)) - 4 * PAGE_SIZE;
    for (uintptr_t a = USER_STACK_TOP - PAGE_SIZE; a >= low; a -= PAGE_SIZE)
        touch(a);
}

noreturn void ut_spin_forever(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");
}

noreturn void ut_sleep_forever(void)
{
    for (;;)
        sys_nanosleep((long)&(struct timespec){ 1000, 0 }, 0);
}

void ut_spin_loop(long n)
{
    for (long i = 0; i < n; i++)
        __asm__ volatile("" ::: "memory");
}
