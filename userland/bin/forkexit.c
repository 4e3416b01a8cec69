/* forkexit -- WeensyOS's p-forkexit, with a data check: processes fork,
 * allocate and exit at random, forever, so memory fills and drains again
 * and again.
 *
 * The first process only coordinates, in waves: it forks WORKERS workers,
 * waits until all of them (and their children) are gone, says so, and
 * rests a moment alone before the next wave. It never allocates, so
 * whenever it is the only process left the free-page count must be back
 * where it started (the tests check that in the memory dumps).
 *
 * Each worker, on each turn, may exit, may fork (first-generation workers
 * only, so every process's parent outlives it: a worker reaps its children
 * before it exits and nobody is orphaned), or allocates one more heap page
 * and fills it with a pattern derived from the page's address; then it
 * checks every page it has. A page that does not hold its pattern means
 * the kernel mixed up memory: the worker prints "DATA CHECK FAILED" and
 * exits with status 1, which its parent reports too.
 */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

#define WORKERS 4
/* Workers leave this many pages free: with copy-on-write, every process
 * (the coordinator too) needs a page now and then just to write to its
 * own stack after a fork, and a fault that finds no page kills the process
 * that took it (docs/vm.md). The kernel's policy is strict; the workload
 * is polite. */
#define RESERVE 24
#define PATTERN_WORDS 64
#define MAGIC 0x5eed5eed5eed5eedUL

extern char _end[];
static uintptr_t heap_base, heap_top;

static void fill(uintptr_t va)
{
    volatile uint64_t *w = (volatile uint64_t *)va;
    for (int i = 0; i < PATTERN_WORDS; i++)
        w[i] = (va ^ MAGIC) + i;
}

static bool check_all(void)
{
    for (uintptr_t va = heap_base; va < heap_top; va += PAGE_SIZE) {
        volatile uint64_t *w = (volatile uint64_t *)va;
        for (int i = 0; i < PATTERN_WORDS; i++) {
            if (w[i] != (va ^ MAGIC) + i) {
                printf("forkexit: pid %d DATA CHECK FAILED at %#lx word %d: %#lx\n", getpid(), va, i,
                       (unsigned long)w[i]);
                return false;
            }
        }
    }
    return true;
}

static void reap(void)
{
    int status;
    while (waitpid(-1, &status, WNOHANG) > 0)
        if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
            printf("forkexit: a worker's DATA CHECK FAILED\n");
}

/* Reap every child, then exit: no process is ever orphaned. */
static _Noreturn void worker_exit(int status)
{
    int st;
    while (waitpid(-1, &st, 0) > 0)
        if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
            status = 1;
    exit(status);
}

static _Noreturn void worker(int generation)
{
    srand((unsigned)getpid() * 2654435761u);
    for (;;) {
        reap();
        int r = rand() % 100;
        if (r < 4)
            worker_exit(0);
        if (r < 12 && generation == 1 && page_count() > 2 * RESERVE) {
            if (fork() == 0) {
                generation = 2;
                srand((unsigned)getpid() * 2654435761u);
            }
        } else if (heap_top < USER_STACK_LIMIT && page_count() > RESERVE &&
                   page_alloc((void *)heap_top) == 0) {
            fill(heap_top);
            heap_top += PAGE_SIZE;
        } else {
            worker_exit(0);      /* memory is full: drain */
        }
        if (!check_all())
            worker_exit(1);
        sched_yield();
    }
}

int main(void)
{
    heap_base = heap_top = PAGE_ALIGN_UP((uintptr_t)_end);
    for (long wave = 1;; wave++) {
        for (int i = 0; i < WORKERS; i++)
            if (fork() == 0)
                worker(1);
        int status;
        while (waitpid(-1, &status, 0) > 0)
            if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
                printf("forkexit: a worker's DATA CHECK FAILED\n");
        printf("forkexit: wave %ld done, %ld pages free\n", wave, page_count());
        sleep_ms(100);           /* alone for a moment: the baseline */
    }
}
