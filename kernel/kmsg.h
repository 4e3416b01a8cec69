/* kmsg.h -- the kernel log kept in memory: a ring of the last bytes the
 * kernel printed (kprintf), for machines without a serial port. dmesg in
 * the shell and syslog(2) read it (kernel/sys_syslog.c); F2 on the
 * keyboard pages through it on the screen (kernel/console/kmsg_pager.c).
 *
 * Until the page allocator runs the ring is a small static buffer
 * (KMSG_EARLY bytes: the lines before kmsg_init). kmsg_init then takes
 * KMSG_PAGES pages for a 64 KiB ring, keeping what was logged, on a
 * machine with KMSG_MIN_MANAGED pages or more. A smaller machine keeps no
 * log to read: the code that reads it (kmsg_read.c, sys_syslog.c, the
 * pager) sits on pages of its own, which it gives to the allocator
 * instead (at mem=2M every page counts).
 *
 * Positions are byte counts since boot ("the 1000th byte ever logged"),
 * so a reader can tell what the ring has overwritten. */
#ifndef KERNEL_KMSG_H
#define KERNEL_KMSG_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define KMSG_EARLY 704
#define KMSG_PAGES 16                 /* 64 KiB */
#define KMSG_MIN_MANAGED 4096         /* pages (16 MiB) for the big ring */

/* A ring: nchunks chunks of chunk_size bytes. The kernel has one (kmsg_*
 * below); tests make small ones. */
struct kmsg_ring {
    char **chunk;
    size_t chunk_size;
    int nchunks;
    uint64_t written;                 /* bytes ever appended */
};

void kmsg_ring_append(struct kmsg_ring *r, const char *s, size_t n);
uint64_t kmsg_ring_oldest(const struct kmsg_ring *r);   /* first byte still held */
char kmsg_ring_byte(const struct kmsg_ring *r, uint64_t pos);
/* kmsg_ring_first_line: the first position at or after the oldest byte
 * that starts a line (a wrapped ring's oldest line is cut). */
uint64_t kmsg_ring_first_line(const struct kmsg_ring *r);
/* kmsg_ring_line_from: the first line start at or after pos. */
uint64_t kmsg_ring_line_from(const struct kmsg_ring *r, uint64_t pos);
/* kmsg_ring_copy: bytes [from, from + n) (all must be held) into buf. */
void kmsg_ring_copy(const struct kmsg_ring *r, uint64_t from, char *buf, size_t n);

/* The kernel's log. kmsg_append is printk's (under printk_lock). */
void kmsg_append(const char *s, size_t n);
void kmsg_init(void);                 /* after mm_init, screen_init */
/* kmsg_lock_ring / kmsg_unlock_ring: hold the ring still (the pager reads
 * it byte by byte); returns the ring, valid until the unlock. */
const struct kmsg_ring *kmsg_lock_ring(void);
void kmsg_unlock_ring(void);

/* kmsg_kept: does this machine keep the log (the big ring)? */
bool kmsg_kept(void);

/* Only on a machine with the big ring (kmsg_read.c, sys_syslog.c): */
bool kmsg_grow(void);                 /* take the pages, move the log over */
void kmsg_switch(const struct kmsg_ring *big);   /* caller holds the ring */
size_t kmsg_capacity(void);
/* kmsg_tail: where the newest whole lines that fit in n bytes start, and
 * (*end) where the log ends now. */
uint64_t kmsg_tail(size_t n, uint64_t *end);
/* kmsg_read_at: up to n bytes from *pos (moved past the ring's overwrites
 * first, then past what was read) into buf, a kernel buffer; the count. */
size_t kmsg_read_at(uint64_t *pos, uint64_t end, char *buf, size_t n);
long kmsg_syslog(long type, uintptr_t ubuf, long len);
void kmsg_pager_init(void);           /* F2 shows the log on the screen */
#endif
