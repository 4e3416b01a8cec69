/* page.h -- physical pages: one record per page of RAM, as WeensyOS's
 * pageinfo but sized to the machine, and an O(1) allocator over them.
 *
 * Reference rules (docs/mm.md): a page's refcount counts its holders. Every
 * user PTE that maps the page holds one; a page-table page is held once by
 * the tree it belongs to; a kernel allocation is held by its owner;
 * shared-memory segments and the program cache hold their pages (each
 * registers as a holder with mm_check). The last page_put() frees the page
 * (and fills it with junk, in Debug builds and with mm_check=always).
 *
 * Locking: a free page's record (kind/owner/link) is guarded by the lock
 * of the list it is on: the shared list's page_lock, or a CPU's stock
 * lock (mm/page.c); a held page's kind/owner are its holder's to change
 * (page_set_owner). refcount is atomic so page_ref needs no lock.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/mmu.h"

enum page_kind {
    PAGE_FREE,        /* on the free list */
    PAGE_RESERVED,    /* never handed out: first MiB, firmware, holes */
    PAGE_KERNEL,      /* kernel image, page records, kernel allocations */
    PAGE_BOOT,        /* multiboot information, GRUB modules, symbols */
    PAGE_CONSOLE,     /* VGA memory / framebuffer */
    PAGE_PAGETABLE,   /* a page-table page of address space `owner` */
    PAGE_USER,        /* user memory first allocated by process `owner` */
    PAGE_SHARED,      /* memory shared on purpose (program text, shm) */
    PAGE_CACHE,       /* a file's page in its page cache (fs/pcache.h) */
    PAGE_KIND_COUNT
};

#define PAGE_OWNER_NONE (-1)
#define PAGE_OWNER_KERNEL 0

struct page {
    uint32_t refcount;    /* [atomic] 0 exactly when free or reserved */
    uint8_t kind;         /* [its list's lock, or its holder] enum page_kind */
    uint8_t flags;        /* [its list's lock] PG_*; PG_SWAP*: [swap_lock] */
    uint16_t unused;
    int32_t owner;        /* [its list's lock, or its holder] pid / address-space id, or -1 */
    uint32_t link;        /* [its list's lock] next free pfn while free */
    uint32_t check_refs;  /* scratch for mm_check() (under its lock) */
    uint32_t swap_slot;   /* [swap_lock] its slot while in the swap cache (mm/swap.h) */
    union {
        uint64_t rmap;    /* user pages: unused, room for a reverse map (docs/mm.md) */
        uint64_t pt_used; /* page-table pages: bit g set if slots 8g..8g+7 may be in use
                           * (pagetable.h); [the table's lock] */
    };
};
_Static_assert(sizeof(struct page) == 32, "page records are 32 bytes");

/* page_alloc flags */
#define PAGE_ZERO 0x1     /* fill with zeros (otherwise the junk pattern) */

/* struct page flags */
#define PG_ZEROED 0x1     /* free, and known to hold only zeros (page_put_zeroed) */
/* A user page in the swap cache (mm/swap.h), [swap_lock]: */
#define PG_SWAPCACHE 0x2  /* in the cache, for slot swap_slot */
#define PG_SWAPDIRTY 0x4  /* its slot does not hold it yet: write before dropping */
#define PG_SWAPIO 0x8     /* being read or written */
#define PG_SWAPREAD 0x10  /* being read: its contents are not there yet */

#define PAGE_JUNK_FREE 0xcc   /* int3: a stray jump into a freed page traps */
/* page_junk: fill freed pages (and kfree'd objects) with PAGE_JUNK_FREE, so
 * a dangling pointer reads junk. A debugging aid that costs a page write
 * per free: on in Debug builds (WEENSY_DEBUG) and with mm_check=always,
 * off otherwise (docs/mm.md). Set once by page_init. */
extern bool page_junk;

void page_init(void);
struct page *page_alloc(enum page_kind kind, int owner, int flags);
/* page_alloc_raw: page_alloc without fault injection, for allocators built
 * on it (kmalloc), which count their own requests instead. */
struct page *page_alloc_raw(enum page_kind kind, int owner, int flags);
/* page_alloc_n: up to n pages at once, without reclaim or injection
 * (mm/page.c says when it gives fewer); bit i of *zeroed: out[i] is
 * all zeros. */
int page_alloc_n(enum page_kind kind, int owner, struct page **out, int n, uint64_t *zeroed);
void page_set_owner(struct page *pg, enum page_kind kind, int owner);

size_t page_nfree(void);          /* pages on the free lists now */
/* Pages another allocator keeps for reuse and gives back when nothing
 * else is free (the kernel stacks kept mapped, mm/kstack.h): count() says
 * how many, reclaim() frees some and says whether it did. One for now. */
void page_set_reclaimer(size_t (*count)(void), bool (*reclaim)(void));
size_t page_nkept(void);          /* pages the reclaimer keeps */
/* A cache that can drop pages it could make again (the page caches of
 * read-only files, fs/pcache.h): when nothing is free, and the reclaimer
 * has nothing, shrink() frees some and says whether it did. It may run
 * under any lock an allocation is made under, so it only try-locks. */
void page_set_shrinker(bool (*shrink)(void));
/* page_navailable: what an allocation can get, free or kept: the free
 * count every report and leak check uses (the system calls, the end). */
size_t page_navailable(void);
size_t page_nmanaged(void);       /* pages the allocator was given at boot */
/* page_adopt: a page of the kernel image, no longer mapped there, joins
 * the allocator for good (mm/kmap.h: kmap_give_back). */
void page_adopt(struct page *pg);
/* page_nrecords: records written so far, pfns 0 .. the frontier (the
 * rest are written as the allocator reaches them: mm/page_init.c);
 * page_top: the end of the memory the records will cover. */
size_t page_nrecords(void);
paddr_t page_top(void);
/* page_ndeferred: free pages past the frontier (part of page_nfree). */
size_t page_ndeferred(void);
/* page_peek: the record of pfn to look at: the record itself, or past the
 * frontier what it will be, written into *tmp; NULL past the top. For
 * readers that show every page (the viewer, the memory dump). */
const struct page *page_peek(size_t pfn, struct page *tmp);

const char *page_kind_name(enum page_kind kind);
/* page_count_kinds: how many records of each kind there are now (a scan
 * without the lock: a picture that may be a few pages off while others
 * allocate). */
void page_count_kinds(size_t counts[PAGE_KIND_COUNT]);

/* The records, indexed by pfn (set by page_init). Public only for the
 * inline functions below, which fork and exit call once per page. */
extern struct page *page_records;
extern size_t page_records_n;

static inline struct page *pfn_to_page(size_t pfn)
{
    return pfn < __atomic_load_n(&page_records_n, __ATOMIC_ACQUIRE) ? &page_records[pfn] : 0;
}
/* pte_page: the record of the page a present PTE maps, without
 * pfn_to_page's test of the frontier: a present entry names a page the
 * allocator handed out, below it. For the loops over every entry of a
 * table (fork's copy, exit's clear): the test and the shifts were a
 * tenth of their cost. Records are 32 bytes (asserted below struct
 * page), so the address shifted right by 7 is the record's offset. */
static inline struct page *pte_page(pte_t pte)
{
    return (struct page *)((char *)page_records + (PTE_ADDR(pte) >> (PAGE_SHIFT - 5)));
}
/* pa_to_page: NULL outside the records written so far (no page past the
 * frontier was ever handed out). */
static inline struct page *pa_to_page(paddr_t pa) { return pfn_to_page(pa >> PAGE_SHIFT); }
static inline paddr_t page_to_pa(const struct page *pg) { return (paddr_t)(pg - page_records) << PAGE_SHIFT; }
static inline void *page_kva(const struct page *pg) { return pa_to_kva(page_to_pa(pg)); }
static inline uint32_t page_refcount(const struct page *pg)
{
    return __atomic_load_n(&pg->refcount, __ATOMIC_RELAXED);
}

/* Out of line: the panics and the freeing of page_ref and page_put.
 * page_put_last drops a reference that may be the last (mm/page.c says
 * why that happens with interrupts off). */
noreturn void page_ref_bad(struct page *pg, uint32_t old);
noreturn void page_put_bad(struct page *pg);
void page_put_last(struct page *pg);
/* page_put_zeroed: page_put for a page its holder has left all zeros (an
 * emptied page table). If this frees it, the next PAGE_ZERO allocation
 * that gets it skips the zeroing. With page_junk on, the zeros are checked
 * (panic otherwise) and the page is junk-filled as any other. */
void page_put_zeroed(struct page *pg);
/* page_put_zeroed_n: page_put_zeroed of n pages, taking the allocator's
 * lock once (exit frees a process's page tables so). */
void page_put_zeroed_n(struct page **pgs, int n);
/* page_put_n: page_put of n (at most 64) pages under one lock, pgs[i]
 * as page_put_zeroed if bit i of zeroed is set. */
void page_put_n(struct page **pgs, int n, uint64_t zeroed);

/* page_ref: one more holder. A page with no holder cannot gain one
 * (panic): that covers free, reserved and console pages, whose count is
 * always 0 (mm_check's rule), so their kind needs no test here, where
 * fork refs every page it shares. */
static inline void page_ref(struct page *pg)
{
    uint32_t old = __atomic_fetch_add(&pg->refcount, 1, __ATOMIC_RELAXED);
    if (old == 0)
        page_ref_bad(pg, old);
}

/* page_put: drop one reference; the last one frees the page. One that
 * is not the last goes in one atomic step; the last, page_put_last,
 * which also refuses a free, reserved or console page (their count is 0,
 * so they never take the first way). */
static inline void page_put(struct page *pg)
{
    uint32_t old = __atomic_load_n(&pg->refcount, __ATOMIC_RELAXED);
    while (old > 1)
        if (__atomic_compare_exchange_n(&pg->refcount, &old, old - 1, true, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED))
            return;
    page_put_last(pg);
}
#endif
