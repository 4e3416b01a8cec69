/* fork.c -- fork: return values and pids; the child shares every page:
 * the read-only ones (code, rodata) for good, the writable ones (stack,
 * data, bss, heap, page_alloc'd pages) copy-on-write, so that after a write
 * each side has its own and never sees the other's writes (docs/vm.md);
 * the process table fills up cleanly. */
#include "ut.h"

static int data_var = 1234;     /* .data */
static int bss_var;             /* .bss */
static const char ro_text[] = "read-only";

static uintptr_t code_addr(void)
{
    return (uintptr_t)&test_fork;
}

/* Values each side sets after the fork; the other must not see them. */
struct vars {
    int *stack, *heap, *page;
};

static void set_vars(const struct vars *v, int base)
{
    data_var = base + 1;
    bss_var = base + 2;
    *v->stack = base + 3;
    *v->heap = base + 4;
    *v->page = base + 5;
}

static void check_vars(const struct vars *v, int base)
{
    CHECK_EQ(data_var, base + 1);
    CHECK_EQ(bss_var, base + 2);
    CHECK_EQ(*v->stack, base + 3);
    CHECK_EQ(*v->heap, base + 4);
    CHECK_EQ(*v->page, base + 5);
}

/* check_in_child: runs in the child; `p` holds the parent's physical
 * addresses from before the fork. */
static void check_in_child(const struct vars *v, const long p[7], pid_t parent,
                           long code_refs)
{
    CHECK(getpid() != parent && getpid() > 0);
    CHECK_EQ(getppid(), parent);
    check_vars(v, 100);                     /* the parent's values */
    CHECK_EQ(virt_to_phys((void *)code_addr()), p[0]);
    CHECK_EQ(virt_to_phys(ro_text), p[1]);
    CHECK_EQ(page_refs((void *)code_addr()), code_refs + 1);
    /* Not copied by fork: until we write, these are the parent's frames
     * (whether or not the parent has written and copied since). */
    CHECK_EQ(virt_to_phys(&data_var), p[2]);
    CHECK_EQ(virt_to_phys(&bss_var), p[3]);
    CHECK_EQ(virt_to_phys(v->page), p[5]);
    CHECK_EQ(virt_to_phys(v->heap), p[6]);
    set_vars(v, 200);
    /* Each now ours alone, the parent being alive: different frames. */
    CHECK_EQ(page_refs(&data_var), 1);
    CHECK_EQ(page_refs(&bss_var), 1);
    CHECK_EQ(page_refs(v->stack), 1);
    CHECK_EQ(page_refs(v->heap), 1);
    CHECK_EQ(page_refs(v->page), 1);
    uintptr_t stack_low = USER_STACK_TOP - USER_STACK_MAX;
    CHECK((uintptr_t)v->stack >= stack_low &&
          (uintptr_t)v->stack < USER_STACK_TOP);
}

static void check_copy_on_fork(void)
{
    int stack_var = 0;
    struct vars v = { &stack_var, malloc(sizeof(int)), (int *)SCRATCH };
    CHECK(v.heap != NULL);
    CHECK_EQ(sys_page_alloc(SCRATCH), 0);
    set_vars(&v, 100);

    pid_t parent = getpid();
    long p[7] = {
        virt_to_phys((void *)code_addr()), virt_to_phys(ro_text),
        virt_to_phys(&data_var), virt_to_phys(&bss_var),
        virt_to_phys(&stack_var), virt_to_phys(v.page), virt_to_phys(v.heap),
    };
    long code_refs = page_refs((void *)code_addr());
    if (testrun_runner_pid == 1)
        CHECK_EQ(code_refs, 4);     /* the page cache, the program cache, runner, us */
    CHECK_EQ(page_refs(ro_text), code_refs);

    pid_t pid = FORK();
    if (pid == 0) {
        check_in_child(&v, p, parent, code_refs);
        testrun_msleep(30);              /* the parent writes meanwhile */
        check_vars(&v, 200);
        exit(100 + getpid() % 100);
    }
    CHECK(pid > 0 && pid != parent);
    set_vars(&v, 300);
    EXPECT_EXIT(pid, 100 + pid % 100);
    check_vars(&v, 300);
    CHECK_EQ(page_refs(&data_var), 1);
    CHECK_EQ(page_refs(&stack_var), 1);
    CHECK_EQ(page_refs(v.page), 1);
    CHECK_EQ(page_refs((void *)code_addr()), code_refs);
    free(v.heap);
}

/* check_refs_count_processes: each live process running this program holds
 * one reference on each code page. */
static void check_refs_count_processes(void)
{
    long refs = page_refs((void *)code_addr());
    pid_t pids[4];
    for (int i = 0; i < 4; i++) {
        pids[i] = FORK();
        if (pids[i] == 0)
            ut_sleep_forever();
        CHECK_EQ(page_refs((void *)code_addr()), refs + i + 1);
        CHECK_EQ(page_refs(ro_text), refs + i + 1);
    }
    for (int i = 0; i < 4; i++)
        CHECK(pids[i] != pids[(i + 1) % 4]);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(sys_kill(pids[i], SIGKILL), 0);
        EXPECT_SIGNAL(pids[i], SIGKILL);
        CHECK_EQ(page_refs((void *)code_addr()), refs + 3 - i);
    }
}

/* check_nested: a grandchild's parent is the child. */
static void check_nested(void)
{
    pid_t pid = FORK();
    if (pid == 0) {
        pid_t child = getpid();
        pid_t g = FORK();
        if (g == 0) {
            CHECK_EQ(getppid(), child);
            exit(7);
        }
        EXPECT_EXIT(g, 7);
        exit(8);
    }
    EXPECT_EXIT(pid, 8);
}

void test_fork(void)
{
    check_copy_on_fork();
    check_refs_count_processes();
    check_nested();
}

/* test_forkfull: fork until the table is full (-EAGAIN, nothing built),
 * then kill and reap them all; fork works again afterwards. */
void test_forkfull(void)
{
    pid_t pids[64];
    int n = 0;
    long r;
    while ((r = sys_fork()) > 0) {
        if (n == 64)
            FAIL("more than 64 processes");
        pids[n++] = (pid_t)r;
    }
    if (r == 0)
        ut_sleep_forever();
    CHECK_EQ(r, -EAGAIN);
    if (testrun_runner_pid == 1)
        CHECK_EQ(n, 64 - 2);        /* 64 slots: the runner, us, them */
    long before = page_count();
    for (int i = 0; i < 5; i++)
        CHECK_EQ(sys_fork(), -EAGAIN);
    CHECK_EQ(page_count(), before);

    for (int i = 0; i < n; i++)
        CHECK_EQ(sys_kill(pids[i], i % 2 ? SIGKILL : SIGTERM), 0);
    for (int i = n - 1; i >= 0; i--)
        EXPECT_SIGNAL(pids[i], i % 2 ? SIGKILL : SIGTERM);

    pid_t pid = FORK();
    if (pid == 0)
        exit(0);
    EXPECT_EXIT(pid, 0);
    printf("usertests: forkfull: %d children before -EAGAIN\n", n);
}
