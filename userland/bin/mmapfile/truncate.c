/* truncate.c -- mmapfile's tests of a shrinking ftruncate. As on Linux
 * (unmap_mapping_range with even_cows), every mapping of the file, in
 * every process, loses the pages wholly past the new end, shared or
 * private, a private copy too: the next touch asks the file again and is
 * SIGBUS. The last page, kept in part, stays mapped and reads zeros past
 * the end (a private copy of it is its process's own and keeps its
 * bytes). A file grown again reads zeros there, never the old bytes. */
#include "mf.h"

#define P_TRUNC "/tmp/mf.trunc"
#define SEED 6
#define KEEP (PG + 100)              /* the size it shrinks to: page 1 in part */

/* The file's three mappings: shared; private and only read; private with
 * its pages 1 and 2 written (copies of its own). */
struct tmaps {
    uint8_t *m[3];
};
enum { T_SHARED, T_CLEAN, T_COPIED };

static void tmaps_make(struct tmaps *t, int fd)
{
    t->m[T_SHARED] = MAP(3 * PG, RW, MAP_SHARED, fd, 0);
    t->m[T_CLEAN] = MAP(3 * PG, RW, MAP_PRIVATE, fd, 0);
    t->m[T_COPIED] = MAP(3 * PG, RW, MAP_PRIVATE, fd, 0);
}

/* tmaps_touch: every page of every mapping mapped: the copied mapping's
 * pages 1 and 2 written first (copies), then everything read. */
static void tmaps_touch(struct tmaps *t, uint8_t mark)
{
    t->m[T_COPIED][PG + 1] = mark;
    t->m[T_COPIED][2 * PG + 1] = mark;
    for (int i = 0; i < 3; i++) {
        expect_pat(t->m[i], 0, PG + 1, SEED);
        expect_pat(t->m[i], PG + 2, 2 * PG + 1, SEED);
        expect_pat(t->m[i], 2 * PG + 2, 3 * PG, SEED);
        for (int p = 0; p < 3; p++)
            CHECK(virt_to_phys(t->m[i] + p * PG) != -1);
    }
    CHECK(virt_to_phys(t->m[T_COPIED] + 2 * PG) != virt_to_phys(t->m[T_SHARED] + 2 * PG));
}

/* tmaps_check_cut: the file is KEEP bytes now. Page 2 is mapped nowhere
 * (so a child, which copies our entries, would find it mapped if we had
 * kept it), and a touch is SIGBUS; page 1 holds the kept bytes, then
 * zeros, except in the copy, which is ours. */
static void tmaps_check_cut(const struct tmaps *t, uint8_t mark)
{
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(virt_to_phys(t->m[i] + 2 * PG), -1);
        expect_bus(t->m[i] + 2 * PG, 0);
        expect_bus(t->m[i] + 2 * PG + 9, 1);
        expect_pat(t->m[i], 0, PG, SEED);
    }
    for (int i = T_SHARED; i <= T_CLEAN; i++) {
        expect_pat(t->m[i], PG, KEEP, SEED);
        for (size_t b = KEEP; b < 2 * PG; b++)
            CHECK_EQ(t->m[i][b], 0);
    }
    CHECK_EQ(t->m[T_COPIED][PG + 1], mark);
    expect_pat(t->m[T_COPIED], PG + 2, 2 * PG, SEED);
}

/* tmaps_check_grown: the file is 3 pages again: page 2 is new, zeros in
 * every mapping (not the old bytes, not the copy's), and so is page 1
 * past KEEP. */
static void tmaps_check_grown(const struct tmaps *t)
{
    for (int i = 0; i < 3; i++)
        for (size_t b = 2 * PG; b < 3 * PG; b++)
            CHECK_EQ(t->m[i][b], 0);
    for (int i = T_SHARED; i <= T_CLEAN; i++)
        for (size_t b = KEEP; b < 2 * PG; b++)
            CHECK_EQ(t->m[i][b], 0);
    CHECK_EQ(virt_to_phys(t->m[T_CLEAN] + 2 * PG), virt_to_phys(t->m[T_SHARED] + 2 * PG));
}

static void tmaps_drop(struct tmaps *t)
{
    for (int i = 0; i < 3; i++)
        OK(munmap(t->m[i], 3 * PG));
}

void test_truncate(void)
{
    int fd = mf_create(P_TRUNC, 3 * PG, SEED);
    struct tmaps t;
    tmaps_make(&t, fd);
    tmaps_touch(&t, 0xc1);
    OK(ftruncate(fd, KEEP));
    tmaps_check_cut(&t, 0xc1);
    OK(ftruncate(fd, 3 * PG));
    tmaps_check_grown(&t);
    CHECK_EQ(byte_at(fd, 2 * PG + 1), 0);
    tmaps_drop(&t);
    OK(close(fd));
    OK(unlink(P_TRUNC));
}

/* The same with a second process: a child maps the file too (the
 * mappings it inherits, with copies of its own, and one it makes), and
 * the parent's ftruncate cuts the child's mappings as well as its own. */
void test_truncate_fork(void)
{
    int fd = mf_create(P_TRUNC, 3 * PG, SEED);
    struct tmaps t;
    tmaps_make(&t, fd);
    tmaps_touch(&t, 0xc1);
    *turn = 0;
    pid_t pid = FORK();
    if (pid == 0) {
        tmaps_touch(&t, 0xd1);                   /* copies of its own now */
        uint8_t *own = MAP(3 * PG, PROT_READ, MAP_SHARED, fd, 0);
        expect_pat(own, 2 * PG, 3 * PG, SEED);
        *turn = 1;
        await(2);                                /* the parent has cut it */
        tmaps_check_cut(&t, 0xd1);
        CHECK_EQ(virt_to_phys(own + 2 * PG), -1);
        expect_bus(own + 2 * PG, 0);
        *turn = 3;
        await(4);                                /* and grown it again */
        tmaps_check_grown(&t);
        CHECK_EQ(own[2 * PG + 1], 0);
        exit(0);
    }
    await(1);
    OK(ftruncate(fd, KEEP));
    *turn = 2;
    tmaps_check_cut(&t, 0xc1);
    await(3);
    OK(ftruncate(fd, 3 * PG));
    *turn = 4;
    EXPECT_EXIT(pid, 0);
    tmaps_check_grown(&t);
    tmaps_drop(&t);
    OK(close(fd));
    OK(unlink(P_TRUNC));
}
