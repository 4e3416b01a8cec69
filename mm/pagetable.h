/* pagetable.h -- x86-64 four-level page tables (hardware format only; the
 * process-level view is in vmspace.h).
 *
 * Every operation goes through pt_walk(), the one place that turns an
 * address into table slots. Intermediate entries in the user half carry
 * P|W|U and entries in the kernel half P|W: the leaf alone decides access.
 * Callers hold the lock of the address space they change.
 */
#ifndef MM_PAGETABLE_H
#define MM_PAGETABLE_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/memlayout.h"
#include "mm/page.h"

typedef pte_t *pagetable_t;   /* kernel address of a PML4 */

#define PT_NO_ALLOC (-2)      /* alloc_owner for pt_walk: never allocate */

/* Leaf permission sets. pte_nx is PTE_NX when the CPU has NX, else 0. */
extern uint64_t pte_nx;
#define PTE_KERNEL_RW (PTE_P | PTE_W | PTE_G | pte_nx)
#define PTE_KERNEL_RO (PTE_P | PTE_G | pte_nx)
#define PTE_KERNEL_RX (PTE_P | PTE_G)
#define PTE_USER_RW   (PTE_P | PTE_W | PTE_U | pte_nx)
#define PTE_USER_RO   (PTE_P | PTE_U | pte_nx)
#define PTE_USER_RX   (PTE_P | PTE_U)

/* pt_walk: the slot for va at `level` (0 = a 4 KiB page's PTE, 1 = PD entry,
 * 2 = PDPT entry, 3 = PML4 entry). Missing tables on the way are allocated,
 * as page-table pages owned by alloc_owner, unless it is PT_NO_ALLOC.
 * Returns NULL if a table is missing (or could not be allocated) or a large
 * page is in the way; then *stop, if given, is the level of that entry, so
 * an iterator can jump over the whole span it covers. */
pte_t *pt_walk(pagetable_t pml4, uintptr_t va, int level, int alloc_owner, int *stop);

/* pt_new_table: a new, empty page-table page owned by `owner`, linked
 * into the empty slot for va in its parent table; its kernel address,
 * or NULL when no page is free (the slot stays empty). */
pte_t *pt_new_table(pte_t *slot, uintptr_t va, int owner);
/* pt_link_table: the same with page pg (a page-table page, all zeros),
 * which the caller allocated. */
pte_t *pt_link_table(pte_t *slot, uintptr_t va, struct page *pg);

/* How many PML4 entries belong to the user half. */
#define PT_USER_PML4_ENTRIES (PT_INDEX(3, USER_TOP - 1) + 1)

/* pt_map: map the 4 KiB page at va to pa with `perm` (PTE_* bits, P
 * included). The slot must be empty. 0, or -ENOMEM if a table could not be
 * allocated (nothing changed then, except possibly empty tables). */
int pt_map(pagetable_t pml4, uintptr_t va, paddr_t pa, uint64_t perm, int owner) __attribute__((warn_unused_result));
/* pt_unmap: clear the PTE for va and invalidate the TLB entry (on every
 * CPU that may hold it, for the user half; kernel stacks flush their own,
 * mm/kstack.c). Returns the old entry (0 when nothing was there). Page
 * references are the caller's. */
pte_t pt_unmap(pagetable_t pml4, uintptr_t va);
/* pt_lookup: the PTE mapping va (4 KiB or large page), or 0. */
pte_t pt_lookup(pagetable_t pml4, uintptr_t va);
/* pt_protect: set then clear PTE bits of a present 4 KiB mapping; flushes
 * the TLB entry. -EFAULT if nothing is mapped at va. */
int pt_protect(pagetable_t pml4, uintptr_t va, uint64_t set, uint64_t clear);
/* pt_take: clear a leaf entry and return what it was, flushing nothing:
 * the caller gathers the address in a pt_flush and flushes before it
 * frees what the entry led to. */
static inline pte_t pt_take(pte_t *slot)
{
    return __atomic_exchange_n(slot, 0, __ATOMIC_SEQ_CST);
}
/* pt_flush_one: flush one page wherever it may be cached. */
void pt_flush_one(pagetable_t pml4, uintptr_t va);

/* pt_prune: after an unmap of [lo, hi), free the page-table pages that
 * hold no entry any more and lie wholly inside the range (and then their
 * parents, if that emptied them), dropping the paging-structure
 * caches if pml4 is active. Returns how many were freed. */
int pt_prune(pagetable_t pml4, uintptr_t lo, uintptr_t hi);

/* pt_iter: every present (or swapped-out) 4 KiB leaf in [lo, hi), in
 * address order, jumping over absent tables. Large pages are skipped.
 *   for (pt_iter_init(&it, pml4, lo, hi); pt_iter_next(&it);) use it.va, *it.pte
 * pt_iter_next_table steps a level-0 table at a time instead: it returns
 * the slot for it.va and sets *n to how many slots from there (up to the
 * table's end or hi) are in the range, absent ones included; NULL at the
 * end. For loops that handle a table's entries in one go (fork).
 */
struct pt_iter {
    pagetable_t pml4;
    uintptr_t next, end;   /* next address to look at, end of range */
    uintptr_t va;          /* the current leaf's address */
    pte_t *pte;            /* the current leaf's slot */
    pte_t *table;          /* the level-0 table holding `next`, or NULL */
};
void pt_iter_init(struct pt_iter *it, pagetable_t pml4, uintptr_t lo, uintptr_t hi);
bool pt_iter_next(struct pt_iter *it);
pte_t *pt_iter_next_table(struct pt_iter *it, int *n);

/* pt_flush: TLB invalidations gathered while changing many entries of the
 * user half whose table is pml4, done at once by pt_flush_done on every
 * CPU that may cache them (mm/tlb.h): one INVLPG each when they are few,
 * one CR3 reload (which keeps global kernel entries) when they are many. */
#define PT_FLUSH_MAX 16
struct pt_flush {
    pagetable_t pml4;
    int n;
    uintptr_t va[PT_FLUSH_MAX];
};
static inline void pt_flush_add(struct pt_flush *f, uintptr_t va)
{
    if (f->n < PT_FLUSH_MAX)
        f->va[f->n] = va;
    f->n++;
}
void pt_flush_done(struct pt_flush *f);

/* ptp_iter: every page-table page below the PML4 in the user half, children
 * before their parent, so a tree can be freed in one loop. */
struct ptp_iter {
    pte_t *tables[PT_LEVELS];   /* the table being scanned at each level */
    int index[PT_LEVELS];       /* next entry to look at at each level */
    int level;                  /* level of `tables` being scanned */
    pte_t *table;               /* current result: a table's kernel address */
    int table_level;            /* ... its level (0 = holds 4 KiB PTEs) */
    pte_t *parent_slot;         /* ... the entry that points at it */
};
void ptp_iter_init(struct ptp_iter *it, pagetable_t pml4);
bool ptp_iter_next(struct ptp_iter *it);

static inline bool pte_present(pte_t e) { return e & PTE_P; }

/* The used-slot summary. Each page-table page's record holds pt_used, a
 * bit per eight slots: bit g is set whenever a slot in 8g..8g+7 may be
 * nonzero. Every store of a nonzero slot goes through pt_store (or sets
 * the bit itself), bits are cleared only when the table is freed, so a
 * clear bit means eight empty slots, and scans (pt_next_used) look only
 * where bits are set: a sparse table costs a few tests, not 512. Relied on
 * in the user half, where mm_check verifies it (rule 2); the kernel's own
 * tables keep it too but are never scanned with it. */
static inline uint64_t *pt_used_of(const pte_t *t)
{
    return &page_records[kva_to_pa(t) >> PAGE_SHIFT].pt_used;
}
static inline int pt_slot_index(const pte_t *slot)
{
    return (int)(((uintptr_t)slot & (PAGE_SIZE - 1)) / sizeof(pte_t));
}
static inline void pt_store(pte_t *slot, pte_t val)
{
    *slot = val;
    if (val)
        *pt_used_of(slot) |= 1UL << (pt_slot_index(slot) / 8);
}

/* pt_set: replace the leaf entry for va in the user half whose table is
 * pml4 and flush it wherever it may be cached. A TLB may hold the old
 * entry only if it was present: widening a mapping needs no flush (the
 * CPU walks again on a fault), narrowing does. Inline: every page fault
 * ends here, and under TCG a return is a lookup (docs/performance.md). */
static inline void pt_set(pagetable_t pml4, pte_t *slot, uintptr_t va, pte_t val)
{
    pte_t old = *slot;
    pt_store(slot, val);
    if (pte_present(old))
        pt_flush_one(pml4, va);
}

/* pt_next_used: the first nonzero slot of table t in [i, limit), or
 * limit. Only the groups of eight that pt_used marks are looked at. */
static inline int pt_next_used(const pte_t *t, int from, int limit)
{
    uint64_t used = *pt_used_of(t);
    unsigned i = from, n = limit;      /* unsigned: i / 8 is a shift */
    while (i < n) {
        uint64_t m = used >> (i / 8);
        if (!m)
            return limit;
        unsigned g = i / 8 + __builtin_ctzll(m);
        if (g > i / 8)
            i = g * 8;
        unsigned end = g * 8 + 8 < n ? g * 8 + 8 : n;
        if (i == g * 8 && end == i + 8) {
            /* A whole group, unrolled: a compare and a branch a slot
             * (fork's and exit's walks spend most of their time here). */
            const pte_t *s = &t[i];
            if (s[0]) return i;
            if (s[1]) return i + 1;
            if (s[2]) return i + 2;
            if (s[3]) return i + 3;
            if (s[4]) return i + 4;
            if (s[5]) return i + 5;
            if (s[6]) return i + 6;
            if (s[7]) return i + 7;
            i = end;
            continue;
        }
        for (; i < end; i++)
            if (t[i])
                return i;
    }
    return limit;
}

static inline void *pte_table(pte_t e) { return pa_to_kva(PTE_ADDR(e)); }
#endif
