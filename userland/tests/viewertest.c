/* viewertest -- something for the memory viewer to show, and the facts a
 * test needs to check the picture (scripts/viewer-check).
 *
 * The first process forks VIEWERTEST_CHILDREN children. Every process
 * (parent included) then maps VIEWERTEST_PAGES pages at the same virtual
 * addresses just above _end and prints, for each,
 *
 *     viewertest: pid P page 0xVA phys 0xPA
 *
 * so the viewer's physical map must show P's symbol at PA, and P's virtual
 * map P's symbol at VA. The children then sleep until they are killed.
 * One more child reads address 0 and is killed for it, so the viewer's
 * status line has a fault to report.
 * The parent prints "viewertest: ready" once the children have had time to
 * report, waits for one byte on the console (a test sends it), kills and
 * reaps the children and exits 0, so the kernel's end-of-run page check
 * runs. With a number argument it waits that many seconds instead.
 */
#include "weensy.h"

#define VIEWERTEST_CHILDREN 3
#define VIEWERTEST_PAGES 3
#define PAGE 4096UL

extern char _end[];

static void map_pages(void)
{
    uintptr_t base = ((uintptr_t)_end + PAGE - 1) & ~(PAGE - 1);
    for (int i = 0; i < VIEWERTEST_PAGES; i++) {
        char *va = (char *)(base + i * PAGE);
        if (page_alloc(va) < 0) {
            printf("viewertest: pid %d: page_alloc(%p) failed: %s (free %ld)\n", getpid(), va, strerror(errno), page_count());
            exit(1);
        }
        va[0] = (char)getpid();        /* touch it: it really is ours */
        printf("viewertest: pid %d page %#lx phys %#lx\n", getpid(), (unsigned long)va,
               virt_to_phys(va));
    }
}

static noreturn void child(void)
{
    map_pages();
    for (;;)
        sleep_ms(1000);
}

/* A child that dies of a NULL read; true if it was killed by SIGSEGV. */
static bool fault_child(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        volatile char *null = 0;
        (void)*null;
        exit(0);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
           WTERMSIG(status) == SIGSEGV;
}

/* Wait for the test's signal to end: one byte of input, or a time. */
static void wait_for_end(int argc, char **argv)
{
    if (argc > 1) {
        sleep_ms((unsigned)atoi(argv[1]) * 1000);
        return;
    }
    char c;
    while (read(0, &c, 1) != 1)
        ;
}

int main(int argc, char **argv)
{
    pid_t kids[VIEWERTEST_CHILDREN];
    for (int i = 0; i < VIEWERTEST_CHILDREN; i++) {
        kids[i] = fork();
        if (kids[i] < 0) {
            printf("viewertest: fork failed (errno %d), free %ld\n", errno, page_count());
            return 1;
        }
        if (kids[i] == 0)
            child();
    }
    map_pages();
    int failed = !fault_child();
    sleep_ms(300);                     /* the children run and report */
    printf("viewertest: ready\n");
    wait_for_end(argc, argv);
    for (int i = 0; i < VIEWERTEST_CHILDREN; i++) {
        int status;
        kill(kids[i], SIGKILL);
        failed |= waitpid(kids[i], &status, 0) != kids[i];
    }
    printf("viewertest: done%s\n", failed ? " (FAILED)" : "");
    return failed;
}
