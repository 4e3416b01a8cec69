/* shmlife.c -- the lifetime of System V segments (weensy's rule: freed
 * when marked IPC_RMID with no attachments, or when the last attachment
 * goes away after at least one), attachments across fork and exit,
 * SHM_RDONLY, and attaching at a chosen address.
 *
 * shmrdonly: a read-only attachment stays read-only. Its maximum
 * permissions are fixed at shmat (read only: weensy has no SHM_EXEC), so
 * mprotect can lower its permissions and raise them back, but never beyond
 * read: -EACCES, and nothing changes.
 */
#include "vt.h"

#define KEY_RMID  0x7eed0c01L
#define KEY_FORK  0x7eed0c02L
#define KEY_EXIT  0x7eed0c03L
#define SHM_AT    0x000300000000UL      /* 12 GiB */
#define SHM_W_AT  0x000320000000UL      /* shmrdonly: read-write, then */
#define SHM_R_AT  (SHM_W_AT + 2 * PG)   /* read-only, just above it */

static long v2p(uintptr_t a) { return sys_virt_to_phys((long)a); }

static uintptr_t attach(long id, uintptr_t addr, long flags)
{
    char v[48];
    long p = vt_shmat(id, addr, flags);
    if (p <= 0 || !PAGE_ALIGNED(p) || (addr && (uintptr_t)p != addr))
        FAIL("shmat(%ld, %p, 0%lo): %s", id, (void *)addr, flags,
             testrun_val(p, v));
    return (uintptr_t)p;
}

static long create(long key, size_t size, long flags)
{
    char v[48];
    long id = vt_shmget(key, size, flags | IPC_CREAT);
    if (id < 0)
        FAIL("shmget(0x%lx, 0x%zx, IPC_CREAT): %s", key, size, testrun_val(id, v));
    return id;
}

/* IPC_RMID while attached: usable until the detach, which frees it. */
static void rmid_attached(void)
{
    long p0 = page_count();
    long id = create(IPC_PRIVATE, 3 * PG, 0);
    uintptr_t p = attach(id, 0, 0);
    for (int i = 0; i < 3; i++)
        vt_fill(p + (uintptr_t)i * PG, (unsigned)(20 + i));
    CHECK_EQ(vt_shmctl(id, IPC_RMID, 0), 0);
    for (int i = 0; i < 3; i++) {
        CHECK(vt_holds(p + (uintptr_t)i * PG, (unsigned)(20 + i)));
        vt_fill(p + (uintptr_t)i * PG, (unsigned)(30 + i));
    }
    long p1 = page_count();
    CHECK_EQ(vt_shmdt(p), 0);
    CHECK(page_count() - p1 >= 3);
    CHECK_EQ(vt_shmat(id, 0, 0), -EINVAL);
    MUST_FAULT(VT_READ, p);
    CHECK_FREED("IPC_RMID, then the last detach", p0, page_count(), 0, 0);
}

/* A keyed segment: kept while never attached, gone after its only
 * attachment goes, gone at once when marked and never attached. */
static void keyed(void)
{
    long p0 = page_count();
    long id = create(KEY_RMID, PG, IPC_EXCL);
    CHECK_EQ(vt_shmget(KEY_RMID, 0, 0), id);        /* kept: never attached */
    CHECK_EQ(vt_shmctl(id, IPC_RMID, 0), 0);        /* marked, unattached */
    CHECK_EQ(vt_shmget(KEY_RMID, 0, 0), -ENOENT);
    CHECK_EQ(vt_shmat(id, 0, 0), -EINVAL);
    CHECK_FREED("keyed, IPC_RMID", p0, page_count(), 0, 0);

    id = create(KEY_RMID, PG, IPC_EXCL);
    uintptr_t p = attach(id, 0, 0);
    vt_fill(p, 1);
    CHECK_EQ(vt_shmget(KEY_RMID, 0, 0), id);
    CHECK_EQ(vt_shmdt(p), 0);                       /* attached once: gone */
    CHECK_EQ(vt_shmget(KEY_RMID, 0, 0), -ENOENT);
    CHECK_FREED("keyed, attach, detach", p0, page_count(), 0, 0);
}

/* fork shares attachments; exit drops them. */
static void across_fork(void)
{
    long p0 = page_count();
    long id = create(KEY_FORK, 2 * PG, IPC_EXCL);
    uintptr_t p = attach(id, 0, 0);
    vt_fill(p, 51);
    long phys = v2p(p);
    pid_t c = FORK();
    if (c == 0) {                   /* inherited: the same page, not a copy */
        CHECK_EQ(v2p(p), phys);
        CHECK(vt_holds(p, 51));
        vt_fill(p, 52);
        vt_fill(p + PG, 53);
        CHECK_EQ(v2p(p), phys);
        sys_exit(0);                /* no detach: exit drops it */
    }
    EXPECT_EXIT(c, 0);
    CHECK(vt_holds(p, 52) && vt_holds(p + PG, 53));
    CHECK_EQ(vt_shmget(KEY_FORK, 0, 0), id);        /* still attached here */
    CHECK_EQ(vt_shmdt(p), 0);
    CHECK_EQ(vt_shmget(KEY_FORK, 0, 0), -ENOENT);

    /* a segment whose only attachment dies with its process */
    c = FORK();
    if (c == 0) {
        long id2 = create(KEY_EXIT, PG, IPC_EXCL);
        vt_fill(attach(id2, 0, 0), 54);
        sys_exit(0);
    }
    EXPECT_EXIT(c, 0);
    CHECK_EQ(vt_shmget(KEY_EXIT, 0, 0), -ENOENT);
    CHECK_FREED("attachments across fork and exit", p0, page_count(), 0, 0);
}

/* SHM_RDONLY, two attachments in one process, a chosen address. */
static void rdonly(void)
{
    long p0 = page_count();
    long id = create(IPC_PRIVATE, PG, 0);
    uintptr_t w = attach(id, SHM_AT, 0);
    uintptr_t r = attach(id, 0, SHM_RDONLY);
    CHECK(r != w);
    vt_fill(w, 61);
    CHECK(vt_holds(r, 61));
    CHECK_EQ(v2p(r), v2p(w));
    MUST_FAULT(VT_WRITE, r);
    CHECK_EQ(vt_shmdt(w), 0);           /* one attachment left: kept */
    CHECK(vt_holds(r, 61));
    CHECK_EQ(vt_shmdt(r), 0);
    CHECK_EQ(vt_shmat(id, 0, 0), -EINVAL);
    CHECK_FREED("SHM_RDONLY and a chosen address", p0, page_count(), 0, 0);
}

void test_shmrmid(void)
{
    vt_anchor_top();                /* tables where shmat places segments */
    vt_anchor(SHM_AT + MIB);
    rmid_attached();
    keyed();
    across_fork();
    rdonly();
}

/* mprotect(addr, len, prot) must fail with -EACCES. */
static void refused(uintptr_t addr, size_t len, long prot)
{
    char v[48];
    long r = vt_mprotect(addr, len, prot);
    if (r != -EACCES)
        FAIL("mprotect(%p, 0x%zx, %ld) on a read-only attachment: got %s, "
             "want -EACCES", (void *)addr, len, prot, testrun_val(r, v));
}

void test_shmrdonly(void)
{
    vt_anchor(SHM_W_AT + MIB);          /* tables for both attachments */
    long p0 = page_count();
    long id = create(IPC_PRIVATE, 2 * PG, 0);
    uintptr_t w = attach(id, SHM_W_AT, 0);
    uintptr_t r = attach(id, SHM_R_AT, SHM_RDONLY);
    vt_fill(w, 71);
    vt_fill(w + PG, 72);
    CHECK(vt_holds(r, 71) && vt_holds(r + PG, 72));

    /* beyond read, on all of it, a part, or with exec */
    refused(r, 2 * PG, PROT_RW);
    refused(r, PG, PROT_WRITE);
    refused(r + PG, PG, PROT_RW | PROT_EXEC);
    refused(r, 2 * PG, PROT_EXEC);
    refused(r, 2 * PG, PROT_READ | PROT_EXEC);
    MUST_FAULT(VT_WRITE, r);            /* still read-only, page by page */
    MUST_FAULT(VT_WRITE, r + PG);
    CHECK(vt_holds(w, 71) && vt_holds(w + PG, 72));

    /* within read: lower, then back up */
    CHECK_EQ(vt_mprotect(r + PG, PG, PROT_NONE), 0);
    MUST_FAULT(VT_READ, r + PG);
    refused(r + PG, PG, PROT_RW);
    CHECK_EQ(vt_mprotect(r, 2 * PG, PROT_READ), 0);
    CHECK(vt_holds(r + PG, 72));

    /* across both attachments: all or nothing */
    CHECK_EQ(vt_mprotect(w, 2 * PG, PROT_READ), 0);
    refused(w, 4 * PG, PROT_RW);
    MUST_FAULT(VT_WRITE, w);            /* the writable one did not change */
    CHECK_EQ(vt_mprotect(w, 4 * PG, PROT_NONE), 0);
    CHECK_EQ(vt_mprotect(w, 4 * PG, PROT_READ), 0);
    CHECK_EQ(vt_mprotect(w, 2 * PG, PROT_RW | PROT_EXEC), 0);
    vt_fill(w, 73);
    CHECK(vt_holds(r, 73));

    /* a fork's copy of the attachment keeps its limit */
    pid_t c = FORK();
    if (c == 0) {
        refused(r, PG, PROT_RW);
        MUST_FAULT(VT_WRITE, r);
        sys_exit(0);
    }
    EXPECT_EXIT(c, 0);
    CHECK(vt_holds(w, 73) && vt_holds(w + PG, 72));
    CHECK_EQ(vt_shmdt(r), 0);
    CHECK_EQ(vt_shmdt(w), 0);
    CHECK_FREED("a read-only attachment", p0, page_count(), 0, 0);
}
