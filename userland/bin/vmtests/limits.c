/* limits.c -- a process at its limit of areas (VM_AREAS_MAX, docs/vm.md):
 * what needs a new area fails with ENOMEM and changes nothing, but what
 * needs none -- unmapping or protecting whole areas, detaching -- still
 * works, as on Linux (munmap splits cost areas; removing one never does).
 *
 * Found while reading the error paths for the fuzzer: munmap and mprotect
 * reserved room for two more areas before looking, so a process at the
 * limit (or one short of it) could not even unmap or protect a whole area,
 * and mmap stopped one short of the limit. */
#include "vt.h"

#define LIMIT_BASE 0x7d0000000000UL   /* used by no other test */
#define LIMIT_MAX 200                 /* more than any process may have */

/* Three-page areas two pages apart, until mmap refuses one: the number
 * made. Neighbours would merge, so they never touch. */
static int fill_areas(void)
{
    for (int i = 0; i < LIMIT_MAX; i++) {
        long r = vt_mmap(LIMIT_BASE + (uintptr_t)i * 5 * PG, 3 * PG, PROT_READ,
                         MAP_ANON_PRIVATE | MAP_FIXED, -1, 0);
        if (r == -ENOMEM)
            return i;
        CHECK_EQ(r, (long)(LIMIT_BASE + (uintptr_t)i * 5 * PG));
    }
    FAIL("mmap made %d areas and did not stop", LIMIT_MAX);
}

static uintptr_t area(int i) { return LIMIT_BASE + (uintptr_t)i * 5 * PG; }

void test_arealimit(void)
{
    int n = fill_areas();
    CHECK(n > 100);
    /* At the limit: a new area, or a split, is refused, and nothing moves... */
    CHECK_EQ(vt_mmap(area(n), PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED, -1, 0), -ENOMEM);
    CHECK_EQ(vt_munmap(area(0) + PG, PG), -ENOMEM);
    CHECK_EQ(vt_mprotect(area(0), PG, PROT_NONE), -ENOMEM);
    CHECK_EQ(*(volatile char *)(area(0) + PG), 0);         /* still there, whole */
    /* ... but whole areas can change and go, and come back. */
    CHECK_EQ(vt_mprotect(area(1), 3 * PG, PROT_READ | PROT_WRITE), 0);
    *(volatile char *)area(1) = 1;
    CHECK_EQ(vt_munmap(area(1), 3 * PG), 0);
    CHECK_EQ(vt_mmap(area(1), 3 * PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED, -1, 0), (long)area(1));
    /* One short of the limit, a split that needs one more area fits. */
    CHECK_EQ(vt_munmap(area(2), 3 * PG), 0);
    CHECK_EQ(vt_munmap(area(0), PG), 0);
    CHECK_EQ(vt_mmap(area(2), PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED, -1, 0), (long)area(2));
    CHECK_EQ(vt_mmap(area(n), PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED, -1, 0), -ENOMEM);
    CHECK_EQ(vt_munmap(LIMIT_BASE, (uintptr_t)n * 5 * PG), 0);
    printf("vmtests: arealimit: %d areas fitted\n", n);
}
