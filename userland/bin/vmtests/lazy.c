/* lazy.c -- demand paging: what mapping costs (nothing) and what touching
 * costs (the page plus exactly the page-table pages it needs); page_alloc
 * as a one-page area; brk.
 *
 * Page-table arithmetic: a 4 KiB page needs a page table (PT) per 2 MiB
 * region, a page directory (PD) per 1 GiB and a PDPT per 512 GiB. Areas
 * here sit where nothing else is mapped, so every table is new and the
 * cost is exact. Whether munmap gives back the tables it empties is
 * checked by "tables" alone; the other tests accept either.
 */
#include "vt.h"

#define LAZY_BASE  0x400000000000UL     /* PML4 slot 128: empty */
#define LAZY_64    0x408000000000UL     /* slot 129 */
#define TABLE_BASE 0x410000000000UL     /* slot 130 */
#define PA_BASE    0x000600000000UL     /* 24 GiB: a PD and PT of its own */

extern char _end[];

static long v2p(uintptr_t a) { return sys_virt_to_phys((long)a); }

/* unmapped: after munmap of touched pages, the count must have gone back
 * by the data pages, and also by the tables if munmap frees them. */
static void unmapped(const char *what, long before, long after, long data,
                     long tables)
{
    long got = after - before;
    if (got != data && got != data + tables)
        FAIL("%s: freed %ld pages, want %ld data pages (+ %ld tables)", what,
             got, data, tables);
}

static const uintptr_t off5[] = { 0, PG, 256 * MIB + 3 * PG, 514 * MIB,
                                  GIB - PG };
#define NOFF ((int)(sizeof off5 / sizeof off5[0]))
#define TABLES5 (4 + 1 + 1)    /* 4 PTs, a PD, a PDPT */

/* map 1 GiB at base, touch 5 pages in 4 distinct 2 MiB regions: exactly
 * 5 pages and 6 tables. Returns the count after the touches. */
static long touch5(uintptr_t base)
{
    long p0 = page_count();
    uintptr_t a = MAP(base, GIB, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    long p1 = page_count();
    CHECK_FREED("mmap 1 GiB", p0, p1, 0, META);
    CHECK_EQ(v2p(a), -EFAULT);
    for (int i = 0; i < NOFF; i++) {
        if (vt_peek(a + off5[i]) != 0)
            FAIL("first read of %p is not 0", (void *)(a + off5[i]));
        vt_fill(a + off5[i], (unsigned)i);
    }
    long p2 = page_count();
    CHECK_FREED("touch 5 pages (+4 PT, 1 PD, 1 PDPT)", p1, p2,
                -(NOFF + TABLES5), 0);
    return p2;
}

/* mmap 1 GiB, touch 5 pages, unmap. */
static void lazy_gib(void)
{
    const uintptr_t a = LAZY_BASE;
    long p2 = touch5(a);
    long phys[NOFF];
    for (int i = 0; i < NOFF; i++) {
        CHECK(vt_holds(a + off5[i], (unsigned)i));
        CHECK_EQ(page_refs((void *)(a + off5[i])), 1);
        phys[i] = v2p(a + off5[i]);
        CHECK(phys[i] > 0 && (phys[i] & 0xfff) == 0);
        for (int j = 0; j < i; j++)
            CHECK(phys[j] != phys[i]);
    }
    CHECK_EQ(v2p(a + 2 * PG), -EFAULT);         /* untouched: still nothing */
    CHECK_EQ(sys_page_refs((long)(a + 2 * PG)), -EFAULT);
    CHECK_EQ(page_count(), p2);
    CHECK_EQ(vt_munmap(a, GIB), 0);
    unmapped("munmap 1 GiB", p2, page_count(), NOFF, TABLES5);
    MUST_FAULT(VT_READ, a + off5[2]);
    CHECK_EQ(v2p(a), -EFAULT);
}

/* tables: munmap gives back the page-table pages it empties. */
void test_tables(void)
{
    long p0 = page_count();
    long p2 = touch5(TABLE_BASE);
    CHECK_EQ(vt_munmap(TABLE_BASE, GIB), 0);
    CHECK_FREED("munmap 1 GiB: 5 pages and 6 page-table pages", p2,
                page_count(), NOFF + TABLES5, 0);
    CHECK_FREED("mmap, touch, munmap", p0, page_count(), 0, 0);
}

/* 64 GiB: still free; its last page costs the page, a PT, a PD, a PDPT. */
static void lazy_64gib(void)
{
    long p0 = page_count();
    uintptr_t a = MAP(LAZY_64, 64 * GIB, PROT_RW,
                      MAP_ANON_PRIVATE | MAP_FIXED);
    long p1 = page_count();
    CHECK_FREED("mmap 64 GiB", p0, p1, 0, META);
    vt_fill(a + 64 * GIB - PG, 7);
    long p2 = page_count();
    CHECK_FREED("touch the last page of 64 GiB", p1, p2, -4, 0);
    CHECK(vt_holds(a + 64 * GIB - PG, 7));
    CHECK_EQ(vt_munmap(a, 64 * GIB), 0);
    unmapped("munmap 64 GiB", p2, page_count(), 1, 3);
}

/* Where the kernel puts 1 GiB when it may choose. */
static void lazy_anywhere(void)
{
    long p0 = page_count();
    uintptr_t a = MAP(0, GIB, PROT_RW, MAP_ANON_PRIVATE);
    if (!PAGE_ALIGNED(a) || a < USER_BASE || a + GIB > USER_STACK_LIMIT)
        FAIL("mmap(NULL, 1 GiB) = %p: not page-aligned in [%p, %p)",
             (void *)a, (void *)USER_BASE, (void *)USER_STACK_LIMIT);
    if (a < (uintptr_t)_end && a + GIB > USER_TEXT_BASE)
        FAIL("mmap(NULL, 1 GiB) = %p overlaps the program [%p, %p)",
             (void *)a, (void *)USER_TEXT_BASE, (void *)_end);
    CHECK(vt_zero(a) && vt_zero(a + GIB - PG));
    vt_fill(a, 1);
    vt_fill(a + GIB - PG, 2);
    CHECK(vt_holds(a, 1) && vt_holds(a + GIB - PG, 2));
    long p1 = page_count();
    CHECK(p0 - p1 >= 2 && p0 - p1 <= 2 + 2 * 3);   /* + up to 2 x 3 tables */
    CHECK_EQ(vt_munmap(a, GIB), 0);
    unmapped("mmap anywhere, touch, munmap", p1, page_count(), 2,
             p0 - p1 - 2);
}

void test_lazy(void)
{
    lazy_gib();
    lazy_64gib();
    lazy_anywhere();
}

/* page_alloc: mapped at once, and an area like any other. */
void test_pagealloc(void)
{
    const uintptr_t b = PA_BASE;
    long p = page_count();
    CHECK_EQ(sys_page_alloc((long)b), 0);
    CHECK_FREED("page_alloc (+PT, PD)", p, page_count(), -3, META);
    CHECK_EQ(vt_munmap(b, PG), 0);
    vt_anchor(b + MIB);     /* keep the tables from here on */
    long p0 = page_count();
    CHECK_EQ(sys_page_alloc((long)b), 0);
    CHECK_FREED("page_alloc", p0, page_count(), -1, META);
    CHECK(v2p(b) > 0);
    CHECK_EQ(page_refs((void *)b), 1);
    CHECK(vt_zero(b));
    vt_fill(b, 1);
    /* an area: mprotect applies, and the pages around are not areas */
    CHECK_EQ(vt_mprotect(b, PG, PROT_READ), 0);
    CHECK(vt_holds(b, 1));
    MUST_FAULT(VT_WRITE, b);
    CHECK_EQ(vt_mprotect(b - PG, 2 * PG, PROT_RW), -ENOMEM);
    CHECK_EQ(vt_mprotect(b, PG, PROT_RW), 0);
    vt_fill(b, 2);
    CHECK_EQ(vt_munmap(b, PG), 0);
    CHECK_FREED("page_alloc, munmap", p0, page_count(), 0, 0);
    MUST_FAULT(VT_READ, b);

    /* MAP_FIXED over it replaces it: a fresh lazy page */
    CHECK_EQ(sys_page_alloc((long)b), 0);
    vt_fill(b, 3);
    MAP(b, 2 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK_EQ(v2p(b), -EFAULT);
    CHECK(vt_zero(b));
    CHECK_EQ(vt_munmap(b, 2 * PG), 0);
    CHECK_FREED("page_alloc, MAP_FIXED over, munmap", p0, page_count(), 0,
                0);

    /* page_alloc inside an area replaces one page of it */
    MAP(b, 3 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    vt_fill(b, 4);
    vt_fill(b + PG, 5);
    vt_fill(b + 2 * PG, 6);
    CHECK_EQ(sys_page_alloc((long)(b + PG)), 0);
    CHECK(vt_holds(b, 4) && vt_zero(b + PG) && vt_holds(b + 2 * PG, 6));
    CHECK_EQ(vt_munmap(b + PG, PG), 0);
    MUST_FAULT(VT_READ, b + PG);
    CHECK(vt_holds(b, 4) && vt_holds(b + 2 * PG, 6));
    CHECK_EQ(vt_munmap(b, 3 * PG), 0);
    CHECK_FREED("area, page_alloc inside, munmap", p0, page_count(), 0, 0);
}

void test_brk(void)
{
    const long cur = vt_brk(0);
    CHECK_EQ(cur, (long)_end);      /* the runner never moved it */
    /* invalid requests change nothing and return the break */
    static const uintptr_t bad[] = { 1, USER_TEXT_BASE, USER_TOP + PG,
                                     0x800000000000UL, -PG, KERNEL_ADDR,
                                     USER_STACK_LIMIT + PG };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (vt_brk(bad[i]) != cur)
            FAIL("brk(%p): got 0x%lx, want the break 0x%lx", (void *)bad[i],
                 vt_brk(0), cur);
    CHECK_EQ(vt_brk(0), cur);

    /* all of it in the program's last 2 MiB region: no new page table */
    const uintptr_t b = (uintptr_t)cur;
    if ((b + 48 * PG - 1) >> 21 != ((uintptr_t)_end - 1) >> 21)
        FAIL("the program ends too close to a 2 MiB boundary (_end %p)",
             (void *)_end);
    long p0 = page_count();
    CHECK_EQ(vt_brk(b + 16 * PG), b + 16 * PG);
    CHECK_EQ(vt_brk(0), b + 16 * PG);
    long p1 = page_count();
    CHECK_FREED("brk +16 pages, untouched", p0, p1, 0, META);
    for (int i = 0; i < 16; i++) {
        CHECK(vt_zero(b + i * PG));
        vt_fill(b + i * PG, (unsigned)i);
    }
    CHECK_FREED("touch 16 brk pages", p1, page_count(), -16, 0);
    CHECK_EQ(page_refs((void *)(b + 5 * PG)), 1);

    /* shrink: the pages go, the rest stay */
    long p2 = page_count();
    CHECK_EQ(vt_brk(b + 4 * PG), b + 4 * PG);
    CHECK_FREED("brk -12 pages", p2, page_count(), 12, META);
    for (int i = 0; i < 4; i++)
        CHECK(vt_holds(b + i * PG, (unsigned)i));
    MUST_FAULT(VT_READ, b + 4 * PG);
    MUST_FAULT(VT_WRITE, b + 15 * PG);

    /* grow again: new pages are zero, not the old data */
    CHECK_EQ(vt_brk(b + 8 * PG), b + 8 * PG);
    for (int i = 4; i < 8; i++)
        CHECK(vt_zero(b + i * PG));
    /* an unaligned break (Linux: returned as asked, mapped to the page) */
    CHECK_EQ(vt_brk(b + 8 * PG + 100), b + 8 * PG + 100);
    vt_poke(b + 9 * PG - 1, 1);
    MUST_FAULT(VT_READ, b + 9 * PG);

    /* the break cannot grow over another mapping */
    MAP(b + 32 * PG, PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK_EQ(vt_brk(b + 40 * PG), b + 8 * PG + 100);
    CHECK_EQ(vt_munmap(b + 32 * PG, PG), 0);

    CHECK_EQ(vt_brk(b), b);
    MUST_FAULT(VT_READ, b);
    CHECK_FREED("brk back to the start", p0, page_count(), 0, META);
}
