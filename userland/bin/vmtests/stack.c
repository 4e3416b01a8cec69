/* stack.c -- the stack grows on demand to 8 MiB, and no further; running
 * out of memory in a page fault kills only the process that faulted.
 */
#include "vt.h"

#define OOM_BASE 0x010000000000UL   /* 1 TiB */
#define FRAME 4000

static volatile uintptr_t lowest;   /* the deepest frame reached */

__attribute__((noinline)) static long recurse(long depth)
{
    volatile char buf[FRAME];
    buf[0] = (char)depth;
    buf[FRAME - 1] = (char)(depth >> 8);
    if ((uintptr_t)buf < lowest)
        lowest = (uintptr_t)buf;
    long r = depth > 0 ? recurse(depth - 1) : 0;
    return r + (unsigned char)buf[0] + ((unsigned char)buf[FRAME - 1] << 8);
}

/* down: recurse until something stops it; (-1 never comes) */
__attribute__((noinline)) static long down(long n)
{
    volatile char buf[FRAME];
    buf[0] = (char)n;
    if (n == (long)vt_opaque((uintptr_t)-1))
        return 0;
    return down(n + 1) + buf[0];
}

void test_stack(void)
{
    volatile char here = 0;
    uintptr_t top = (uintptr_t)&here;
    CHECK(top < USER_STACK_TOP && top > USER_STACK_TOP - 64 * 1024);
    lowest = top;

    /* ~1 MiB of frames: each new page costs one page, no more */
    enum { DEPTH = 256 };
    long p0 = page_count();
    long want = 0;
    for (long d = 0; d <= DEPTH; d++)
        want += d & 0xffff;
    CHECK_EQ(recurse(DEPTH), want);
    long used = p0 - page_count();
    long span = (long)((top - lowest) / PG);
    if (top - lowest < 1000 * 1024 || used < span - 8 || used > span + 2)
        FAIL("recursion to %p (%ld pages below %p) used %ld pages",
             (void *)lowest, span, (void *)top, used);
    CHECK_EQ(recurse(DEPTH), want);             /* again: no new pages */
    CHECK_EQ(p0 - page_count(), used);

    /* anywhere in the 8 MiB works, even far below the frames */
    const uintptr_t ends[] = { USER_STACK_LIMIT, USER_STACK_LIMIT + 4 * MIB,
                               USER_STACK_LIMIT + PG - 1 };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        CHECK(vt_peek(ends[i]) == 0);
        vt_poke(ends[i], (unsigned char)(i + 1));
        CHECK(vt_peek(ends[i]) == i + 1);
    }
    /* below the 8 MiB: the guard gap */
    MUST_FAULT(VT_READ, USER_STACK_LIMIT - 1);
    MUST_FAULT(VT_WRITE, USER_STACK_LIMIT - PG);
    MUST_FAULT(VT_READ, USER_STACK_LIMIT - 4 * PG);
}

void test_stackoverflow(void)
{
    long p0 = page_count();
    pid_t c = FORK();
    if (c == 0) {
        printf("vmtests: %s: recursing until the stack runs out\n", testrun_name);
        down(0);
        FAIL("recursion without end returned");
    }
    EXPECT_SIGNAL(c, SIGSEGV);
    CHECK_FREED("8 MiB of stack, after the reap", p0, page_count(), 0, 0);
    CHECK_EQ(recurse(16), 136);     /* ours still works */
}

/* oom: a child touches a lazy mapping twice the size of free memory. */
void test_oom(void)
{
    vt_anchor(OOM_BASE + MIB);      /* the survivor's tables, below */
    long p0 = page_count();
    size_t len = (size_t)p0 * PG * 2;
    if (len < GIB)
        len = GIB;
    pid_t c = FORK();
    if (c == 0) {
        uintptr_t a = MAP(OOM_BASE, len, PROT_RW,
                          MAP_ANON_PRIVATE | MAP_FIXED);
        printf("vmtests: %s: touching %zu MiB (%ld pages free)\n", testrun_name,
               len / MIB, page_count());
        for (uintptr_t p = a; p < a + len; p += PG)
            vt_poke(p, 1);
        FAIL("touched %zu MiB and was not killed", len / MIB);
    }
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK_FREED("the killed child, reaped", p0, page_count(), 0, 0);
    /* the survivor can still use memory */
    uintptr_t a = MAP(OOM_BASE, 16 * PG, PROT_RW,
                      MAP_ANON_PRIVATE | MAP_FIXED);
    for (int i = 0; i < 16; i++)
        vt_fill(a + (uintptr_t)i * PG, (unsigned)i);
    for (int i = 0; i < 16; i++)
        CHECK(vt_holds(a + (uintptr_t)i * PG, (unsigned)i));
    CHECK_EQ(vt_munmap(a, 16 * PG), 0);
    CHECK_FREED("after the survivor's pages", p0, page_count(), 0, 0);
}

/* oomcow: the parent holds n pages, leaving room for a fork (about 16
 * pages) but not for n copies; its child writes all n, which needs a copy
 * of each, and is killed part-way. The parent's pages are untouched. With
 * F free after the fork, the child dies if n > F = p0 - n - 18 or so:
 * n = 2/3 (p0 - 18) is past that and leaves the fork room. It needs some
 * 40 free pages to mean anything (mem=3M has 250). */
void test_oomcow(void)
{
    long p0 = page_count();
    if (p0 < 40)
        FAIL("%ld free pages: too few for this test (mem=3M or more)", p0);
    size_t n = (size_t)((p0 - 18) * 2 / 3);
    uintptr_t a = MAP(OOM_BASE, n * PG, PROT_RW,
                      MAP_ANON_PRIVATE | MAP_FIXED);
    for (size_t i = 0; i < n; i++)
        vt_poke(a + i * PG, (unsigned char)(i * 7 + 1));
    long p1 = page_count();
    printf("vmtests: %s: parent holds %zu pages, %ld free\n", testrun_name, n, p1);
    pid_t c = FORK();
    if (c == 0) {
        for (size_t i = 0; i < n; i++)
            vt_poke(a + i * PG, 0xee);
        FAIL("wrote %zu shared pages with %ld free and was not killed", n,
             p1);
    }
    EXPECT_SIGNAL(c, SIGKILL);
    CHECK_FREED("the killed child, reaped", p1, page_count(), 0, 0);
    for (size_t i = 0; i < n; i++) {
        if (vt_peek(a + i * PG) != (unsigned char)(i * 7 + 1))
            FAIL("parent page %zu changed by the child's writes", i);
        if (i % 64 == 0)
            CHECK_EQ(page_refs((void *)(a + i * PG)), 1);
    }
    CHECK_EQ(vt_munmap(a, n * PG), 0);
    long freed = page_count() - p1;     /* the pages, perhaps the tables */
    if (freed < (long)n || freed > (long)(n + n / 512 + 4))
        FAIL("munmap of %zu touched pages freed %ld", n, freed);
}
