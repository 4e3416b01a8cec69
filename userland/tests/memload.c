/* memload -- WeensyOS's allocator workload, for the memory-dump checker
 * (tests/memdump.cmake): processes take pages one at a time, taking turns
 * (sched_yield after each page), until memory runs out.
 *
 *   memload full    pid 1 and three children allocate until page_alloc
 *                   fails; then pid 1 dumps, with memory full and all four
 *                   alive, and ends the run (test_exit). Taking turns means
 *                   each process's pages are spread over all of memory.
 *   memload cycle [MS]
 *                   twice: three children fill memory, sleep MS ms
 *                   (default 250; the memdump=N timer or the key m dumps
 *                   meanwhile) and exit; pid 1, which
 *                   allocates nothing, waits for them and dumps alone, so
 *                   every dump with pid 1 alone should show the same free
 *                   count. pid 1 also dumps before the first round.
 */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

#define MEMLOAD_HEAP 0x20000000UL
#define MEMLOAD_CHILDREN 3
#define MEMLOAD_ROUNDS 2
#define MEMLOAD_CHILD_SLEEP_MS 250

/* Take pages at MEMLOAD_HEAP upward, one per turn, until there are none. */
static int memload_fill(void)
{
    int n = 0;
    for (uintptr_t va = MEMLOAD_HEAP; page_alloc((void *)va) == 0; va += PAGE_SIZE) {
        *(volatile int *)va = getpid();  /* the page really is this process's */
        n++;
        sched_yield();
    }
    if (errno != ENOMEM)
        printf("memload: pid %d: page_alloc failed with errno %d\n", getpid(), errno);
    return n;
}

static void memload_dump(void)
{
    long r = sys_mem_dump();
    if (r < 0)
        printf("memload: mem_dump returned %ld\n", r);
}

/* Fork the children; each runs child(sleep_ms) and exits. */
static int memload_fork(void (*child)(unsigned), unsigned sleep_ms_arg)
{
    for (int i = 0; i < MEMLOAD_CHILDREN; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            printf("memload: fork failed (errno %d)\n", errno);
            return -1;
        }
        if (pid == 0) {
            child(sleep_ms_arg);
            exit(0);
        }
    }
    return 0;
}

static void memload_child(unsigned ms)
{
    int n = memload_fill();
    printf("memload: pid %d took %d pages\n", getpid(), n);
    sleep_ms(ms);
}

static int memload_full(void)
{
    if (memload_fork(memload_child, 60000) < 0)    /* children outlive the run */
        return 1;
    int n = memload_fill();
    printf("memload: pid %d took %d pages\n", getpid(), n);
    sleep_ms(300);                       /* the children finish filling */
    memload_dump();
    printf("memload: full, %ld pages free\n", sys_page_count());
    test_exit(1);
}

static int memload_cycle(unsigned child_sleep_ms)
{
    memload_dump();
    for (int round = 0; round < MEMLOAD_ROUNDS; round++) {
        if (memload_fork(memload_child, child_sleep_ms) < 0)
            return 1;
        int status, bad = 0;
        for (int i = 0; i < MEMLOAD_CHILDREN; i++)
            if (waitpid(-1, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
                bad++;
        if (bad)
            return 1;
        memload_dump();
    }
    printf("memload: %d rounds done\n", MEMLOAD_ROUNDS);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "full") == 0)
        return memload_full();
    if ((argc == 2 || argc == 3) && strcmp(argv[1], "cycle") == 0)
        return memload_cycle(argc == 3 ? (unsigned)atoi(argv[2]) : MEMLOAD_CHILD_SLEEP_MS);
    printf("usage: memload full | memload cycle [MS]\n");
    return 2;
}
