/* pcache.c -- a file's page cache (see pcache.h, pcache_internal.h for
 * the table and its entries; pcache_swap.c sends a tmpfs file's pages to
 * swap). */
#include "kernel/kernel.h"
#include "fs/pcache.h"
#include "fs/pcache_internal.h"
#include "mm/page.h"
#include "mm/mm_check.h"

/* Every cache, for mm_check's count and /proc/meminfo's Cached. */
struct spinlock pcache_list_lock = SPINLOCK_INIT("pcache list");
struct pcache *pcache_list;                /* [pcache_list_lock] */
size_t pcache_pages;                       /* [atomic] pages in every cache */
static size_t pcache_tables;               /* [atomic] their table pages */

/* pcache_table_alloc, pcache_table_put: a table page, counted. */
static struct page *pcache_table_alloc(void)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (pg)
        __atomic_add_fetch(&pcache_tables, 1, __ATOMIC_RELAXED);
    return pg;
}

static void pcache_table_put(struct page *pg)
{
    __atomic_sub_fetch(&pcache_tables, 1, __ATOMIC_RELAXED);
    page_put(pg);
}

static void pcache_count_all(void);
static bool pcache_shrinker(void);

void pcache_init(struct pcache *pc)
{
    static bool registered;
    spinlock_init(&pc->lock, "pcache");
    pc->root = 0;
    pc->npages = pc->ndirty = 0;
    pc->nswapped = 0;
    pc->droppable = pc->swappable = false;
    pc->two_level = false;
    pc->hand = 0;
    pc->io = 0;
    spin_lock(&pcache_list_lock);
    if (!registered) {
        mm_check_add_holder("page-cache", pcache_count_all);
        page_set_shrinker(pcache_shrinker);
        pcache_swap_init();
    }
    registered = true;
    pc->next = pcache_list;
    pcache_list = pc;
    spin_unlock(&pcache_list_lock);
}

struct page **pcache_leaf_ref(struct pcache *pc, uint64_t t)
{
    if (!pc->two_level)
        return t == 0 ? &pc->root : 0;
    return (struct page **)page_kva(pc->root) + t;
}

uintptr_t *pcache_slot(struct pcache *pc, uint64_t index, bool make)
{
    assert(spin_holding(&pc->lock));
    if (index >= PCACHE_MAX_PAGES)
        return 0;
    uint64_t t = index / PCACHE_PER_TABLE;
    if (t > 0 && !pc->two_level) {
        struct page *top = make ? pcache_table_alloc() : 0;
        if (!top)
            return 0;
        ((struct page **)page_kva(top))[0] = pc->root;   /* the first leaf, if any */
        pc->root = top;
        pc->two_level = true;
    }
    struct page **leaf = pcache_leaf_ref(pc, t);
    if (!*leaf) {
        if (!make || !(*leaf = pcache_table_alloc()))
            return 0;
    }
    return (uintptr_t *)page_kva(*leaf) + index % PCACHE_PER_TABLE;
}

/* pcache_get_locked: pcache_get's work. Caller holds pc->lock. */
static struct page *pcache_get_locked(struct pcache *pc, uint64_t index, bool dirty, pcache_fill_fn *fill,
                                      void *owner, uint32_t *out)
{
    assert(spin_holding(&pc->lock));
    uintptr_t *e = pcache_slot(pc, index, true);
    *out = 0;
    if (e && (*e & ENTRY_SWAPPED) && !pcache_swap_take(pc, e)) {
        *out = entry_slot(*e);   /* on the device only: the caller reads it */
        return 0;
    }
    if (e && !*e) {
        struct page *pg = page_alloc(PAGE_CACHE, PAGE_OWNER_KERNEL, 0);
        if (pg) {
            fill(owner, index, page_kva(pg));
            *e = entry_of_page(pg);
            pc->npages++;
            __atomic_add_fetch(&pcache_pages, 1, __ATOMIC_RELAXED);
        }
    }
    if (!e || !*e)
        return 0;
    if (dirty && !(*e & ENTRY_DIRTY)) {
        *e |= ENTRY_DIRTY;
        pc->ndirty++;
    }
    *e |= ENTRY_USED;            /* a second chance from the swap clock */
    struct page *pg = entry_page(*e);
    page_ref(pg);
    return pg;
}

struct page *pcache_get(struct pcache *pc, uint64_t index, bool dirty, pcache_fill_fn *fill, void *owner,
                        uint32_t *slot)
{
    spin_lock(&pc->lock);
    struct page *pg = pcache_get_locked(pc, index, dirty, fill, owner, slot);
    spin_unlock(&pc->lock);
    return pg;
}

/* The reference and its record change together, under pc->lock, so
 * mm_check never sees one without the other. */
struct page *pcache_get_io(struct pcache *pc, uint64_t index, bool dirty, pcache_fill_fn *fill, void *owner,
                           uint32_t *slot)
{
    spin_lock(&pc->lock);
    assert(!pc->io);
    struct page *pg = pc->io = pcache_get_locked(pc, index, dirty, fill, owner, slot);
    spin_unlock(&pc->lock);
    return pg;
}

void pcache_put_io(struct pcache *pc, struct page *pg)
{
    spin_lock(&pc->lock);
    assert(pc->io == pg);
    pc->io = 0;
    page_put(pg);
    spin_unlock(&pc->lock);
}

struct page *pcache_peek(struct pcache *pc, uint64_t index)
{
    spin_lock(&pc->lock);
    uintptr_t *e = pcache_slot(pc, index, false);
    struct page *pg = e && *e && !(*e & ENTRY_SWAPPED) ? entry_page(*e) : 0;
    if (pg)
        page_ref(pg);            /* not marked used: fault-around maps it unused */
    spin_unlock(&pc->lock);
    return pg;
}

bool pcache_has(struct pcache *pc, uint64_t index)
{
    spin_lock(&pc->lock);
    uintptr_t *e = pcache_slot(pc, index, false);
    bool has = e && *e;
    spin_unlock(&pc->lock);
    return has;
}

/* Drop the entry at e (the cache's reference, or its name of a swap
 * slot). Caller holds pc->lock. */
static void pcache_drop(struct pcache *pc, uintptr_t *e)
{
    if (*e & ENTRY_DIRTY)
        pc->ndirty--;
    if (*e & ENTRY_SWAPPED) {
        pc->nswapped--;
        swap_obj_drop(entry_slot(*e));
    } else {
        pc->npages--;
        __atomic_sub_fetch(&pcache_pages, 1, __ATOMIC_RELAXED);
        page_put(entry_page(*e));
    }
    *e = 0;
}

void pcache_truncate(struct pcache *pc, uint64_t from, size_t tail)
{
    spin_lock(&pc->lock);
    if (tail && from > 0) {
        uintptr_t *e = pcache_slot(pc, from - 1, false);
        /* The caller holds the page in memory if it had one; one a fault
         * made since (a hole's zeros) and swap took is left as it is. */
        if (e && *e && !(*e & ENTRY_SWAPPED))
            memset((uint8_t *)page_kva(entry_page(*e)) + tail, 0, PAGE_SIZE - tail);
    }
    for (uint64_t t = from / PCACHE_PER_TABLE; pc->root && t < PCACHE_PER_TABLE; t++) {
        struct page **leaf = pcache_leaf_ref(pc, t);
        if (!leaf || !*leaf)
            continue;
        uintptr_t *e = page_kva(*leaf);
        uint64_t first = t == from / PCACHE_PER_TABLE ? from % PCACHE_PER_TABLE : 0;
        for (uint64_t i = first; i < PCACHE_PER_TABLE; i++)
            if (e[i])
                pcache_drop(pc, &e[i]);
        if (first == 0) {
            pcache_table_put(*leaf);
            *leaf = 0;
        }
    }
    spin_unlock(&pc->lock);
}

void pcache_release(struct pcache *pc)
{
    pcache_truncate(pc, 0, 0);                 /* every leaf, and a lone leaf at root */
    spin_lock(&pc->lock);
    if (pc->two_level)
        pcache_table_put(pc->root);
    pc->root = 0;
    pc->two_level = false;
    spin_unlock(&pc->lock);
    spin_lock(&pcache_list_lock);
    struct pcache **pp = &pcache_list;
    while (*pp != pc)
        pp = &(*pp)->next;
    *pp = pc->next;
    if (pcache_hand == pc)
        pcache_hand = pc->next;                /* the swap clock's hand moves on */
    spin_unlock(&pcache_list_lock);
}

void pcache_count_refs(struct pcache *pc)
{
    spin_lock(&pc->lock);
    for (size_t t = 0; pc->root && t < PCACHE_PER_TABLE; t++) {
        struct page **leaf = pcache_leaf_ref(pc, t);
        if (!leaf || !*leaf)
            continue;
        uintptr_t *e = page_kva(*leaf);
        for (size_t i = 0; i < PCACHE_PER_TABLE; i++)
            if (e[i] && !(e[i] & ENTRY_SWAPPED))
                mm_check_count(entry_page(e[i]));
    }
    if (pc->io)
        mm_check_count(pc->io);
    spin_unlock(&pc->lock);
}

static void pcache_count_all(void)
{
    spin_lock(&pcache_list_lock);
    for (struct pcache *pc = pcache_list; pc; pc = pc->next)
        pcache_count_refs(pc);
    spin_unlock(&pcache_list_lock);
}

/* Drop what pc can spare, up to n pages. Caller holds pc->lock. */
static size_t pcache_shrink_one(struct pcache *pc, size_t n)
{
    assert(spin_holding(&pc->lock));
    size_t dropped = 0;
    if (!pc->droppable)
        return 0;
    for (size_t t = 0; pc->root && t < PCACHE_PER_TABLE && dropped < n; t++) {
        struct page **leaf = pcache_leaf_ref(pc, t);
        if (!leaf || !*leaf)
            continue;
        uintptr_t *e = page_kva(*leaf);
        for (size_t i = 0; i < PCACHE_PER_TABLE && dropped < n; i++) {
            /* Under pc->lock nobody can take a new reference on a cached
             * page, so one reference is the cache's alone. */
            if (e[i] && !(e[i] & (ENTRY_DIRTY | ENTRY_SWAPPED)) && page_refcount(entry_page(e[i])) == 1) {
                pcache_drop(pc, &e[i]);
                dropped++;
            }
        }
    }
    return dropped;
}

size_t pcache_shrink(size_t n)
{
    size_t dropped = 0;
    if (!spin_trylock(&pcache_list_lock))
        return 0;
    for (struct pcache *pc = pcache_list; pc && dropped < n; pc = pc->next) {
        if (!pc->droppable || !spin_trylock(&pc->lock))
            continue;
        dropped += pcache_shrink_one(pc, n - dropped);
        spin_unlock(&pc->lock);
    }
    spin_unlock(&pcache_list_lock);
    return dropped;
}

#define PCACHE_SHRINK_BATCH 32

static bool pcache_shrinker(void) { return pcache_shrink(PCACHE_SHRINK_BATCH) > 0; }

size_t pcache_total(void) { return __atomic_load_n(&pcache_pages, __ATOMIC_RELAXED); }

size_t pcache_kept(void)
{
    return pcache_total() + __atomic_load_n(&pcache_tables, __ATOMIC_RELAXED);
}
