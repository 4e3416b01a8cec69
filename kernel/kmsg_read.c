/* kmsg_read.c -- reading the kernel log kept in memory, and giving it its
 * big ring (see kmsg.h). On pages of their own (.kmsg_code), which a
 * small machine gives back. */
#include "kernel/kernel.h"
#include "kernel/kmsg.h"
#include "mm/page.h"
#include "mm/kmalloc.h"

void kmsg_ring_copy(const struct kmsg_ring *r, uint64_t from, char *buf, size_t n)
{
    assert(from >= kmsg_ring_oldest(r) && from + n <= r->written);
    size_t cap = r->chunk_size * (size_t)r->nchunks;
    while (n) {
        uint64_t off = from % cap;
        size_t in = off % r->chunk_size, m = MIN(n, r->chunk_size - in);
        memcpy(buf, r->chunk[off / r->chunk_size] + in, m);
        from += m;
        buf += m;
        n -= m;
    }
}

/* pos itself if a line starts there, else just past the next newline (or
 * the end). At the oldest byte held the byte before is gone, so that
 * line counts as cut. */
uint64_t kmsg_ring_line_from(const struct kmsg_ring *r, uint64_t pos)
{
    if (pos == 0 || (pos > kmsg_ring_oldest(r) && kmsg_ring_byte(r, pos - 1) == '\n'))
        return pos;
    while (pos < r->written && kmsg_ring_byte(r, pos) != '\n')
        pos++;
    return pos < r->written ? pos + 1 : r->written;
}

uint64_t kmsg_ring_first_line(const struct kmsg_ring *r)
{
    return kmsg_ring_line_from(r, kmsg_ring_oldest(r));
}

/* Whole pages, each in the direct map: the ring needs no contiguous
 * memory. What the early buffer held moves over at the same positions. */
bool kmsg_grow(void)
{
    char **chunks = kmalloc(KMSG_PAGES * sizeof(char *));   /* not static: see kmsg.h */
    if (!chunks)
        return false;
    for (int i = 0; i < KMSG_PAGES; i++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!pg) {
            while (i--)
                page_put(pa_to_page(kva_to_pa(chunks[i])));
            kfree(chunks);
            return false;
        }
        chunks[i] = page_kva(pg);
    }
    struct kmsg_ring big = { .chunk = chunks, .chunk_size = PAGE_SIZE, .nchunks = KMSG_PAGES };
    const struct kmsg_ring *early = kmsg_lock_ring();
    uint64_t from = kmsg_ring_first_line(early);
    big.written = from;
    for (uint64_t pos = from; pos < early->written; pos++) {
        char c = kmsg_ring_byte(early, pos);
        kmsg_ring_append(&big, &c, 1);
    }
    kmsg_switch(&big);
    kmsg_unlock_ring();
    kprintf("kmsg: the log is kept in memory, %lu KiB: dmesg, or F2 on the keyboard\n",
            KMSG_PAGES * PAGE_SIZE / 1024);
    return true;
}

size_t kmsg_capacity(void)
{
    const struct kmsg_ring *r = kmsg_lock_ring();
    size_t cap = r->chunk_size * (size_t)r->nchunks;
    kmsg_unlock_ring();
    return cap;
}

uint64_t kmsg_tail(size_t n, uint64_t *end)
{
    const struct kmsg_ring *r = kmsg_lock_ring();
    uint64_t first = kmsg_ring_first_line(r);
    *end = r->written;
    uint64_t from = *end - first > n ? kmsg_ring_line_from(r, *end - n) : first;
    kmsg_unlock_ring();
    return from;
}

size_t kmsg_read_at(uint64_t *pos, uint64_t end, char *buf, size_t n)
{
    const struct kmsg_ring *r = kmsg_lock_ring();
    uint64_t oldest = kmsg_ring_oldest(r);
    if (*pos < oldest)
        *pos = kmsg_ring_line_from(r, oldest);   /* overwritten meanwhile */
    size_t m = *pos < end ? (size_t)MIN((uint64_t)n, end - *pos) : 0;
    kmsg_ring_copy(r, *pos, buf, m);
    *pos += m;
    kmsg_unlock_ring();
    return m;
}
