/* kmsg.c -- the kernel log kept in memory (see kmsg.h): the part every
 * machine keeps, which printk writes through. Reading it and growing it
 * are in kmsg_read.c, on pages a small machine gives back. */
#include "kernel/kernel.h"
#include "kernel/kmsg.h"
#include "kernel/spinlock.h"
#include "mm/kmap.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

extern char __kmsg_code_start[], __kmsg_code_end[];

static size_t kmsg_ring_cap(const struct kmsg_ring *r)
{
    return r->chunk_size * (size_t)r->nchunks;
}

uint64_t kmsg_ring_oldest(const struct kmsg_ring *r)
{
    size_t cap = kmsg_ring_cap(r);
    return r->written > cap ? r->written - cap : 0;
}

char kmsg_ring_byte(const struct kmsg_ring *r, uint64_t pos)
{
    uint64_t off = pos % kmsg_ring_cap(r);
    return r->chunk[off / r->chunk_size][off % r->chunk_size];
}

void kmsg_ring_append(struct kmsg_ring *r, const char *s, size_t n)
{
    size_t cap = kmsg_ring_cap(r);
    if (n > cap) {                    /* only the end of it can be kept */
        r->written += n - cap;
        s += n - cap;
        n = cap;
    }
    while (n) {
        uint64_t off = r->written % cap;
        size_t in = off % r->chunk_size, m = MIN(n, r->chunk_size - in);
        memcpy(r->chunk[off / r->chunk_size] + in, s, m);
        r->written += m;
        s += m;
        n -= m;
    }
}

/* kmsg_lock guards the ring (its chunks and written); printk_lock comes
 * before it. The early buffer stays the ring on small machines. */
static struct spinlock kmsg_lock = SPINLOCK_INIT("kmsg");
static char kmsg_early[KMSG_EARLY];
static char *kmsg_early_chunk[1] = { kmsg_early };
static struct kmsg_ring kmsg = { .chunk = kmsg_early_chunk, .chunk_size = KMSG_EARLY, .nchunks = 1 };
static bool kmsg_big;                 /* set once, at boot: kmsg_read.c's code is there */

/* A panic prints with no locks (panic_stopping): so does its copy here. */
void kmsg_append(const char *s, size_t n)
{
    bool locked = !panic_stopping();
    if (locked)
        spin_lock(&kmsg_lock);
    kmsg_ring_append(&kmsg, s, n);
    if (locked)
        spin_unlock(&kmsg_lock);
}

const struct kmsg_ring *kmsg_lock_ring(void)
{
    spin_lock(&kmsg_lock);
    return &kmsg;
}

void kmsg_unlock_ring(void) { spin_unlock(&kmsg_lock); }

bool kmsg_kept(void) { return kmsg_big; }

/* kmsg_switch: from now on big is the ring (kmsg_read.c's kmsg_grow). */
void kmsg_switch(const struct kmsg_ring *big)
{
    assert(spin_holding(&kmsg_lock));
    kmsg = *big;
    kmsg_big = true;
}

void kmsg_init(void)
{
    if (page_nmanaged() >= KMSG_MIN_MANAGED && kmsg_grow()) {
        kmsg_pager_init();
        return;
    }
    size_t n = kmap_give_back(__kmsg_code_start, __kmsg_code_end);
    kprintf("kmsg: no log kept in memory under %d MiB; gave back %lu pages\n",
            KMSG_MIN_MANAGED / 256, n);
}

/* The reading side is gone on a small machine: dmesg finds an empty log
 * of size 0 there, and says why (userland/bin/sh). */
long sys_syslog(long type, uintptr_t ubuf, long len)
{
    if (kmsg_big)
        return kmsg_syslog(type, ubuf, len);
    return type >= 0 && type <= 10 ? 0 : -EINVAL;
}
