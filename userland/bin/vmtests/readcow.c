/* readcow.c -- readcow: a system call that writes into a copy-on-write
 * page, and into a page that was never touched.
 *
 * The parent fills two private pages, A and C, and leaves B and D (each
 * just after one of them) untouched; then it forks, so A and C are
 * copy-on-write in both processes. The child read()s console input
 *   1. into A + 100: A must become a copy of its own (reference count 1,
 *      another frame) holding the input there and the old contents
 *      elsewhere;
 *   2. into B + 100: B appears, zero except for the input;
 *   3. across the end of C into D, in one call: both at once, as above.
 * Each time the child prints "vmtests: readcow: waiting for input N" and
 * the ctest types the line on the serial port (tests/vm.cmake); input may
 * arrive in pieces, so the child reads until it has the whole line. The
 * parent waits for the child, then finds its own pages as they were: A
 * and C their old frames and contents, B and D still untouched (and
 * zero). Needs that input, so it runs only when named.
 */
#include "vt.h"

#define RC_BASE 0x30000000UL
#define RC_A (RC_BASE)
#define RC_B (RC_BASE + PG)
#define RC_C (RC_BASE + 2 * PG)
#define RC_D (RC_BASE + 3 * PG)
#define TAG_A 0x4a
#define TAG_C 0x4c

static const char *const lines[] = { "hello\n", "lazy\n", "across\n" };

static long v2p(uintptr_t a) { return sys_virt_to_phys((long)a); }

/* read_line: console input into buf until the whole of want has come (it
 * may come in pieces); it must be exactly want. */
static void read_line(int n, uintptr_t buf)
{
    const char *want = lines[n - 1];
    size_t len = strlen(want), got = 0;
    printf("vmtests: readcow: waiting for input %d\n", n);
    while (got < len) {
        char v[48];
        long r = sys_read(0, (long)(buf + got), (long)(len - got));
        if (r <= 0)
            FAIL("read(0, %p, %zu): %s", (void *)(buf + got), len - got,
                 testrun_val(r, v));
        got += (size_t)r;
    }
    if (memcmp((const void *)buf, want, len) != 0)
        FAIL("input %d: got '%.*s', want '%.*s'", n, (int)len - 1,
             (const char *)buf, (int)len - 1, want);
}

/* zero_except: page holds only zeros outside [lo, hi). */
static int zero_except(uintptr_t page, size_t lo, size_t hi)
{
    const volatile unsigned char *b = (const volatile unsigned char *)page;
    for (size_t i = 0; i < PG; i++)
        if ((i < lo || i >= hi) && b[i])
            return 0;
    return 1;
}

static noreturn void child(long phys_a, long phys_c)
{
    CHECK_EQ(sys_page_refs((long)RC_A), 2);
    CHECK_EQ(sys_page_refs((long)RC_C), 2);
    CHECK_EQ(sys_page_refs((long)RC_B), -EFAULT);
    CHECK_EQ(sys_page_refs((long)RC_D), -EFAULT);

    read_line(1, RC_A + 100);                /* copy-on-write */
    CHECK(vt_holds_except(RC_A, TAG_A, 100, 106));
    CHECK_EQ(sys_page_refs((long)RC_A), 1);
    CHECK(v2p(RC_A) != phys_a);

    read_line(2, RC_B + 100);                /* demand zero */
    CHECK(zero_except(RC_B, 100, 105));
    CHECK_EQ(sys_page_refs((long)RC_B), 1);

    read_line(3, RC_C + PG - 3);             /* both, in one call */
    CHECK(vt_holds_except(RC_C, TAG_C, PG - 3, PG));
    CHECK(zero_except(RC_D, 0, 4));
    CHECK_EQ(sys_page_refs((long)RC_C), 1);
    CHECK_EQ(sys_page_refs((long)RC_D), 1);
    CHECK(v2p(RC_C) != phys_c);
    sys_exit(0);
    for (;;)
        ;
}

void test_readcow(void)
{
    MAP(RC_A, 4 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    vt_fill(RC_A, TAG_A);
    vt_fill(RC_C, TAG_C);
    long phys_a = v2p(RC_A), phys_c = v2p(RC_C);
    CHECK_EQ(sys_page_refs((long)RC_A), 1);

    long before = page_count();
    pid_t pid = FORK();
    if (pid == 0)
        child(phys_a, phys_c);
    EXPECT_EXIT(pid, 0);
    CHECK_FREED("fork, three reads, exit", before, page_count(), 0, 0);

    CHECK(vt_holds(RC_A, TAG_A));
    CHECK(vt_holds(RC_C, TAG_C));
    CHECK_EQ(v2p(RC_A), phys_a);
    CHECK_EQ(v2p(RC_C), phys_c);
    CHECK_EQ(sys_page_refs((long)RC_A), 1);
    CHECK_EQ(sys_page_refs((long)RC_C), 1);
    CHECK_EQ(sys_page_refs((long)RC_B), -EFAULT); /* untouched here */
    CHECK_EQ(sys_page_refs((long)RC_D), -EFAULT);
    CHECK(vt_zero(RC_B));
    CHECK(vt_zero(RC_D));
    CHECK_EQ(vt_munmap(RC_A, 4 * PG), 0);
}
