/* cow.c -- copy-on-write fork.
 *
 * cow: 64 touched private pages and a fork. The fork costs only the
 * child's kernel stack and page tables; both sides see the same physical
 * pages (reference count 2) until one writes, and each write copies
 * exactly one page, except when the writer is the last holder, which just
 * gets its page back writable. System calls that write user memory copy
 * too. The two processes take turns through vt_handoff, so that each page
 * count is measured while the other side is quiet.
 *
 * cowchain: parent, child and grandchild write their own marks at
 * different times; each sees exactly its own view.
 */
#include "vt.h"

#define C_BASE 0x10000000UL     /* 256 MiB: beside the program's tables */
#define N 64                    /* data pages */
#define NSYNC 3                 /* handoff pages after them */

/* What a fork may cost at most: the child's kernel stack, its PML4 and
 * page tables (program: PDPT, PD, PT; this area: a PT; stack: PDPT, PD,
 * PT), then up to 2 stack pages either side copies on its way back from
 * fork and 2 pages of kernel bookkeeping. */
#define FORK_TABLES (1 + 3 + 1 + 3)
#define FORK_COST_MAX (KSTACK_PAGES + FORK_TABLES + 2 + 2 * META)

/* TAG(t, i): the pattern tag of page i written at stage t */
#define TAG(t, i) ((unsigned)((t) * 256 + (i)))

static uintptr_t page(uintptr_t a, int i) { return a + (uintptr_t)i * PG; }
static long v2p(uintptr_t a) { return sys_virt_to_phys((long)a); }

/* fork_cost: free pages a fork takes, seen by the child at once while the
 * parent sleeps in wait4. */
static long fork_cost(void)
{
    long before = page_count();
    long pid = sys_fork();
    if (pid == 0) {
        long cost = before - page_count();
        sys_exit(cost < 0 ? 255 : cost > 254 ? 254 : cost);
    }
    CHECK(pid > 0);
    int status = 0;
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, 0), pid);
    CHECK(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static noreturn void cow_child(uintptr_t a, const long *phys)
{
    uintptr_t s = page(a, N);       /* handoff pages s[0..2] */
    for (int i = 0; i < N; i++) {
        CHECK_EQ(page_refs((void *)page(a, i)), 2);
        CHECK_EQ(v2p(page(a, i)), phys[i]);
        CHECK(vt_holds(page(a, i), TAG(1, i)));
    }
    vt_settle();
    vt_handoff(NULL, (char *)s, 5000);          /* the parent is quiet */
    long m0 = page_count();
    for (int i = 0; i < N; i += 2)
        vt_fill(page(a, i), TAG(2, i));
    CHECK_FREED("child writes 32 shared pages", m0, page_count(), -32, 0);
    for (int i = 0; i < N; i++) {
        uintptr_t p = page(a, i);
        if (i % 2 == 0 && (v2p(p) == phys[i] || page_refs((void *)p) != 1))
            FAIL("child page %d after its write: phys 0x%lx (was 0x%lx), "
                 "refs %ld; want a new page with refs 1", i, v2p(p),
                 phys[i], page_refs((void *)p));
        if (i % 2 == 1 && (v2p(p) != phys[i] || page_refs((void *)p) != 2))
            FAIL("child page %d, not written: phys 0x%lx (was 0x%lx), "
                 "refs %ld; want the same page with refs 2", i, v2p(p),
                 phys[i], page_refs((void *)p));
        if (!vt_holds(p, TAG(i % 2 == 0 ? 2 : 1, i)))
            FAIL("child page %d: wrong data after the child's writes", i);
    }
    vt_handoff((char *)s + PG, (char *)s + 2 * PG, 5000);
    for (int i = 0; i < N; i++)     /* the parent's writes are not seen */
        if (!vt_holds(page(a, i), TAG(i % 2 == 0 ? 2 : 1, i)))
            FAIL("child page %d: changed by the parent's writes", i);
    sys_exit(0);
    for (;;)
        ;
}

static void cow_parent(uintptr_t a, const long *phys, pid_t pid, long before)
{
    uintptr_t s = page(a, N);
    vt_settle();
    vt_handoff((char *)s, (char *)s + PG, 5000);   /* "go"; "written" */
    for (int i = 0; i < N; i += 2) {    /* the child's writes are not seen */
        if (!vt_holds(page(a, i), TAG(1, i)))
            FAIL("parent page %d: changed by the child's write", i);
        CHECK_EQ(v2p(page(a, i)), phys[i]);
        CHECK_EQ(page_refs((void *)page(a, i)), 1);
    }
    long m0 = page_count();
    for (int i = 0; i < N; i += 2)      /* sole holder: no copy */
        vt_fill(page(a, i), TAG(3, i));
    CHECK_FREED("parent writes 32 pages it alone holds", m0, page_count(), 0,
                0);
    for (int i = 0; i < N; i += 2)
        CHECK_EQ(v2p(page(a, i)), phys[i]);
    long m1 = page_count();
    for (int i = 1; i < N / 2; i += 2)  /* still shared: copies */
        vt_fill(page(a, i), TAG(3, i));
    CHECK_FREED("parent writes 16 shared pages", m1, page_count(), -16, 0);
    for (int i = 1; i < N / 2; i += 2)
        if (v2p(page(a, i)) == phys[i])
            FAIL("parent page %d: written while shared, not copied", i);

    /* the kernel writes into a shared page: wait4 zero-fills rusage (144
     * bytes) even when WNOHANG finds nothing to reap */
    uintptr_t ru = page(a, 33) + 512;
    long m2 = page_count();
    CHECK_EQ(sys_wait4(-1, 0, WNOHANG, (long)ru), 0);
    CHECK_FREED("wait4's rusage into a shared page", m2, page_count(), -1, 0);
    CHECK(v2p(page(a, 33)) != phys[33]);
    for (int i = 0; i < 144; i++)
        CHECK(((volatile unsigned char *)ru)[i] == 0);
    CHECK(vt_holds_except(page(a, 33), TAG(1, 33), 512, 512 + 144));

    vt_handoff((char *)s + 2 * PG, NULL, 0);       /* "written" */
    /* wait4's status into a page still marked copy-on-write */
    int *st = (int *)(page(a, 35) + 8);
    CHECK_EQ(sys_wait4(pid, (long)st, 0, 0), pid);
    char b[32];
    if (!WIFEXITED(*st) || WEXITSTATUS(*st) != 0)
        FAIL("child: %s", testrun_status(*st, b));
    CHECK(vt_holds_except(page(a, 35), TAG(1, 35), 8, 12));

    /* the child is gone: every page is the parent's alone again */
    for (int i = 0; i < N + NSYNC; i++)
        CHECK_EQ(page_refs((void *)page(a, i)), 1);
    long m3 = page_count();
    for (int i = 37; i < N; i += 2) {   /* never written since the fork */
        CHECK(vt_holds(page(a, i), TAG(1, i)));
        vt_fill(page(a, i), TAG(4, i));
        CHECK_EQ(v2p(page(a, i)), phys[i]);
    }
    CHECK_FREED("last holder writes: no copy", m3, page_count(), 0, 0);
    CHECK_FREED("fork, copies, exit, reap", before, page_count(), 0, 0);
}

void test_cow(void)
{
    long cost = fork_cost();
    if (cost < KSTACK_PAGES || cost > FORK_COST_MAX)
        FAIL("a fork took %ld pages; want %d..%d (kernel stack, page "
             "tables, a few copied stack pages)", cost, KSTACK_PAGES,
             FORK_COST_MAX);
    uintptr_t a = MAP(C_BASE, (N + NSYNC) * PG, PROT_RW,
                      MAP_ANON_PRIVATE | MAP_FIXED);
    long phys[N];
    for (int i = 0; i < N + NSYNC; i++)
        vt_fill(page(a, i), TAG(1, i));
    for (int i = 0; i < N; i++) {
        phys[i] = v2p(page(a, i));
        CHECK_EQ(page_refs((void *)page(a, i)), 1);
    }
    cost = fork_cost();     /* 64 more touched pages cost nothing more */
    if (cost < KSTACK_PAGES || cost > FORK_COST_MAX)
        FAIL("a fork with 64 touched pages took %ld pages; want %d..%d",
             cost, KSTACK_PAGES, FORK_COST_MAX);
    printf("vmtests: cow: a fork costs %ld pages\n", cost);
    vt_settle();
    long before = page_count();
    pid_t pid = FORK();
    if (pid == 0)
        cow_child(a, phys);
    cow_parent(a, phys, pid, before);
    CHECK_EQ(vt_munmap(a, (N + NSYNC) * PG), 0);
}

/* ---- cowchain ----------------------------------------------------------- */
/* Page i of the area holds tag 1 until someone writes it: the parent
 * writes page 0 (tag 10) before the fork and page 4 (14) after it; the
 * child page 1 (21) before forking the grandchild and page 2 (22) after;
 * the grandchild page 3 (33). */
static void view(uintptr_t a, const char *who, const unsigned *tags)
{
    for (int i = 0; i < 8; i++)
        if (!vt_holds(page(a, i), TAG(tags[i], i)))
            FAIL("%s: page %d does not hold tag %u", who, i, tags[i]);
}

static noreturn void grandchild(uintptr_t a, const long *phys)
{
    CHECK_EQ(page_refs((void *)page(a, 5)), 3);     /* all three */
    CHECK_EQ(page_refs((void *)page(a, 0)), 3);
    CHECK_EQ(page_refs((void *)page(a, 1)), 2);     /* child + grandchild */
    CHECK_EQ(v2p(page(a, 5)), phys[5]);
    vt_fill(page(a, 3), TAG(33, 3));
    testrun_msleep(30);          /* the others write meanwhile, unseen */
    view(a, "grandchild", (const unsigned[]){ 10, 21, 1, 33, 1, 1, 1, 1 });
    CHECK_EQ(page_refs((void *)page(a, 3)), 1);
    sys_exit(0);
    for (;;)
        ;
}

static noreturn void child(uintptr_t a, const long *phys)
{
    vt_fill(page(a, 1), TAG(21, 1));
    pid_t g = FORK();
    if (g == 0)
        grandchild(a, phys);
    testrun_msleep(10);
    vt_fill(page(a, 2), TAG(22, 2));
    EXPECT_EXIT(g, 0);
    view(a, "child", (const unsigned[]){ 10, 21, 22, 1, 1, 1, 1, 1 });
    CHECK_EQ(page_refs((void *)page(a, 5)), 2);     /* parent + child */
    sys_exit(0);
    for (;;)
        ;
}

void test_cowchain(void)
{
    uintptr_t a = MAP(C_BASE, 8 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    long phys[8];
    for (int i = 0; i < 8; i++)
        vt_fill(page(a, i), TAG(1, i));
    vt_fill(page(a, 0), TAG(10, 0));
    for (int i = 0; i < 8; i++)
        phys[i] = v2p(page(a, i));
    vt_settle();
    long before = page_count();
    pid_t c = FORK();
    if (c == 0)
        child(a, phys);
    testrun_msleep(20);
    vt_fill(page(a, 4), TAG(14, 4));
    EXPECT_EXIT(c, 0);
    view(a, "parent", (const unsigned[]){ 10, 1, 1, 1, 14, 1, 1, 1 });
    for (int i = 0; i < 8; i++)
        CHECK_EQ(page_refs((void *)page(a, i)), 1);
    for (int i = 0; i < 8; i++)
        if (i != 4)     /* the only page the parent wrote while shared */
            CHECK_EQ(v2p(page(a, i)), phys[i]);
    long m = page_count();
    vt_fill(page(a, 5), TAG(15, 5));
    CHECK_EQ(v2p(page(a, 5)), phys[5]);
    CHECK_FREED("parent writes after all exited", m, page_count(), 0, 0);
    CHECK_FREED("three generations, after reaping", before, page_count(), 0,
                0);
    CHECK_EQ(vt_munmap(a, 8 * PG), 0);
}
