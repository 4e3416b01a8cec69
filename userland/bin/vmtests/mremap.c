/* mremap.c -- mremap: shorter, longer in place, moved with its pages (no
 * copy: the free-page count does not move), MREMAP_FIXED, Linux's errors;
 * a moved copy-on-write page is still shared with the fork that shares
 * it, a shared mapping grown past its memory is a bus error there, and a
 * moved file mapping still shows the file.
 */
#include "vt.h"

#define R_BASE 0x000180000000UL     /* 6 GiB */
#define R_FAR  0x0001c0000000UL     /* 7 GiB */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2

static long vt_mremap(uintptr_t a, size_t old_len, size_t new_len, long flags, uintptr_t to)
{
    return sys_mremap((long)a, (long)old_len, (long)new_len, flags, (long)to);
}

static void fill(uintptr_t b, int n)
{
    for (int i = 0; i < n; i++)
        vt_fill(b + (uintptr_t)i * PG, (unsigned)i);
}

static void expect_held(uintptr_t b, int n)
{
    for (int i = 0; i < n; i++)
        if (!vt_holds(b + (uintptr_t)i * PG, (unsigned)i))
            FAIL("page %d at %p lost its data", i, (void *)(b + (uintptr_t)i * PG));
}

/* shorter, and longer where it is */
static void mremap_in_place(void)
{
    const uintptr_t b = R_BASE;
    MAP(b, 4 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill(b, 4);
    long p0 = page_count();
    CHECK_EQ(vt_mremap(b, 4 * PG, 2 * PG, 0, 0), (long)b);
    CHECK_FREED("the two pages cut off", p0, page_count(), 2, META);
    expect_held(b, 2);
    MUST_FAULT(VT_READ, b + 2 * PG);
    CHECK_EQ(vt_mremap(b, 2 * PG, 6 * PG - 100, 0, 0), (long)b);   /* rounded up */
    expect_held(b, 2);
    CHECK(vt_zero(b + 5 * PG));                                     /* new: zero */
    CHECK_EQ(vt_mremap(b, 6 * PG, 6 * PG, 0, 0), (long)b);
    CHECK_EQ(vt_munmap(b, 6 * PG), 0);
}

/* blocked in place: ENOMEM, or a move with MAYMOVE that copies nothing */
static void mremap_moves(void)
{
    const uintptr_t b = R_BASE, wall = R_BASE + 4 * PG;
    MAP(b, 4 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    MAP(wall, PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED);
    fill(b, 4);
    CHECK_EQ(vt_mremap(b, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
    expect_held(b, 4);
    long p0 = page_count();
    long to = vt_mremap(b, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
    CHECK(to > 0 && (uintptr_t)to != b);
    CHECK_FREED("a move of 4 pages", p0, page_count(), 0, META);
    expect_held((uintptr_t)to, 4);
    CHECK(vt_zero((uintptr_t)to + 7 * PG));
    MUST_FAULT(VT_READ, b);
    /* a middle part moves out, the rest stays */
    CHECK_EQ(vt_mremap((uintptr_t)to + PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, R_FAR),
             (long)R_FAR);
    CHECK(vt_holds(R_FAR, 1) && vt_holds(R_FAR + PG, 2));
    CHECK(vt_holds((uintptr_t)to, 0) && vt_holds((uintptr_t)to + 3 * PG, 3));
    MUST_FAULT(VT_READ, (uintptr_t)to + PG);
    /* FIXED replaces what was there, and can shrink on the way */
    CHECK_EQ(vt_mremap(R_FAR, 2 * PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, wall), (long)wall);
    CHECK(vt_holds(wall, 1));
    vt_poke(wall, 7);            /* writable now: the moved area's permissions */
    MUST_FAULT(VT_READ, R_FAR);
    CHECK_EQ(vt_munmap((uintptr_t)to, 8 * PG), 0);
    CHECK_EQ(vt_munmap(wall, PG), 0);
    CHECK_FREED("everything unmapped", p0, page_count(), 4, META);
}

static void mremap_errors(void)
{
    const uintptr_t b = R_BASE;
    MAP(b, 2 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    MAP(b + 2 * PG, 2 * PG, PROT_READ, MAP_ANON_PRIVATE | MAP_FIXED);   /* another area */
    CHECK_EQ(vt_mremap(b + 1, PG, PG, 0, 0), -EINVAL);                  /* unaligned */
    CHECK_EQ(vt_mremap(b, PG, 0, 0, 0), -EINVAL);                       /* no size */
    CHECK_EQ(vt_mremap(b, PG, PG, 8, 0), -EINVAL);                      /* unknown flag */
    CHECK_EQ(vt_mremap(b, PG, PG, MREMAP_FIXED, R_FAR), -EINVAL);       /* FIXED alone */
    CHECK_EQ(vt_mremap(b, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, b + PG), -EINVAL);
    CHECK_EQ(vt_mremap(b, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, R_FAR + 1), -EINVAL);
    CHECK_EQ(vt_mremap(b, 3 * PG, 3 * PG, 0, 0), -EFAULT);              /* spans two */
    CHECK_EQ(vt_mremap(R_FAR, PG, PG, MREMAP_MAYMOVE, 0), -EFAULT);     /* nothing there */
    CHECK_EQ(vt_mremap(KERNEL_ADDR, PG, PG, MREMAP_MAYMOVE, 0), -EFAULT);
    CHECK_EQ(vt_munmap(b, 4 * PG), 0);
}

/* a copy-on-write page moved in the child stays the parent's too */
static void mremap_cow(void)
{
    const uintptr_t b = R_BASE;
    MAP(b, 2 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    fill(b, 2);
    pid_t c = FORK();
    if (c == 0) {
        CHECK_EQ(vt_mremap(b, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, R_FAR), (long)R_FAR);
        expect_held(R_FAR, 2);
        CHECK_EQ(page_refs((const void *)R_FAR), 2);            /* still shared with the parent */
        vt_fill(R_FAR, 9);                        /* copied now */
        exit(0);
    }
    EXPECT_EXIT(c, 0);
    expect_held(b, 2);
    CHECK_EQ(vt_munmap(b, 2 * PG), 0);
}

/* a shared anonymous mapping grown past its memory: a bus error there,
 * as on Linux (the memory object has the size the mmap gave it) */
static void mremap_shared(void)
{
    const uintptr_t b = R_BASE;
    MAP(b, 2 * PG, PROT_RW, MAP_ANON_SHARED | MAP_FIXED);
    fill(b, 2);
    CHECK_EQ(vt_mremap(b, 2 * PG, 4 * PG, 0, 0), (long)b);
    expect_held(b, 2);
    pid_t c = FORK();
    if (c == 0) {
        vt_peek(b + 3 * PG);
        exit(0);
    }
    EXPECT_SIGNAL(c, SIGBUS);
    CHECK_EQ(vt_mremap(b, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, R_FAR), (long)R_FAR);
    expect_held(R_FAR, 2);
    CHECK_EQ(vt_munmap(R_FAR, 4 * PG), 0);
}

/* a private file mapping keeps showing the file after a move. The file
 * is made in /tmp and removed: its cached pages go with it (a file of the
 * initrd would stay cached, and a later test's out-of-memory reclaim
 * would free those pages under its page count). */
static void mremap_file(void)
{
    static const char path[] = "/tmp/vt.mremap";
    int fd = (int)sys_open((long)path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    static char page[PG];
    for (int i = 0; i < 2; i++) {
        memset(page, 'a' + i, sizeof page);
        CHECK_EQ(sys_write(fd, (long)page, PG), PG);
    }
    long a = vt_mmap(0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(a > 0);
    CHECK_EQ(vt_peek((uintptr_t)a + 1), 'a');
    long to = vt_mremap((uintptr_t)a, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, R_FAR);
    CHECK_EQ(to, (long)R_FAR);
    CHECK_EQ(vt_peek(R_FAR + 1), 'a');
    CHECK_EQ(vt_peek(R_FAR + PG + 5), 'b');
    CHECK_EQ(vt_munmap(R_FAR, 2 * PG), 0);
    sys_close(fd);
    CHECK_EQ(sys_unlink((long)path), 0);
}

void test_mremap(void)
{
    vt_anchor(R_BASE + MIB);
    vt_anchor(R_FAR + MIB);
    vt_anchor_top();             /* the tables where moves without FIXED go */
    vt_grow_areas();
    long p0 = page_count();
    mremap_in_place();
    mremap_moves();
    mremap_errors();
    mremap_cow();
    mremap_shared();
    mremap_file();
    CHECK_FREED("after every mremap", p0, page_count(), 0, 0);
}
