/* swap_slot.c -- the swap device's slots and the swap cache (swap.h).
 *
 * Each slot has a record: how many PTEs name it, and the page cached for
 * it (pfn + 1, or 0). Records live in pages of their own, 512 to a page,
 * found through one page of pointers: at most 512 * 512 slots (1 GiB of
 * swap), allocated as the device's size asks at start-up. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/wait.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/swap_io.h"
#include "mm/page.h"
#include "mm/mm_check.h"

struct swap_rec {
    uint32_t count;              /* PTEs that name the slot */
    uint32_t pfn1;               /* its cached page's pfn + 1, or 0 */
    uint32_t check;              /* mm_check's count of the names it finds */
    uint32_t unused;
};
#define SWAP_RECS_PER_PAGE (PAGE_SIZE / sizeof(struct swap_rec))
#define SWAP_MAX_SLOTS (SWAP_RECS_PER_PAGE * (PAGE_SIZE / sizeof(void *)))

struct spinlock swap_lock = SPINLOCK_INIT("swap");
static struct swap_rec **swap_recs;   /* [const after init] */
static uint32_t swap_n;               /* slots, slot 0 never used */
static uint32_t swap_used;            /* [swap_lock] slots named or cached */
static uint32_t swap_hand = 1;        /* [swap_lock] where the next search starts */
static long swap_frames;

static struct swap_rec *swap_rec(uint32_t s)
{
    assert(s > 0 && s < swap_n);
    return &swap_recs[s / SWAP_RECS_PER_PAGE][s % SWAP_RECS_PER_PAGE];
}

static void swap_count_cache(void)
{
    for (uint32_t s = 1; s < swap_n; s++)
        if (swap_rec(s)->pfn1)
            mm_check_count(pfn_to_page(swap_rec(s)->pfn1 - 1));
}

void swap_init(void)
{
    swap_frames = cmdline_get_long("frames", 0);
    if (swap_frames > 0 && swap_frames < SWAP_FRAMES_MIN) {
        kprintf("swap: frames=%ld is too few (one instruction can need %d pages); using %d\n", swap_frames,
                SWAP_FRAMES_MIN, SWAP_FRAMES_MIN);
        swap_frames = SWAP_FRAMES_MIN;
    }
    size_t n = swap_io_init();
    if (n == 0)
        return;
    n = MIN(n + 1, SWAP_MAX_SLOTS);   /* slot 0 is never used */
    struct page *dir = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    swap_recs = dir ? page_kva(dir) : 0;
    for (size_t i = 0; swap_recs && i * SWAP_RECS_PER_PAGE < n; i++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!pg) {
            kprintf("swap: no memory for the slot records; running without swap\n");
            swap_recs = 0;
            return;
        }
        swap_recs[i] = page_kva(pg);
    }
    if (!swap_recs)
        return;
    swap_n = (uint32_t)n;
    swap_reclaim_init();
    mm_check_add_holder("swap-cache", swap_count_cache);
    kprintf("swap: %u slots (%u KiB) on %s\n", swap_n - 1, (swap_n - 1) * 4, swap_io_name());
    if (swap_frames)
        kprintf("swap: every process keeps at most %ld pages in memory (frames=)\n", swap_frames);
}

bool swap_on(void) { return swap_n != 0; }
size_t swap_nslots(void) { return swap_n ? swap_n - 1 : 0; }
size_t swap_nused(void) { return __atomic_load_n(&swap_used, __ATOMIC_RELAXED); }
long swap_frames_default(void) { return swap_frames; }

uint32_t swap_slot_count(uint32_t s) { return swap_rec(s)->count; }

void swap_visit_slots(void (*fn)(uint32_t s, uint32_t count, struct page *pg))
{
    spin_lock(&swap_lock);
    for (uint32_t s = 1; s < swap_n; s++)
        if (swap_rec(s)->count || swap_rec(s)->pfn1)
            fn(s, swap_rec(s)->count, swap_slot_page(s));
    spin_unlock(&swap_lock);
}

/* ---- mm_check's part (mm/mm_check.c; every other CPU paused) ---------- */

void swap_check_begin(void)
{
    for (uint32_t s = 1; s < swap_n; s++)
        swap_rec(s)->check = 0;
}

const char *swap_check_name(pte_t e)
{
    uint32_t s = (uint32_t)PTE_SWAP_SLOT(e);
    if (s == 0 || s >= swap_n)
        return "names a slot the device does not have";
    swap_rec(s)->check++;
    return 0;
}

/* swap_check_end: every slot's count is the names found; a cached page
 * says it is (and for which slot); the used count is right. The failing
 * slot in *bad. */
const char *swap_check_end(uint32_t *bad)
{
    uint32_t used = 0;
    spin_lock(&swap_lock);
    const char *why = 0;
    for (uint32_t s = 1; s < swap_n && !why; s++) {
        struct swap_rec *r = swap_rec(s);
        struct page *pg = swap_slot_page(s);
        used += r->count || r->pfn1;
        *bad = s;
        if (r->count != r->check)
            why = "its count is not the number of PTEs that name it";
        else if (pg && (!(pg->flags & PG_SWAPCACHE) || pg->swap_slot != s ||
                        (pg->kind != PAGE_USER && pg->kind != PAGE_SHARED && pg->kind != PAGE_CACHE)))
            why = "its cached page does not say it is in the cache for it";
        else if (pg && !r->count && page_refcount(pg) == 1 && !(pg->flags & PG_SWAPIO))
            why = "its cached page is neither named nor mapped (lost)";
    }
    if (!why && used != swap_used) {
        *bad = 0;
        why = "the count of slots in use is wrong";
    }
    spin_unlock(&swap_lock);
    return why;
}

struct page *swap_slot_page(uint32_t s)
{
    uint32_t pfn1 = swap_rec(s)->pfn1;
    return pfn1 ? pfn_to_page(pfn1 - 1) : 0;
}

/* swap_slot_steal: the device is full: a slot whose page is in memory
 * and mapped (so no PTE names the slot) holds a copy nobody needs right
 * now; the page leaves the cache (the mappers keep it) and the slot is
 * free again, as Linux frees the swap of pages in memory when swap runs
 * full. 0 if there is none. */
static uint32_t swap_slot_steal(void)
{
    for (uint32_t s = 1; s < swap_n; s++) {
        struct page *pg = swap_slot_page(s);
        if (pg && !swap_rec(s)->count && page_refcount(pg) > 1 && !(pg->flags & PG_SWAPIO)) {
            swap_cache_drop(pg);
            swap_used++;
            return s;
        }
    }
    return 0;
}

/* swap_slot_alloc: a free slot, or 0 when the device is full. */
uint32_t swap_slot_alloc(void)
{
    assert(spin_holding(&swap_lock));
    for (uint32_t i = 0; i < swap_n - 1; i++) {
        uint32_t s = swap_hand;
        swap_hand = swap_hand + 1 < swap_n ? swap_hand + 1 : 1;
        struct swap_rec *r = swap_rec(s);
        if (!r->count && !r->pfn1) {
            swap_used++;
            return s;
        }
    }
    return swap_slot_steal();
}

/* swap_slot_release: s is free if nothing names or caches it. */
static void swap_slot_release(uint32_t s)
{
    struct swap_rec *r = swap_rec(s);
    if (!r->count && !r->pfn1)
        swap_used--;
}

/* swap_cache_add: pg (the caller's reference, now the cache's) is slot
 * s's page. */
void swap_cache_add(uint32_t s, struct page *pg, uint8_t flags)
{
    assert(spin_holding(&swap_lock));
    assert(!swap_rec(s)->pfn1 && !(pg->flags & PG_SWAPCACHE));
    swap_rec(s)->pfn1 = (uint32_t)(page_to_pa(pg) >> PAGE_SHIFT) + 1;
    pg->swap_slot = s;
    pg->flags |= PG_SWAPCACHE | flags;
}

/* swap_cache_drop: pg leaves the cache, and the cache's reference goes
 * (the last one frees it); its slot is freed if nothing names it. */
void swap_cache_drop(struct page *pg)
{
    assert(spin_holding(&swap_lock));
    assert((pg->flags & PG_SWAPCACHE) && !(pg->flags & PG_SWAPIO));
    uint32_t s = pg->swap_slot;
    swap_rec(s)->pfn1 = 0;
    pg->swap_slot = 0;
    pg->flags &= ~(PG_SWAPCACHE | PG_SWAPDIRTY);
    swap_slot_release(s);
    page_put(pg);
}

void swap_slot_name(uint32_t s)
{
    assert(spin_holding(&swap_lock));
    swap_rec(s)->count++;
}

/* swap_slot_unname: one name fewer; with none left, a cached page nobody
 * maps has no future and goes. */
void swap_slot_unname(uint32_t s)
{
    assert(spin_holding(&swap_lock));
    struct swap_rec *r = swap_rec(s);
    assert(r->count > 0);
    if (--r->count)
        return;
    struct page *pg = swap_slot_page(s);
    if (!pg)
        swap_slot_release(s);
    else if (page_refcount(pg) == 1 && !(pg->flags & PG_SWAPIO))
        swap_cache_drop(pg);
}

void swap_pte_dup(pte_t e)
{
    spin_lock(&swap_lock);
    swap_slot_name(PTE_SWAP_SLOT(e));
    spin_unlock(&swap_lock);
}

void swap_pte_drop(pte_t e)
{
    spin_lock(&swap_lock);
    swap_slot_unname(PTE_SWAP_SLOT(e));
    spin_unlock(&swap_lock);
}

/* Orphans: cached pages nothing maps any more whose slots are still named
 * (a sharer broke copy-on-write, or unmapped, after the others had sent
 * the page out). They wait for global reclaim to write and free them; the
 * slots are noted here as they become so, and when the note is full a
 * scan of every slot finds them instead. [swap_lock] */
#define SWAP_ORPHANS 64
static uint32_t swap_orphan[SWAP_ORPHANS];
static int swap_norphans;
static bool swap_orphans_lost;

/* swap_cache_collect: pg, if cached, is garbage when nothing maps it, no
 * PTE names its slot and no I/O holds it: it goes. If its slot is still
 * named it is an orphan. Safe to ask of any page (it checks everything
 * again under the lock). */
void swap_cache_collect(struct page *pg)
{
    assert(spin_holding(&swap_lock));
    if (!(pg->flags & PG_SWAPCACHE) || page_refcount(pg) != 1 || (pg->flags & PG_SWAPIO))
        return;
    if (!swap_rec(pg->swap_slot)->count)
        swap_cache_drop(pg);
    else if (swap_norphans < SWAP_ORPHANS)
        swap_orphan[swap_norphans++] = pg->swap_slot;
    else
        swap_orphans_lost = true;
}

int swap_orphans_take(uint32_t *slots, int n)
{
    int got = 0;
    spin_lock(&swap_lock);
    while (got < n && swap_norphans)
        slots[got++] = swap_orphan[--swap_norphans];
    for (uint32_t s = 1; swap_orphans_lost && s < swap_n; s++) {
        struct page *pg = swap_slot_page(s);
        if (got == n)
            break;               /* the rest next time: still lost */
        if (pg && page_refcount(pg) == 1 && !(pg->flags & PG_SWAPIO))
            slots[got++] = s;
        if (s == swap_n - 1)
            swap_orphans_lost = false;
    }
    spin_unlock(&swap_lock);
    return got;
}

/* swap_page_put's way for a page in the swap cache (swap.h); put: the
 * reference is already dropped. */
void swap_page_put_cached(struct page *pg, bool put)
{
    spin_lock(&swap_lock);
    if (!put)
        page_put(pg);            /* the cache's reference keeps it */
    swap_cache_collect(pg);
    spin_unlock(&swap_lock);
}

bool swap_page_own(struct page *pg)
{
    if (!(__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PG_SWAPCACHE))
        return false;            /* only swap-out adds it, under our vm->lock */
    spin_lock(&swap_lock);
    bool own = (pg->flags & PG_SWAPCACHE) && !(pg->flags & PG_SWAPIO) && page_refcount(pg) == 2 &&
               !swap_rec(pg->swap_slot)->count;
    if (own)
        swap_cache_drop(pg);
    spin_unlock(&swap_lock);
    return own;
}
