/* malloc.c -- a first-fit free-list allocator.
 *
 * The heap is one contiguous range [heap_start, heap_end) that starts at the
 * first page boundary at or above the program's _end (user.ld) and grows a
 * page at a time: page_alloc(heap_end) asks the kernel for a fresh zeroed
 * page there.
 *
 * Every block starts with a 16-byte header and has a size (header included)
 * that is a multiple of 16, so payloads are 16-byte aligned. Free blocks sit
 * on one list sorted by address; free() merges a block with its free
 * neighbours on both sides, so no two free blocks are ever adjacent. An
 * allocated block's `next` holds BLOCK_USED, which free() and realloc()
 * check to catch bad and double frees. One mutex (futex.h) makes it safe
 * for threads.
 */
#include <stdint.h>
#include "arch/x86_64/memlayout.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "futex.h"

struct block {
    size_t size;            /* bytes, header included; multiple of 16 */
    struct block *next;     /* free: next free block by address;
                               in use: BLOCK_USED */
};

#define BLOCK_USED ((struct block *)0xa110c8edfeedfaceUL) /* non-canonical */
#define HDR        sizeof(struct block)
#define MIN_BLOCK  (2 * HDR)    /* a split never leaves less than this */

_Static_assert(sizeof(struct block) == 16, "payloads must be 16-aligned");

extern char _end[];                 /* user.ld: end of .bss */

static struct block *free_list;     /* sorted by address */
static uintptr_t heap_start, heap_end;

/* block_size: the block size that holds n payload bytes; 0 if too big. */
static size_t block_size(size_t n)
{
    if (n > SIZE_MAX / 2)
        return 0;
    size_t size = (n + HDR + 15) & ~(size_t)15;
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* free_insert: put b on the free list, merging it with free neighbours. */
static void free_insert(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    if (cur && (char *)b + b->size == (char *)cur) {
        b->size += cur->size;
        b->next = cur->next;
    } else {
        b->next = cur;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        free_list = b;
    }
}

/* heap_grow: map enough new pages at heap_end that a free block of `need`
 * bytes exists (counting a free block that already ends at heap_end).
 * Pages mapped before a failure are kept as free space. Returns 0 or -1. */
static int heap_grow(size_t need)
{
    if (heap_start == 0)
        heap_start = heap_end = PAGE_ALIGN_UP(_end);
    struct block *tail = free_list;
    while (tail && tail->next)
        tail = tail->next;
    if (tail && (uintptr_t)tail + tail->size == heap_end)
        need -= tail->size < need ? tail->size : need;
    if (need > USER_TOP - heap_end)
        return -1;

    uintptr_t old_end = heap_end, want = PAGE_ALIGN_UP(heap_end + need);
    while (heap_end < want && page_alloc((void *)heap_end) == 0)
        heap_end += PAGE_SIZE;
    if (heap_end > old_end) {
        struct block *b = (struct block *)old_end;
        b->size = heap_end - old_end;
        free_insert(b);
    }
    return heap_end == want ? 0 : -1;
}

/* take: carve `size` bytes from the front of free block b (whose list
 * predecessor is prev), splitting off the rest if it is big enough. */
static void *take(struct block *prev, struct block *b, size_t size)
{
    struct block *rest = b->next;
    if (b->size - size >= MIN_BLOCK) {
        rest = (struct block *)((char *)b + size);
        rest->size = b->size - size;
        rest->next = b->next;
        b->size = size;
    }
    if (prev)
        prev->next = rest;
    else
        free_list = rest;
    b->next = BLOCK_USED;
    return b + 1;
}

/* find_fit: first free block of at least size bytes, or NULL. */
static struct block *find_fit(size_t size, struct block **prevp)
{
    struct block *prev = NULL;
    for (struct block *b = free_list; b; prev = b, b = b->next) {
        if (b->size >= size) {
            *prevp = prev;
            return b;
        }
    }
    return NULL;
}

static void *heap_malloc(size_t n)
{
    size_t size = block_size(n);
    struct block *prev, *b;
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    b = find_fit(size, &prev);
    if (!b && heap_grow(size) == 0)
        b = find_fit(size, &prev);
    if (!b) {
        errno = ENOMEM;
        return NULL;
    }
    return take(prev, b, size);
}

/* header_of: p's block header; aborts if p is not a live malloc block. */
static struct block *header_of(void *p, const char *who)
{
    struct block *b = (struct block *)p - 1;
    if (((uintptr_t)p & 15) != 0 || (uintptr_t)b < heap_start ||
        (uintptr_t)p >= heap_end || b->next != BLOCK_USED) {
        dprintf(STDERR_FILENO,
                "%s: bad pointer %p (not allocated, or freed twice)\n", who, p);
        abort();
    }
    return b;
}

static void heap_free(void *p)
{
    if (p)
        free_insert(header_of(p, "free"));
}

void *calloc(size_t count, size_t size)
{
    size_t n;
    if (__builtin_mul_overflow(count, size, &n)) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

/* grow_in_place: extend b by absorbing the free block right after it, if
 * that gives at least size bytes. Returns 1 on success. */
static int grow_in_place(struct block *b, size_t size)
{
    struct block *prev = NULL, *cur = free_list;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    if (!cur || (char *)b + b->size != (char *)cur ||
        b->size + cur->size < size)
        return 0;
    /* Make b + cur one free block in cur's place, then carve from it. */
    b->size += cur->size;
    b->next = cur->next;
    take(prev, b, size);
    return 1;
}

static void *heap_realloc(void *p, size_t n)
{
    if (!p)
        return heap_malloc(n);
    struct block *b = header_of(p, "realloc");
    size_t size = block_size(n);
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    if (b->size >= size) {
        if (b->size - size >= MIN_BLOCK) {      /* give the tail back */
            struct block *rest = (struct block *)((char *)b + size);
            rest->size = b->size - size;
            b->size = size;
            free_insert(rest);
        }
        return p;
    }
    if (grow_in_place(b, size))
        return p;
    void *q = heap_malloc(n);
    if (q) {
        memcpy(q, p, b->size - HDR);
        heap_free(p);
    }
    return q;
}

/* The heap is one for all the threads of a process: one lock around it. */
static struct mutex heap_lock = MUTEX_INIT;

void *malloc(size_t n)
{
    mutex_lock(&heap_lock);
    void *p = heap_malloc(n);
    mutex_unlock(&heap_lock);
    return p;
}

void free(void *p)
{
    mutex_lock(&heap_lock);
    heap_free(p);
    mutex_unlock(&heap_lock);
}

void *realloc(void *p, size_t n)
{
    mutex_lock(&heap_lock);
    void *q = heap_realloc(p, n);
    mutex_unlock(&heap_lock);
    return q;
}
