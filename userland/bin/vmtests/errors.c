/* errors.c -- every refusal of mmap, munmap, mprotect, brk and the shm
 * calls, with its exact errno; each call is wrong in one way only. A
 * refused call must leave no area and cost no page.
 */
#include "vt.h"

#define E_BASE   0x000700000000UL      /* 28 GiB: where the valid calls map */
#define KEY_A    0x7eed0a01L
#define KEY_B    0x7eed0a02L

/* MMAP_ERR: a mmap call that must fail with -err. */
#define MMAP_ERR(err, addr, len, prot, flags, fd, off)                        \
    do {                                                                      \
        char g_[48];                                                          \
        long r_ = vt_mmap((addr), (len), (prot), (flags), (fd), (off));       \
        if (r_ != -(err)) {                                                   \
            if (r_ >= 0)            /* undo it: a page at least */            \
                vt_munmap((uintptr_t)r_, (size_t)(len) | 1);                  \
            FAIL("mmap(%p, 0x%lx, %ld, 0x%lx, %ld, %ld): got %s, want -%s",   \
                 (void *)(uintptr_t)(addr), (unsigned long)(len),             \
                 (long)(prot), (long)(flags), (long)(fd), (long)(off),        \
                 testrun_val(r_, g_), #err);                                       \
        }                                                                     \
    } while (0)

static void mmap_errors(void)
{
    const long FP = MAP_ANON_PRIVATE | MAP_FIXED;
    MMAP_ERR(EINVAL, 0, 0, PROT_RW, MAP_ANON_PRIVATE, -1, 0);      /* len 0 */
    MMAP_ERR(EINVAL, E_BASE, 0, PROT_RW, FP, -1, 0);
    MMAP_ERR(EBADF, 0, PG, PROT_RW, MAP_PRIVATE, -1, 0);      /* not anon */
    MMAP_ERR(EBADF, 0, PG, PROT_RW, MAP_SHARED, 3, 0);
    MMAP_ERR(EBADF, 0, PG, PROT_RW, MAP_PRIVATE, 200, 0);     /* not open */
    MMAP_ERR(ENODEV, 0, PG, PROT_READ, MAP_PRIVATE, 0, 0);    /* the console */
    /* (an anonymous mapping ignores fd, as on Linux) */
    MMAP_ERR(EINVAL, 0, PG, PROT_RW, MAP_ANONYMOUS, -1, 0);  /* no kind */
    MMAP_ERR(EINVAL, 0, PG, PROT_RW, MAP_ANON_PRIVATE | MAP_SHARED, -1, 0);
    MMAP_ERR(EINVAL, E_BASE + 1, PG, PROT_RW, FP, -1, 0);     /* unaligned */
    MMAP_ERR(EINVAL, E_BASE + 0x800, PG, PROT_RW, FP, -1, 0);
    MMAP_ERR(EINVAL, 0, PG, PROT_RW, MAP_ANON_PRIVATE, -1, 1);   /* offset */
    MMAP_ERR(EINVAL, 0, PG, PROT_RW, MAP_ANON_PRIVATE, -1, 0x800);
    MMAP_ERR(EINVAL, 0, PG, 8, MAP_ANON_PRIVATE, -1, 0);      /* prot bits */
    MMAP_ERR(EINVAL, 0, PG, PROT_RW | 0x10, MAP_ANON_PRIVATE, -1, 0);
    MMAP_ERR(EINVAL, 0, PG, PROT_READ | 0x80, MAP_ANON_PRIVATE, -1, 0);
    /* too big, or outside [0x1000, 0x7ffffffff000) */
    MMAP_ERR(ENOMEM, 0, 1UL << 62, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    MMAP_ERR(ENOMEM, 0, USER_TOP, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    MMAP_ERR(ENOMEM, 0, -PG, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    MMAP_ERR(ENOMEM, 0, (size_t)-1, PROT_RW, MAP_ANON_PRIVATE, -1, 0);
    MMAP_ERR(ENOMEM, E_BASE, -PG, PROT_RW, FP, -1, 0);       /* wraps */
    MMAP_ERR(ENOMEM, 0, PG, PROT_RW, FP, -1, 0);               /* page 0 */
    MMAP_ERR(ENOMEM, USER_TOP - PG, 2 * PG, PROT_RW, FP, -1, 0);
    MMAP_ERR(ENOMEM, USER_TOP, PG, PROT_RW, FP, -1, 0);
    MMAP_ERR(ENOMEM, 0x800000000000UL, PG, PROT_RW, FP, -1, 0);
    MMAP_ERR(ENOMEM, KERNEL_ADDR & ~(PG - 1), PG, PROT_RW, FP, -1, 0);

    /* the valid neighbours of those: they work */
    uintptr_t a = (uintptr_t)vt_mmap(E_BASE, 1, PROT_NONE, FP, -1, PG);
    CHECK_EQ(a, E_BASE);                /* len 1 = a page; aligned offset */
    MUST_FAULT(VT_READ, a);             /* PROT_NONE */
    CHECK_EQ(vt_munmap(a, 1), 0);
    a = MAP(E_BASE, PG, PROT_READ | PROT_WRITE | PROT_EXEC, FP);
    CHECK_EQ(vt_munmap(a, PG), 0);
    a = MAP(0x1000, PG, PROT_READ, FP);     /* the lowest page allowed */
    CHECK(vt_peek(a) == 0);
    CHECK_EQ(vt_munmap(a, PG), 0);
}

static void munmap_mprotect_errors(void)
{
    CHECK_EQ(vt_munmap(E_BASE + 1, PG), -EINVAL);
    CHECK_EQ(vt_munmap(E_BASE + 0x800, PG), -EINVAL);
    CHECK_EQ(vt_munmap(E_BASE, 0), -EINVAL);
    CHECK_EQ(vt_munmap(0, PG), -EINVAL);
    CHECK_EQ(vt_munmap(USER_TOP, PG), -EINVAL);
    CHECK_EQ(vt_munmap(USER_TOP - PG, 2 * PG), -EINVAL);
    CHECK_EQ(vt_munmap(0x800000000000UL, PG), -EINVAL);
    CHECK_EQ(vt_munmap(KERNEL_ADDR & ~(PG - 1), PG), -EINVAL);
    CHECK_EQ(vt_munmap(E_BASE, -PG), -EINVAL);       /* wraps */
    CHECK_EQ(vt_munmap(E_BASE - 16 * PG, 16 * PG), 0);  /* nothing there */
    CHECK_EQ(vt_munmap(E_BASE + 2 * MIB, 0x300000000000UL), 0);
    CHECK_EQ(vt_munmap(E_BASE, 1), 0);

    MAP(E_BASE, 2 * PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED);
    vt_fill(E_BASE, 1);
    CHECK_EQ(vt_mprotect(E_BASE + 1, PG, PROT_READ), -EINVAL);
    CHECK_EQ(vt_mprotect(E_BASE + 0x800, PG, PROT_READ), -EINVAL);
    CHECK_EQ(vt_mprotect(E_BASE, 0, PROT_READ), 0);     /* len 0: nothing */
    CHECK_EQ(vt_mprotect(E_BASE, PG, 8), -EINVAL);
    CHECK_EQ(vt_mprotect(E_BASE, PG, PROT_RW | 0x10), -EINVAL);
    CHECK_EQ(vt_mprotect(E_BASE + 2 * PG, PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_mprotect(E_BASE - PG, PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_mprotect(E_BASE + PG, 2 * PG, PROT_READ), -ENOMEM);
    CHECK_EQ(vt_mprotect(0x300000000000UL, PG, PROT_READ), -ENOMEM);
    vt_fill(E_BASE, 2);             /* still writable: page 0 never changed */
    CHECK_EQ(vt_munmap(E_BASE, 2 * PG), 0);
}

static void brk_errors(void)
{
    long cur = vt_brk(0);
    CHECK(cur > 0 && PAGE_ALIGNED(cur));
    CHECK_EQ(vt_brk(1), cur);
    CHECK_EQ(vt_brk(0x800000000000UL), cur);
    CHECK_EQ(vt_brk(USER_TOP), cur);
    CHECK_EQ(vt_brk(-1UL), cur);
    CHECK_EQ(vt_brk(0), cur);
}

void test_errors(void)
{
    vt_anchor(E_BASE + MIB);            /* tables for the valid calls */
    vt_anchor(0x1ff000);
    long p0 = page_count();
    mmap_errors();
    munmap_mprotect_errors();
    brk_errors();
    CHECK_FREED("after every refused call", p0, page_count(), 0, 0);
}

/* shm: the errors, and the table of 32. */
void test_shmerrors(void)
{
    long p0 = page_count();
    CHECK_EQ(vt_shmget(IPC_PRIVATE, 0, IPC_CREAT), -EINVAL);
    CHECK_EQ(vt_shmget(KEY_A, 0, IPC_CREAT), -EINVAL);
    CHECK_EQ(vt_shmget(KEY_A, SHM_MAX + 1, IPC_CREAT), -EINVAL);
    CHECK_EQ(vt_shmget(KEY_A, 2 * SHM_MAX, IPC_CREAT), -EINVAL);
    CHECK_EQ(vt_shmget(KEY_A, PG, 0), -ENOENT);
    CHECK_EQ(vt_shmget(KEY_A, 0, 0), -ENOENT);

    long id = vt_shmget(KEY_A, 2 * PG - 100, IPC_CREAT | IPC_EXCL);
    CHECK(id >= 0);
    CHECK_EQ(vt_shmget(KEY_A, PG, IPC_CREAT | IPC_EXCL), -EEXIST);
    CHECK_EQ(vt_shmget(KEY_A, 3 * PG, 0), -EINVAL);     /* bigger */
    CHECK_EQ(vt_shmget(KEY_A, 2 * PG + 1, IPC_CREAT), -EINVAL);
    CHECK_EQ(vt_shmget(KEY_A, 2 * PG, 0), id);  /* rounded up to 2 pages */
    CHECK_EQ(vt_shmget(KEY_A, PG, IPC_CREAT), id);
    CHECK_EQ(vt_shmget(KEY_A, 0, 0), id);
    CHECK_EQ(vt_shmget(KEY_B, PG, 0), -ENOENT);

    CHECK_EQ(vt_shmat(id + 1000, 0, 0), -EINVAL);
    CHECK_EQ(vt_shmat(-1, 0, 0), -EINVAL);
    CHECK_EQ(vt_shmat(id, E_BASE + 8, 0), -EINVAL);
    CHECK_EQ(vt_shmat(id, E_BASE + 0x800, 0), -EINVAL);
    long a = vt_shmat(id, 0, 0);
    CHECK(a > 0 && PAGE_ALIGNED(a));
    CHECK_EQ(vt_shmdt((uintptr_t)a + PG), -EINVAL);     /* not the start */
    CHECK_EQ(vt_shmdt((uintptr_t)a + 8), -EINVAL);
    CHECK_EQ(vt_shmdt(E_BASE), -EINVAL);
    CHECK_EQ(vt_shmdt(0), -EINVAL);
    CHECK_EQ(vt_shmdt((uintptr_t)a), 0);
    CHECK_EQ(vt_shmdt((uintptr_t)a), -EINVAL);          /* twice */
    /* attached once and detached: weensy frees it at once */
    CHECK_EQ(vt_shmget(KEY_A, 0, 0), -ENOENT);
    CHECK_EQ(vt_shmctl(id, IPC_RMID, 0), -EINVAL);
    CHECK_EQ(vt_shmctl(-1, IPC_RMID, 0), -EINVAL);

    /* the table holds 32 segments */
    long ids[SHM_SEGMENTS + 1];
    int n = 0;
    for (; n <= SHM_SEGMENTS; n++) {
        ids[n] = vt_shmget(IPC_PRIVATE, PG, IPC_CREAT);
        if (ids[n] < 0)
            break;
    }
    long last = n <= SHM_SEGMENTS ? ids[n] : 0;
    for (int i = 0; i < n; i++)
        CHECK_EQ(vt_shmctl(ids[i], IPC_RMID, 0), 0);
    if (n != SHM_SEGMENTS || last != -ENOSPC)
        FAIL("created %d segments, then %ld; want %d, then -ENOSPC", n,
             last, SHM_SEGMENTS);
    /* never attached, marked: gone at once, and the table is free again */
    id = vt_shmget(IPC_PRIVATE, PG, IPC_CREAT);
    CHECK(id >= 0);
    CHECK_EQ(vt_shmctl(id, IPC_RMID, 0), 0);
    CHECK_EQ(vt_shmat(id, 0, 0), -EINVAL);
    CHECK_FREED("after the shm errors", p0, page_count(), 0, 0);
}
