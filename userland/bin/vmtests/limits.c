/* limits.c -- the edges of the areas: how many a process may have, and a
 * change that cannot be completed, for want of memory or because it would
 * make too many, which must leave everything exactly as it was.
 *
 * oomfixed: page_alloc over part of an area, MAP_FIXED, mprotect and
 * munmap that split an area, all while no page is free: -ENOMEM, and the
 * old area is still there, whole, with its pages.
 *
 * arealimit: AREAS_MAX areas (Linux's vm.max_map_count, 65530), one page
 * each with alternating permissions so that none merge. One more is
 * -ENOMEM; so is any change that would leave more (a MAP_FIXED, mprotect
 * or munmap that splits an area), and the area it would have changed is
 * untouched; changes that leave as many (a replacement, a merge) work.
 * Lookups among them still find the right area; then they all go.
 */
#include "vt.h"

#define AREAS_MAX 65530                 /* the kernel's VM_AREAS_MAX */
#define EAT_BASE  0x010000000000UL      /* 1 TiB: memory eaten up */
#define FX_BASE   0x030000000000UL      /* 3 TiB: a 512 GiB slot of its own */
#define L_BASE    0x040000000000UL      /* 4 TiB: the many areas */
#define L_SPARE   (L_BASE + 512 * MIB)  /* in their page directory */

/* ---- oomfixed ----------------------------------------------------------- */

/* eat: touch pages of a lazy area until at most `left` (>= 1) pages are
 * free; a touch costs a page, sometimes a page table too. Returns the
 * area's length. Nothing here may allocate otherwise (no printf). */
static size_t eat(long left)
{
    size_t len = ((size_t)page_count() + 64) * PG * 2;
    MAP(EAT_BASE, len, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    for (uintptr_t p = EAT_BASE; page_count() > left; p += PG)
        vt_poke(p, 1);
    return len;
}

/* fill_records: one-page areas at z, 2 pages apart, until one cannot be
 * made (the kernel's records for them need a page, and none is left).
 * Returns how many were made. */
static long fill_records(uintptr_t z)
{
    long n = 0;
    while (vt_mmap(z + (uintptr_t)n * 2 * PG, PG, PROT_READ,
                   MAP_ANON_PRIVATE | MAP_FIXED, -1, 0) >= 0)
        n++;
    return n;
}

void test_oomfixed(void)
{
    const long FP = MAP_ANON_PRIVATE | MAP_FIXED;
    long p0 = page_count();
    uintptr_t y = MAP(FX_BASE + GIB, 3 * PG, PROT_RW, FP);
    for (int i = 0; i < 3; i++)
        vt_fill(y + (uintptr_t)i * PG, 80 + (unsigned)i);
    /* x: untouched, in a gigabyte with no page table yet, so page_alloc
     * there needs the page and two tables */
    uintptr_t x = MAP(FX_BASE, 2 * PG, PROT_RW, FP);
    size_t eaten = eat(2);
    long got = sys_page_alloc((long)x);     /* 1 or 2 pages: not enough */
    /* x must be whole: a two-page area (changing all of it needs no
     * record, and reading it would need a page) */
    long xprot = vt_mprotect(x, 2 * PG, PROT_READ);
    /* now no record either, then changes that split y */
    uintptr_t z = FX_BASE + 2 * GIB;
    long n = fill_records(z);
    long fixed = vt_mmap(y + PG, PG, PROT_READ, FP, -1, 0);
    long prot = vt_mprotect(y + PG, PG, PROT_READ);
    long unmap = vt_munmap(y + PG, PG);
    vt_fill(y + PG, 90);                    /* still writable, in place */
    long free_then = page_count();
    long gave[2] = { vt_munmap(z, (size_t)n * 2 * PG), vt_munmap(EAT_BASE, eaten) };
    printf("vmtests: %s: with %ld pages free: page_alloc %ld, mprotect of "
           "the area %ld; %ld areas made, then MAP_FIXED %ld, mprotect %ld, "
           "munmap %ld\n", testrun_name, free_then, got, xprot, n, fixed,
           prot, unmap);
    CHECK_EQ(got, -ENOMEM);
    CHECK_EQ(xprot, 0);
    CHECK_EQ(fixed, -ENOMEM);
    CHECK_EQ(prot, -ENOMEM);
    CHECK_EQ(unmap, -ENOMEM);
    CHECK_EQ(gave[0], 0);
    CHECK_EQ(gave[1], 0);
    /* x: two untouched pages */
    CHECK(vt_zero(x) && vt_zero(x + PG));
    MUST_FAULT(VT_WRITE, x + PG);
    CHECK_EQ(vt_mprotect(x, 2 * PG, PROT_RW), 0);
    vt_fill(x, 91);
    /* y: one area, with its pages (page 1 written since) */
    CHECK(vt_holds(y, 80) && vt_holds(y + PG, 90) && vt_holds(y + 2 * PG, 82));
    CHECK_EQ(vt_mprotect(y, 3 * PG, PROT_READ), 0);
    MUST_FAULT(VT_WRITE, y + 2 * PG);
    /* with memory back, the same calls work */
    CHECK_EQ(sys_page_alloc((long)x + PG), 0);
    CHECK(vt_holds(x, 91) && vt_zero(x + PG));
    MAP(y + PG, PG, PROT_RW, FP);
    CHECK(vt_zero(y + PG) && vt_holds(y, 80) && vt_holds(y + 2 * PG, 82));
    CHECK_EQ(vt_munmap(FX_BASE, 512 * GIB), 0);     /* and its tables */
    CHECK_FREED("after the refused calls", p0, page_count(), 0, 0);
}

/* ---- arealimit ---------------------------------------------------------- */

static uintptr_t l_page(long i) { return L_BASE + (uintptr_t)i * PG; }
static long l_prot(long i) { return i % 2 ? PROT_NONE : PROT_READ; }

/* t: three read-write pages, tagged, that refused calls must not change */
static void check_t(uintptr_t t)
{
    for (int i = 0; i < 3; i++)
        if (!vt_holds(t + (uintptr_t)i * PG, 60 + (unsigned)i))
            FAIL("page %d of the 3-page area changed", i);
    for (int i = 0; i < 3; i++)     /* still writable, still one area */
        vt_fill(t + (uintptr_t)i * PG, 60 + (unsigned)i);
}

/* At the limit: what fails and what works. */
static void at_limit(long made, uintptr_t t)
{
    const long FP = MAP_ANON_PRIVATE | MAP_FIXED;
    CHECK_EQ(vt_mmap(FX_BASE, PG, PROT_READ, FP, -1, 0), -ENOMEM);
    CHECK_EQ(vt_mmap(0, PG, PROT_READ, MAP_ANON_PRIVATE, -1, 0), -ENOMEM);
    CHECK_EQ(sys_page_alloc((long)FX_BASE), -ENOMEM);
    /* splits: two more areas, or one */
    CHECK_EQ(vt_mmap(t + PG, PG, PROT_READ, FP, -1, 0), -ENOMEM);
    CHECK_EQ(vt_mprotect(t + PG, PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_mprotect(t, PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_munmap(t + PG, PG), -ENOMEM);
    check_t(t);
    /* as many areas after: a replacement, a merge with a neighbour */
    CHECK_EQ(vt_mprotect(t, 3 * PG, PROT_RW | PROT_EXEC), 0);
    CHECK_EQ(vt_mprotect(t, 3 * PG, PROT_RW), 0);
    check_t(t);
    MAP(l_page(4), PG, PROT_RW, FP);
    vt_poke(l_page(4), 7);
    MAP(l_page(4), PG, PROT_READ, FP);
    CHECK(vt_peek(l_page(4)) == 0);
    MAP(l_page(made), PG, l_prot(made - 1), FP);        /* merges */
    CHECK_EQ(vt_munmap(l_page(made), PG), 0);
    /* one fewer, then one more, then the limit again */
    CHECK_EQ(vt_munmap(l_page(7), PG), 0);
    MAP(FX_BASE, PG, PROT_READ, FP);
    CHECK_EQ(vt_mmap(FX_BASE + 2 * PG, PG, PROT_READ, FP, -1, 0), -ENOMEM);
    CHECK_EQ(vt_munmap(FX_BASE, PG), 0);
    MAP(l_page(7), PG, l_prot(7), FP);
}

/* Every area is still found: its pages behave as its permissions say. */
static void lookups(long made)
{
    for (long i = 0; i < made; i += made / 13 + 1) {
        if (l_prot(i) == PROT_READ)
            CHECK(vt_peek(l_page(i)) == 0);
        CHECK_EQ(vt_mprotect(l_page(i), PG, l_prot(i)), 0);
    }
    MUST_FAULT(VT_READ, l_page(1));
    MUST_FAULT(VT_WRITE, l_page(made - 1 - (made - 1) % 2));
    CHECK_EQ(vt_mprotect(l_page(made), PG, PROT_READ), -ENOMEM);  /* none */
}

void test_arealimit(void)
{
    vt_anchor(L_SPARE);                 /* the page tables stay */
    vt_anchor(FX_BASE + GIB + MIB);
    long p0 = page_count();
    uintptr_t t = MAP(FX_BASE + GIB, 3 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    for (int i = 0; i < 3; i++)
        vt_fill(t + (uintptr_t)i * PG, 60 + (unsigned)i);
    long made = 0, r;
    while ((r = vt_mmap(l_page(made), PG, l_prot(made),
                        MAP_ANON_PRIVATE | MAP_FIXED, -1, 0)) >= 0)
        made++;
    long p1 = page_count();
    printf("vmtests: %s: %ld areas made, then %ld; %ld pages for their "
           "records\n", testrun_name, made, r, p0 - p1);
    CHECK_EQ(r, -ENOMEM);
    /* the process had a few areas already: its program, stack, ... */
    if (made < AREAS_MAX - 32 || made > AREAS_MAX - 3)
        FAIL("%ld areas made before -ENOMEM, want %d less a few", made,
             AREAS_MAX);
    at_limit(made, t);
    lookups(made);
    CHECK_EQ(vt_munmap(L_BASE, (size_t)made * PG), 0);
    CHECK_EQ(vt_munmap(t, 3 * PG), 0);
    MAP(l_page(0), PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED);    /* room */
    CHECK_EQ(vt_munmap(l_page(0), PG), 0);
    CHECK_FREED("every area unmapped", p0, page_count(), 0, 0);
}
