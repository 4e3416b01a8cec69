/* dumpme -- workloads for the memory-dump checker (tests/memdump.cmake,
 * docs/memdump.md). One program with three modes, not three programs:
 * GRUB loads the initrd below 2 MiB, so every program in it costs a
 * mem=2M machine a dozen pages.
 *
 *   dumpme          maps DUMPME_PAGES heap pages with page_alloc, forks,
 *                   and both sides call mem_dump. The child dumps first and
 *                   sleeps; the parent sleeps meanwhile (so the child is the
 *                   only process that can run), then dumps with both alive:
 *                   the code page is one physical page in both spaces (plus
 *                   the program cache's hold); the stack and heap pages
 *                   (each side writes them, so copy-on-write has copied
 *                   them) are at the same addresses on different pages.
 *   dumpme full     WeensyOS's allocator: pid 1 and three children take
 *                   pages one at a time, taking turns (sched_yield), until
 *                   page_alloc fails; then pid 1 dumps, with memory full
 *                   and all four alive, and ends the run. Taking turns
 *                   spreads each process's pages over all of memory.
 *   dumpme cycle [MS]
 *                   twice: three children fill memory, sleep MS ms
 *                   (default 250; the memdump=N timer or the key m dumps
 *                   meanwhile) and exit; pid 1, which allocates nothing,
 *                   dumps before the first round and after each, alone, so
 *                   those dumps should all show the same free count.
 */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

#define DUMPME_HEAP 0x10000000UL
#define DUMPME_PAGES 3
#define FILL_HEAP 0x20000000UL
#define FILL_CHILDREN 3
#define CYCLE_ROUNDS 2
#define CYCLE_SLEEP_MS 250

static int dumpme_dump(void)
{
    long r = sys_mem_dump();
    if (r < 0)
        printf("dumpme: pid %d: mem_dump returned %ld\n", getpid(), r);
    return r < 0;
}

static int dumpme_fail(const char *what)
{
    printf("dumpme: %s failed (errno %d)\n", what, errno);
    return 1;
}

static int dumpme_two(void)
{
    for (int i = 0; i < DUMPME_PAGES; i++) {
        char *p = (char *)(DUMPME_HEAP + i * PAGE_SIZE);
        if (page_alloc(p) < 0)
            return dumpme_fail("page_alloc");
        p[0] = (char)i;                  /* touched, so visibly in use */
    }
    printf("dumpme: code %#lx stack %#lx heap %#lx\n", (unsigned long)USER_TEXT_BASE,
           (unsigned long)(USER_STACK_TOP - PAGE_SIZE), DUMPME_HEAP);
    pid_t child = fork();
    if (child < 0)
        return dumpme_fail("fork");
    /* Fork shares every page copy-on-write; each side writes its heap
     * pages so that they become its own, as the dump should then show. */
    for (int i = 0; i < DUMPME_PAGES; i++)
        ((volatile char *)(DUMPME_HEAP + i * PAGE_SIZE))[1] = (char)getpid();
    if (child == 0) {
        int bad = dumpme_dump();
        sleep_ms(10000);                 /* until the parent kills us */
        exit(bad);
    }
    sleep_ms(300);                       /* the child dumps meanwhile */
    int bad = dumpme_dump();
    kill(child, SIGKILL);
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status))
        return dumpme_fail("waitpid");
    printf("dumpme: %s\n", bad ? "FAILED" : "done");
    return bad;
}

/* claim_private: write every page of data and bss and the top of the
 * stack now, while memory is free. After fork they are copy-on-write, and
 * a write that needs a copy once memory is full kills the writer (the
 * kernel's out-of-memory policy, docs/vm.md). */
static void claim_private(void)
{
    extern char _data[], _end[];
    for (uintptr_t va = (uintptr_t)_data; va < (uintptr_t)_end; va += PAGE_SIZE) {
        volatile char *p = (volatile char *)va;
        *p = *p;
    }
    volatile char stack[2048];
    stack[0] = stack[sizeof(stack) - 1] = 0;
}

/* Take pages at FILL_HEAP upward, one per turn, until there are none. */
static int fill(void)
{
    claim_private();
    int n = 0;
    for (uintptr_t va = FILL_HEAP; page_alloc((void *)va) == 0; va += PAGE_SIZE) {
        *(volatile int *)va = getpid();  /* the page really is this process's */
        n++;
        sched_yield();
    }
    if (errno != ENOMEM)
        printf("dumpme: pid %d: page_alloc failed with errno %d\n", getpid(), errno);
    printf("dumpme: pid %d took %d pages\n", getpid(), n);
    return n;
}

/* Fork FILL_CHILDREN children that fill memory, sleep ms and exit. */
static int fill_children(unsigned ms)
{
    for (int i = 0; i < FILL_CHILDREN; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return dumpme_fail("fork");
        if (pid == 0) {
            fill();
            sleep_ms(ms);
            exit(0);
        }
    }
    return 0;
}

static int dumpme_full(void)
{
    if (fill_children(60000))            /* they outlive the run */
        return 1;
    fill();
    sleep_ms(300);                       /* the children finish filling */
    dumpme_dump();
    printf("dumpme: full, %ld pages free\n", sys_page_count());
    test_exit(1);
}

static int dumpme_cycle(unsigned ms)
{
    int bad = dumpme_dump();
    for (int round = 0; round < CYCLE_ROUNDS && !bad; round++) {
        if (fill_children(ms))
            return 1;
        int status;
        for (int i = 0; i < FILL_CHILDREN; i++)
            if (waitpid(-1, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
                bad = 1;
        bad |= dumpme_dump();
    }
    printf("dumpme: %d rounds %s\n", CYCLE_ROUNDS, bad ? "FAILED" : "done");
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 1)
        return dumpme_two();
    if (argc == 2 && strcmp(argv[1], "full") == 0)
        return dumpme_full();
    if ((argc == 2 || argc == 3) && strcmp(argv[1], "cycle") == 0)
        return dumpme_cycle(argc == 3 ? (unsigned)atoi(argv[2]) : CYCLE_SLEEP_MS);
    printf("usage: dumpme [full | cycle [MS]]\n");
    return 2;
}
