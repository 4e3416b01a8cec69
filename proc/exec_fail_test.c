/* exec_fail_test.c -- a process made and a program run in it (what fork
 * and execve allocate: the slot's kernel stack and address space, the
 * program cache's pages the first time, the new image and its stack),
 * with every allocation made to fail in turn (mm/failalloc_test.c says
 * how). Each failure must leave nothing behind: with the process freed,
 * the free pages plus the program cache's are what they were. */
#include "kernel/ktest.h"
#include "proc/proc.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "fs/pcache.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "include/weensy/errno.h"

#define SWEEP_MAX 400

static size_t pages_in_use_baseline(void) { return page_navailable() + program_cache_pages() + pcache_kept(); }

/* One try: a process, then "hello" with two arguments run in it. */
static int spawn_hello(void)
{
    static const char *const argv[] = { "hello", "from-a-test", 0 };
    static const char *const envp[] = { "HOME=/", 0 };
    int err;
    struct proc *p = proc_alloc(&err);
    if (!p)
        return err;
    spin_unlock(&p->lock);
    struct exec_args args = { .from_user = false, .kargv = argv, .kenvp = envp };
    const char *why;
    err = exec_program(p, "/bin/hello", &args, &why);
    proc_release_files(p);       /* the program file exec noted (p->exe) */
    spin_lock(&p->lock);
    proc_free(p);
    spin_unlock(&p->lock);
    return err;
}

KTEST(fail_sweep_spawn_exec)
{
    proc_init();
    program_init();
    size_t before = pages_in_use_baseline();
    int k = 1, failed = 0;
    for (; k < SWEEP_MAX; k++) {
        failalloc_ktest_arm((uint64_t)k);
        int err = spawn_hello();
        bool reached = !failalloc_ktest_pending();
        failalloc_ktest_arm(0);
        KT_CHECK_EQ(pages_in_use_baseline(), before);
        mm_check("fail_sweep_spawn_exec");
        if (!reached) {
            KT_CHECK_EQ(err, 0);
            break;
        }
        KT_CHECK_EQ(err, -ENOMEM);
        failed++;
    }
    kprintf("failalloc_test: making a process and exec'ing hello failed at each of its %d allocations\n",
            failed);
    KT_CHECK(failed > 10 && k < SWEEP_MAX);
}
