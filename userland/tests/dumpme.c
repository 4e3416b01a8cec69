/* dumpme -- two processes that overlap virtually but not physically, for
 * the memory-dump checker (tests/memdump.cmake).
 *
 * Maps DUMPME_PAGES heap pages with page_alloc, forks, and has both sides
 * call mem_dump. The child dumps first and then sleeps; the parent, which
 * sleeps meanwhile (so the child is the only process that can run), dumps
 * last, with both alive: in that dump the code page is one physical page
 * shared by both spaces (plus the program cache's reference), while the
 * stack and heap pages are at the same addresses in both but on different
 * physical pages. It prints those addresses for the test to check.
 */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

#define DUMPME_HEAP 0x10000000UL
#define DUMPME_PAGES 3

static int dumpme_fail(const char *what)
{
    printf("dumpme: %s failed (errno %d)\n", what, errno);
    return 1;
}

int main(void)
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
    if (child == 0) {
        long r = sys_mem_dump();
        if (r < 0)
            printf("dumpme: child's mem_dump returned %ld\n", r);
        sleep_ms(10000);                 /* until the parent kills us */
        exit(r < 0);
    }
    sleep_ms(300);                       /* the child dumps meanwhile */
    long r = sys_mem_dump();
    if (r < 0)
        printf("dumpme: parent's mem_dump returned %ld\n", r);
    kill(child, SIGKILL);
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status))
        return dumpme_fail("waitpid");
    printf("dumpme: %s\n", r == 0 ? "done" : "FAILED");
    return r != 0;
}
