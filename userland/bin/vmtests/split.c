/* split.c -- munmap and mprotect on parts of areas, MAP_FIXED over what is
 * there, address hints, and no-execute.
 *
 * expect_pages(base, "ww--z") checks a row of pages: 'w' holds its pattern
 * (tag = page index) and takes a write; 'r' holds it but a write faults;
 * 'z' reads zero and a write faults; '-' faults on a read; 'n' (PROT_NONE)
 * faults on a read too. Each fault is checked in a child of its own.
 */
#include "vt.h"

#define S_BASE 0x000100000000UL     /* 4 GiB */
#define F_BASE 0x000140000000UL     /* 5 GiB */
#define M_BASE 0x000200000000UL     /* 8 GiB */

static void fill_row(uintptr_t b, int n)
{
    for (int i = 0; i < n; i++)
        vt_fill(b + (uintptr_t)i * PG, (unsigned)i);
}

static void expect_pages(uintptr_t b, const char *want)
{
    for (int i = 0; want[i]; i++) {
        uintptr_t p = b + (uintptr_t)i * PG;
        switch (want[i]) {
        case 'w':
        case 'r':
            if (!vt_holds(p, (unsigned)i))
                FAIL("page %d at %p lost its data (want \"%s\")", i,
                     (void *)p, want);
            if (want[i] == 'w')
                vt_fill(p, (unsigned)i);
            else
                MUST_FAULT(VT_WRITE, p);
            break;
        case 'z':
            if (!vt_zero(p))
                FAIL("page %d at %p is not zero (want \"%s\")", i,
                     (void *)p, want);
            MUST_FAULT(VT_WRITE, p);
            break;
        default:
            MUST_FAULT(VT_READ, p);
        }
    }
}

#define UNMAP(a, n) CHECK_EQ(vt_munmap((a), (uintptr_t)(n) * PG), 0)

void test_split(void)
{
    const uintptr_t b = S_BASE, c = S_BASE + 16 * PG, d = S_BASE + 32 * PG;
    vt_anchor(S_BASE + MIB);
    long p0 = page_count();

    /* one area of 8 pages: the middle, the front, the back */
    MAP(b, 8 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill_row(b, 8);
    long p1 = page_count();
    UNMAP(b + 3 * PG, 2);
    CHECK_FREED("munmap the middle 2 pages", p1, page_count(), 2, META);
    expect_pages(b, "www--www");
    UNMAP(b, 2);
    expect_pages(b, "--w--www");
    UNMAP(b + 6 * PG, 2);
    expect_pages(b, "--w--w--");
    CHECK_FREED("munmap 6 of 8 pages", p1, page_count(), 6, META);
    MAP(b + 3 * PG, PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK(vt_zero(b + 3 * PG));     /* a new page, not the old data */
    UNMAP(b, 8);
    expect_pages(b, "--------");
    CHECK_FREED("munmap the rest", p0, page_count(), 0, 0);

    /* two adjacent areas, mapped apart with different protections */
    MAP(c, 4 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    MAP(c + 4 * PG, 4 * PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED);
    fill_row(c, 4);
    expect_pages(c, "wwwwzzzz");
    UNMAP(c + 2 * PG, 4);           /* across the boundary */
    expect_pages(c, "ww----zz");
    UNMAP(c, 16);                   /* more than is there, holes and all */
    expect_pages(c, "--------");
    CHECK_FREED("two areas, munmap across", p0, page_count(), 0, 0);

    /* two areas with a gap: unmapping from inside one into the other */
    MAP(d, 3 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    MAP(d + 5 * PG, 3 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill_row(d, 3);
    for (int i = 5; i < 8; i++)
        vt_fill(d + (uintptr_t)i * PG, (unsigned)i);
    UNMAP(d + PG, 6);
    expect_pages(d, "w------w");
    UNMAP(d, 8);
    CHECK_FREED("two areas and a gap", p0, page_count(), 0, 0);
}

void test_fixed(void)
{
    const uintptr_t f = F_BASE;
    vt_anchor(F_BASE + MIB);
    vt_anchor_top();
    long p0 = page_count();

    /* MAP_FIXED replaces what is there, pages and protection */
    MAP(f, 4 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill_row(f, 4);
    long p1 = page_count();
    MAP(f + PG, 2 * PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK_FREED("MAP_FIXED over 2 touched pages", p1, page_count(), 2, META);
    expect_pages(f, "wzzw");
    MAP(f, 6 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);  /* and more */
    for (int i = 0; i < 6; i++)
        CHECK(vt_zero(f + (uintptr_t)i * PG));
    UNMAP(f, 6);
    CHECK_FREED("MAP_FIXED twice, munmap", p0, page_count(), 0, 0);

    /* a hint is taken when the range is free, and only then */
    const uintptr_t h = f + 64 * PG;
    long r = vt_mmap(h, PG, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    CHECK_EQ(r, h);
    vt_fill(h, 1);
    long r2 = vt_mmap(h, 2 * PG, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    CHECK(r2 > 0 && PAGE_ALIGNED(r2));
    if ((uintptr_t)r2 < h + PG && (uintptr_t)r2 + 2 * PG > h)
        FAIL("mmap hint %p (taken): got %p, which overlaps it", (void *)h,
             (void *)r2);
    CHECK(vt_holds(h, 1) && vt_zero((uintptr_t)r2));
    vt_fill((uintptr_t)r2 + PG, 2);
    CHECK(vt_holds(h, 1));
    CHECK_EQ(vt_munmap((uintptr_t)r2, 2 * PG), 0);
    CHECK_EQ(vt_munmap(h, PG), 0);
    CHECK_FREED("hints", p0, page_count(), 0, 0);
}

/* code: mov $42, %eax; ret */
static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

void test_mprotect(void)
{
    const uintptr_t m = M_BASE;
    vt_anchor(M_BASE + MIB);
    long p0 = page_count();
    MAP(m, 8 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill_row(m, 8);
    long p1 = page_count();

    CHECK_EQ(vt_mprotect(m + 2 * PG, 2 * PG, PROT_READ), 0);   /* middle */
    expect_pages(m, "wwrrwwww");
    CHECK_EQ(vt_mprotect(m, PG, PROT_NONE), 0);                /* front */
    expect_pages(m, "nwrrwwww");
    CHECK_EQ(vt_mprotect(m + 7 * PG, PG, PROT_READ), 0);       /* back */
    expect_pages(m, "nwrrwwwr");
    CHECK_FREED("mprotect splits, no page", p1, page_count(), 0, 2 * META);
    CHECK_EQ(vt_mprotect(m, 8 * PG, PROT_RW), 0);  /* all back, data kept */
    expect_pages(m, "wwwwwwww");
    CHECK_EQ(vt_mprotect(m + PG, 3 * PG, PROT_READ | PROT_WRITE), 0);
    expect_pages(m, "wwwwwwww");

    /* a hole in the range: -ENOMEM */
    CHECK_EQ(vt_munmap(m + 5 * PG, PG), 0);
    CHECK_EQ(vt_mprotect(m, 8 * PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_mprotect(m, 5 * PG, PROT_RW), 0);
    CHECK_EQ(vt_mprotect(m + 6 * PG, 2 * PG, PROT_RW), 0);
    expect_pages(m, "wwwww-ww");

    /* no-execute: code written into a read/write page does not run ... */
    const uintptr_t x = m + 4 * PG;
    memcpy((void *)x, ret42, sizeof ret42);
    MUST_FAULT(VT_EXEC, x);
    /* ... until the page is read + execute; then it is not writable */
    CHECK_EQ(vt_mprotect(x, PG, PROT_READ | PROT_EXEC), 0);
    int got = ((int (*)(void))vt_opaque(x))();
    CHECK_EQ(got, 42);
    MUST_FAULT(VT_WRITE, x);
    CHECK_EQ(vt_mprotect(x, PG, PROT_READ), 0);         /* and back: NX */
    MUST_FAULT(VT_EXEC, x);
    CHECK_EQ(vt_munmap(m, 8 * PG), 0);
    CHECK_FREED("mprotect, munmap", p0, page_count(), 0, 0);

    /* untouched pages: the protection holds from the first access on */
    MAP(m, 3 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK_EQ(vt_mprotect(m, PG, PROT_READ), 0);
    CHECK_EQ(vt_mprotect(m + PG, PG, PROT_NONE), 0);
    MUST_FAULT(VT_WRITE, m);            /* before any read: no page yet */
    MUST_FAULT(VT_READ, m + PG);
    expect_pages(m, "zn");
    CHECK_EQ(vt_mprotect(m + PG, PG, PROT_RW), 0);
    for (uintptr_t p = m + PG; p < m + 3 * PG; p += PG) {
        CHECK(vt_zero(p));
        vt_fill(p, 9);
        CHECK(vt_holds(p, 9));
    }
    CHECK_EQ(vt_munmap(m, 3 * PG), 0);
    CHECK_FREED("untouched pages, mprotect", p0, page_count(), 0, 0);
}
