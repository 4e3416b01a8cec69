/* page_alloc.c -- the page_alloc system call, and what happens when
 * physical memory runs out (page_alloc and fork give -ENOMEM and change
 * nothing; everything comes back when the holder exits). */
#include "ut.h"

/* A page of .rodata holding nothing else: shared by every usertests
 * process, so tests can replace it, jump to it, write to it. */
const unsigned char ro_page[4096] __attribute__((aligned(4096))) = { 1, 2, 3 };

static int page_is_zero(uintptr_t page)
{
    const unsigned long *p = (const unsigned long *)page;
    for (size_t i = 0; i < PAGE_SIZE / sizeof *p; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

static void check_errors(void)
{
    static const uintptr_t bad[] = {
        0, 0x800, 0xfff, 0x1001, SCRATCH + 8, SCRATCH + 0x800, USER_TOP,
        USER_TOP + PAGE_SIZE, USER_TOP + 1, NONCANON_ADDR, KIMAGE_ADDR,
        DMAP_ADDR, KSTACK_ADDR, 0xfffffffffffff000UL, 0x0000800000001000UL,
    };
    long before = page_count();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long r = sys_page_alloc(bad[i]);
        if (r != -EINVAL) {
            char v[48];
            FAIL("page_alloc(0x%lx): got %s, want -EINVAL", bad[i],
                 testrun_val(r, v));
        }
    }
    CHECK_EQ(page_count(), before);
    CHECK_EQ(page_alloc((void *)1), -1);
    CHECK_EQ(errno, EINVAL);
}

/* check_fresh_page: the lowest and highest allowed pages, zero fill,
 * virt_to_phys and page_refs of a new page, and replacing it. */
static void check_fresh_page(void)
{
    uintptr_t low = USER_BASE;
    uintptr_t high = USER_STACK_TOP - (USER_STACK_PAGES + 1) * PAGE_SIZE;
    CHECK_EQ(sys_page_alloc(low), 0);
    CHECK(page_is_zero(low));
    CHECK_EQ(sys_page_alloc(high), 0);
    CHECK(page_is_zero(high));
    *(volatile long *)low = 1;
    *(volatile long *)(high + PAGE_SIZE - 8) = 2;

    uintptr_t a = SCRATCH;
    long before = page_count();
    CHECK_EQ(sys_page_alloc(a), 0);
    CHECK(page_count() < before);
    CHECK(page_is_zero(a));
    long phys = virt_to_phys((void *)a);
    CHECK(phys > 0 && (phys & 0xfff) == 0 && (uintptr_t)phys != a);
    CHECK_EQ(virt_to_phys((void *)(a + 123)), phys + 123);
    CHECK_EQ(page_refs((void *)a), 1);
    memset((void *)a, 0xab, PAGE_SIZE);

    /* Replace it: a new zeroed page, the old one freed. */
    long mid = page_count();
    CHECK_EQ(sys_page_alloc(a), 0);
    CHECK_EQ(page_count(), mid);
    CHECK(page_is_zero(a));
    CHECK_EQ(page_refs((void *)a), 1);
    for (int i = 0; i < 10; i++)
        CHECK_EQ(sys_page_alloc(a), 0);
    CHECK_EQ(page_count(), mid);
}

/* check_private: fork shares a page_alloc'd page copy-on-write (the child
 * sees the parent's frame until it writes, then has its own); a page the
 * child allocates at the same address is another frame. */
static void check_private(void)
{
    uintptr_t a = SCRATCH + PAGE_SIZE, b = SCRATCH + 2 * PAGE_SIZE;
    CHECK_EQ(sys_page_alloc(a), 0);
    CHECK_EQ(sys_page_alloc(b), 0);
    *(long *)a = 0x1111;
    *(long *)b = 0x2222;
    long pa = virt_to_phys((void *)a), pb = virt_to_phys((void *)b);

    pid_t pid = FORK();
    if (pid == 0) {
        CHECK_EQ(virt_to_phys((void *)a), pa);  /* not copied by fork */
        CHECK_EQ(page_refs((void *)a), 2);
        CHECK_EQ(*(long *)a, 0x1111);
        *(long *)a = 0x3333;                    /* copied now */
        CHECK(virt_to_phys((void *)a) != pa);
        CHECK_EQ(page_refs((void *)a), 1);
        CHECK_EQ(virt_to_phys((void *)b), pb);
        CHECK_EQ(sys_page_alloc(b), 0);
        CHECK(virt_to_phys((void *)b) != pb);
        CHECK_EQ(page_refs((void *)b), 1);
        CHECK_EQ(*(long *)b, 0);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(*(long *)a, 0x1111);
    CHECK_EQ(*(long *)b, 0x2222);
    CHECK_EQ(virt_to_phys((void *)a), pa);
    CHECK_EQ(virt_to_phys((void *)b), pb);
    CHECK_EQ(page_refs((void *)a), 1);
    CHECK_EQ(page_refs((void *)b), 1);
}

/* check_replace_shared: a child that maps a fresh page over the shared
 * ro_page drops its reference to the shared frame, and only its own. The
 * child may not touch .rodata after that (its copy is zeros). */
static void check_replace_shared(void)
{
    /* Read ro_page through `ro`: the compiler knows its initializer and
     * would fold direct reads. */
    const unsigned char *ro =
        (const unsigned char *)ut_opaque((uintptr_t)ro_page);
    long refs = page_refs(ro), phys = virt_to_phys(ro);
    CHECK(refs >= 2);
    if (testrun_runner_pid == 1)
        CHECK_EQ(refs, 4);  /* the page cache, the program cache, the runner and us */
    pid_t pid = FORK();
    if (pid == 0) {
        if (sys_page_alloc((long)ro) != 0)
            sys_exit(2);
        if (sys_virt_to_phys((long)ro) == phys)
            sys_exit(3);
        if (!page_is_zero((uintptr_t)ro))
            sys_exit(4);
        *(volatile unsigned char *)ro = 1;     /* writable now */
        ut_sleep_forever();
    }
    int status, n = 0;
    while (page_refs(ro) != refs && n++ < 500) {
        if (ut_reap_within(pid, 0, &status))
            FAIL("child ended with status 0x%x", status);
        testrun_msleep(10);
    }
    CHECK_EQ(page_refs(ro), refs);
    CHECK_EQ(ro[1], 2);
    CHECK_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_SIGNAL(pid, SIGKILL);
    CHECK_EQ(page_refs(ro), refs);
    CHECK_EQ(virt_to_phys(ro), phys);
}

void test_page_alloc(void)
{
    check_errors();
    check_fresh_page();
    check_private();
    check_replace_shared();
}

/* fill_memory: map pages from OOM_BASE up until page_alloc fails with
 * -ENOMEM or the free count drops to `leave`; each page holds its own
 * address. Returns the number of pages mapped. */
static long fill_memory(long leave)
{
    uintptr_t a = OOM_BASE;
    long n = 0;
    while (page_count() > leave) {
        long before = page_count();
        long r = sys_page_alloc(a);
        if (r == -ENOMEM) {
            CHECK_EQ(page_count(), before);
            break;
        }
        CHECK_EQ(r, 0);
        *(uintptr_t *)a = a;
        a += PAGE_SIZE;
        n++;
    }
    return n;
}

/* test_oom: a child maps pages until memory runs out; page_alloc, fork and
 * malloc then fail cleanly; its pages are intact; all of it comes back when
 * it exits. */
void test_oom(void)
{
    ut_prefault();
    long before = page_count();
    pid_t pid = FORK();
    if (pid == 0) {
        ut_prefault();
        long n = fill_memory(-1);
        long left = page_count();
        CHECK(n > 0);
        for (int i = 0; i < 3; i++) {
            CHECK_EQ(sys_page_alloc(OOM_BASE + n * PAGE_SIZE), -ENOMEM);
            CHECK_EQ(sys_page_alloc(SCRATCH + 0x1000000), -ENOMEM);
            CHECK_EQ(sys_fork(), -ENOMEM);
            CHECK_EQ(page_count(), left);
        }
        errno = 0;
        CHECK(malloc(3 * PAGE_SIZE) == NULL && errno == ENOMEM);
        /* malloc grows its heap a page at a time and keeps what it got:
         * the page or two the fill could not use (its next one needed a
         * new page table, which the heap's page did not) may be in it now.
         * Nothing more: the counts after the child's end catch a leak. */
        CHECK(page_count() <= left && page_count() >= left - 2);
        for (long i = 0; i < n; i++) {
            uintptr_t a = OOM_BASE + i * PAGE_SIZE;
            if (*(uintptr_t *)a != a)
                FAIL("page 0x%lx lost its contents", a);
        }
        printf("usertests: oom: mapped %ld pages, %ld left free\n", n, left);
        exit(0);
    }
    EXPECT_EXIT(pid, 0);
    CHECK_EQ(page_count(), before);
}

/* hold_memory: fork a child that maps pages until only `leave` are free
 * (or memory is out), then sets *done and sleeps; returns once it is done.
 * `done` is in a shared page, so the child's store needs no new page. */
static pid_t hold_memory(long leave, volatile long *done)
{
    *done = 0;
    pid_t pid = FORK();
    if (pid == 0) {
        ut_prefault();
        fill_memory(leave);
        *done = 1;
        ut_sleep_forever();
    }
    for (int n = 0; !*done; n++) {
        if (n == 3000)
            FAIL("the memory holder is not done after 30 s");
        testrun_msleep(10);
    }
    return pid;
}

/* test_forkoom: with the free count held at k = 0, 1, 2, ... pages, fork
 * fails with -ENOMEM at each step of building the child (leaving the count
 * exactly as it was), until there is enough and it succeeds. Fork shares
 * the pages copy-on-write, so the steps are the kernel stack, the tables
 * and the areas (four pages 1 GiB apart make more tables to build). The
 * child exits and is reaped without either side writing to memory (which,
 * with nothing free, would get the writer killed). Needs little memory
 * (mem=3M); skipped above 4096 free pages. */
void test_forkoom(void)
{
    if (page_count() > 4096) {
        printf("usertests: forkoom: %ld free pages, too many to exhaust "
               "page by page: skipped (run it with mem=3M)\n", page_count());
        return;
    }
    for (int i = 0; i < 4; i++) {
        uintptr_t a = SCRATCH + ((uintptr_t)i << 30);
        CHECK_EQ(sys_page_alloc(a), 0);
        *(long *)a = i;
    }
    volatile long *done = (volatile long *)sys_mmap(0, PAGE_SIZE,
        PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK((long)done > 0 && (uintptr_t)done < USER_TOP);
    ut_prefault();

    int failures = 0, successes = 0;
    for (long k = 0; k < 400 && successes < 3; k++) {
        pid_t holder = hold_memory(k, done);
        long c = page_count();
        long r = fork_exit_reap();
        if (r == -ENOMEM) {
            if (page_count() != c)
                FAIL("fork failed with %ld free: left %ld free", c,
                     page_count());
            failures++;
        } else {
            CHECK(r > 0);
            CHECK_EQ(page_count(), c);
            successes++;
        }
        CHECK_EQ(sys_kill(holder, SIGKILL), 0);
        EXPECT_SIGNAL(holder, SIGKILL);
    }
    CHECK(failures > 0);
    CHECK_EQ(successes, 3);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(*(long *)(SCRATCH + ((uintptr_t)i << 30)), i);
    printf("usertests: forkoom: %d failed forks, then %d good ones\n",
           failures, successes);
}
