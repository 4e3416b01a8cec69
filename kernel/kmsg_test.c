/* kmsg_test.c -- the kernel log kept in memory (kmsg.h): a small ring
 * wraps, keeping the newest lines whole and dropping the oldest; the real
 * log keeps what kprintf printed. */
#include "kernel/kernel.h"
#include "kernel/kmsg.h"
#include "kernel/ktest.h"

/* Two chunks of 50 bytes (a chunk boundary in the middle of a line),
 * lines of 8 bytes: "line 00\n" ... "line 19\n", 160 bytes. */
KTEST(kmsg_ring_wraps)
{
    if (!kmsg_kept()) {
        kprintf("kmsg_ring_wraps: no log kept on this machine (its code was given back)\n");
        return;
    }
    char a[50], b[50];
    char *chunks[2] = { a, b };
    struct kmsg_ring r = { .chunk = chunks, .chunk_size = 50, .nchunks = 2 };
    char line[16];
    for (int i = 0; i < 20; i++) {
        snprintf(line, sizeof line, "line %02d\n", i);
        kmsg_ring_append(&r, line, 8);
    }
    KT_CHECK_EQ(r.written, 160);
    KT_CHECK_EQ(kmsg_ring_oldest(&r), 60);           /* mid "line 07" */
    uint64_t first = kmsg_ring_first_line(&r);
    KT_CHECK_EQ(first, 64);                           /* "line 08": the cut one is gone */
    char got[100];
    kmsg_ring_copy(&r, first, got, r.written - first);
    got[r.written - first] = 0;
    KT_CHECK(strcmp(got, "line 08\nline 09\nline 10\nline 11\nline 12\nline 13\nline 14\n"
                         "line 15\nline 16\nline 17\nline 18\nline 19\n") == 0);
    /* More than the whole ring at once: only its end stays. */
    char big[130];
    for (int i = 0; i < 130; i++)
        big[i] = i == 129 ? '\n' : (char)('a' + i % 26);
    kmsg_ring_append(&r, big, sizeof big);
    KT_CHECK_EQ(r.written, 290);
    KT_CHECK_EQ(kmsg_ring_byte(&r, 289), '\n');
    KT_CHECK_EQ(kmsg_ring_byte(&r, 190), big[30]);
    KT_CHECK_EQ(kmsg_ring_first_line(&r), 290);      /* no whole line left */
}

/* The kernel's own ring: a line kprintf printed is the newest whole line,
 * read back as syslog(2) reads it; asking for fewer bytes than the last
 * two lines gives only the last, whole. */
KTEST(kmsg_keeps_kprintf)
{
    if (!kmsg_kept()) {
        kprintf("kmsg_keeps_kprintf: no log kept on this machine\n");
        return;
    }
    KT_CHECK(kmsg_capacity() >= KMSG_PAGES * 4096);
    kprintf("kmsg test: first line\n");
    kprintf("kmsg test: second line\n");
    uint64_t end, pos = kmsg_tail(30, &end);
    char got[64];
    size_t n = kmsg_read_at(&pos, end, got, sizeof got - 1);
    got[n] = 0;
    KT_CHECK(strcmp(got, "kmsg test: second line\n") == 0);
}
