/* kmalloc.c -- a slab allocator with power-of-two size classes.
 * Each slab is one page: a header, then equal-sized objects. Slabs with
 * free objects sit on their class's list. Guarded by kmalloc_lock. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/failalloc.h"

#define KMALLOC_MIN_SHIFT 5                 /* 32 bytes */
#define KMALLOC_CLASSES 7                   /* 32 .. 2048 */
#define SLAB_MAGIC 0x51ab51abu

struct slab {
    uint32_t magic;
    uint16_t size, inuse;
    void *free;                             /* free objects, linked through themselves */
    struct slab *next, *prev;               /* [kmalloc_lock] the class's partial list */
};

static struct spinlock kmalloc_lock = SPINLOCK_INIT("kmalloc");
static struct slab *partial[KMALLOC_CLASSES];   /* [kmalloc_lock] */
static size_t nslabs;                            /* [kmalloc_lock] */

/* The smallest class that holds size bytes (1 <= size <= KMALLOC_MAX):
 * from the highest bit of size - 1, not a loop over the classes. */
static int kmalloc_class(size_t size)
{
    if (size <= ((size_t)1 << KMALLOC_MIN_SHIFT))
        return 0;
    return 64 - __builtin_clzl(size - 1) - KMALLOC_MIN_SHIFT;
}

/* Objects start after the header, aligned to their own size (max 64). */
static size_t slab_first(size_t size) { return ALIGN_UP(sizeof(struct slab), MIN(size, 64)); }

static struct slab *slab_new(int c)
{
    struct page *pg = page_alloc_raw(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!pg)
        return 0;
    struct slab *s = page_kva(pg);
    size_t size = (size_t)1 << (c + KMALLOC_MIN_SHIFT);
    *s = (struct slab){ .magic = SLAB_MAGIC, .size = size };
    for (size_t off = slab_first(size); off + size <= PAGE_SIZE; off += size) {
        void **obj = (void **)((char *)s + off);
        *obj = s->free;
        s->free = obj;
    }
    nslabs++;
    return s;
}

static void slab_unlink(struct slab *s, int c)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        partial[c] = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->next = s->prev = 0;
}

static void slab_push(struct slab *s, int c)
{
    s->prev = 0;
    s->next = partial[c];
    if (s->next)
        s->next->prev = s;
    partial[c] = s;
}

static void *kmalloc_pages_alloc(size_t size)
{
    if (size > PAGE_SIZE)
        return 0;            /* multi-page objects: not needed yet */
    struct page *pg = page_alloc_raw(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    return pg ? page_kva(pg) : 0;
}

void *kmalloc(size_t size)
{
    if (failalloc_now())
        return 0;                /* on purpose: mm/failalloc.h */
    if (size > KMALLOC_MAX)
        return kmalloc_pages_alloc(size);
    int c = kmalloc_class(size ? size : 1);
    spin_lock(&kmalloc_lock);
    struct slab *s = partial[c];
    if (!s && (s = slab_new(c)))
        slab_push(s, c);
    if (!s) {
        spin_unlock(&kmalloc_lock);
        return 0;
    }
    void **obj = s->free;
    s->free = *obj;
    s->inuse++;
    if (!s->free)
        slab_unlink(s, c);
    spin_unlock(&kmalloc_lock);
    memset(obj, 0, s->size);
    return obj;
}

void kfree(void *p)
{
    if (!p)
        return;
    if (PAGE_ALIGNED(p)) {                   /* a whole-page object */
        page_put(pa_to_page(kva_to_pa(p)));
        return;
    }
    struct slab *s = (struct slab *)PAGE_ALIGN_DOWN(p);
    assert_eq(s->magic, SLAB_MAGIC);
    int c = kmalloc_class(s->size);
    if (page_junk)
        memset(p, PAGE_JUNK_FREE, s->size);
    spin_lock(&kmalloc_lock);
    assert(s->inuse > 0);
    bool was_full = !s->free;
    *(void **)p = s->free;
    s->free = p;
    if (was_full)
        slab_push(s, c);
    if (--s->inuse == 0) {
        slab_unlink(s, c);
        nslabs--;
        spin_unlock(&kmalloc_lock);
        page_put(pa_to_page(kva_to_pa(s)));
        return;
    }
    spin_unlock(&kmalloc_lock);
}

size_t kmalloc_pages(void) { return nslabs; }
