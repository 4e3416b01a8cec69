/* pagetable.c -- walk, map, unmap, look up and protect entries of an
 * x86-64 page table, and iterate over its leaves and its table pages. */
#include "kernel/kernel.h"
#include "mm/pagetable.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

uint64_t pte_nx;

/* Intermediate entries never restrict access: the leaf decides. */
static pte_t pt_table_flags(uintptr_t va)
{
    return va < USER_TOP ? (PTE_P | PTE_W | PTE_U) : (PTE_P | PTE_W);
}

pte_t *pt_link_table(pte_t *slot, uintptr_t va, struct page *pg)
{
    assert(pg->kind == PAGE_PAGETABLE);
    pt_store(slot, page_to_pa(pg) | pt_table_flags(va));
    return page_kva(pg);
}

pte_t *pt_new_table(pte_t *slot, uintptr_t va, int owner)
{
    struct page *pg = page_alloc(PAGE_PAGETABLE, owner, PAGE_ZERO);
    return pg ? pt_link_table(slot, va, pg) : 0;
}

pte_t *pt_walk(pagetable_t pml4, uintptr_t va, int level, int alloc_owner, int *stop)
{
    pte_t *table = pml4;
    for (int l = PT_LEVELS - 1; l > level; l--) {
        pte_t *slot = &table[PT_INDEX(l, va)];
        if (pte_present(*slot) && (*slot & PTE_PS)) {
            table = 0;                       /* a large page covers va */
        } else if (pte_present(*slot)) {
            table = pte_table(*slot);
            continue;
        } else if (alloc_owner != PT_NO_ALLOC) {
            table = pt_new_table(slot, va, alloc_owner);
            if (table)
                continue;
        } else {
            table = 0;
        }
        if (stop)
            *stop = l;
        return 0;
    }
    return &table[PT_INDEX(level, va)];
}

int pt_map(pagetable_t pml4, uintptr_t va, paddr_t pa, uint64_t perm, int owner)
{
    assert(PAGE_ALIGNED(va) && PAGE_ALIGNED(pa));
    pte_t *slot = pt_walk(pml4, va, 0, owner, 0);
    if (!slot)
        return -ENOMEM;
    if (pte_present(*slot))
        panic("pt_map: %#lx is already mapped (pte %#lx)", va, *slot);
    pt_store(slot, pa | perm);
    return 0;
}

pte_t pt_unmap(pagetable_t pml4, uintptr_t va)
{
    pte_t *slot = pt_walk(pml4, va, 0, PT_NO_ALLOC, 0);
    if (!slot || !*slot)
        return 0;
    pte_t old = *slot;
    *slot = 0;
    if (pte_present(old))
        pt_flush_one(pml4, va);
    return old;
}

pte_t pt_lookup(pagetable_t pml4, uintptr_t va)
{
    int stop = 0;
    pte_t *slot = pt_walk(pml4, va, 0, PT_NO_ALLOC, &stop);
    if (slot)
        return *slot;
    /* A large page stopped the walk: its entry is one level up. */
    for (int level = 1; level < PT_LEVELS; level++) {
        slot = pt_walk(pml4, va, level, PT_NO_ALLOC, 0);
        if (slot && pte_present(*slot) && (*slot & PTE_PS))
            return *slot;
    }
    return 0;
}

/* One page: in the user half through tlb_flush_user (every CPU that may
 * hold it); in the kernel half only here (kernel stacks, the one kind that
 * changes, are flushed everywhere by kstack.c). */
void pt_flush_one(pagetable_t pml4, uintptr_t va)
{
    if (va < USER_TOP)
        tlb_flush_user(pml4, &va, 1);
    else
        invlpg(va);
}

int pt_protect(pagetable_t pml4, uintptr_t va, uint64_t set, uint64_t clear)
{
    pte_t *slot = pt_walk(pml4, va, 0, PT_NO_ALLOC, 0);
    if (!slot || !pte_present(*slot))
        return -EFAULT;
    pt_set(pml4, slot, va, (*slot | set) & ~clear);
    return 0;
}

/* ---- freeing empty tables ------------------------------------------------ */

static bool pt_table_empty(const pte_t *table)
{
    return pt_next_used(table, 0, PT_ENTRIES) == PT_ENTRIES;
}

/* The tables a prune empties are unlinked at once but freed only after
 * every CPU that may hold them in its paging-structure caches has been
 * flushed (another thread's CPU could still walk one): gathered here, a
 * batch at a time. */
#define PT_PRUNE_BATCH 32
struct pt_pruning {
    pagetable_t pml4;
    uintptr_t lo;                /* an address in the range, for the flush */
    int n;
    struct page *tables[PT_PRUNE_BATCH];
};

/* Flush, then free the gathered tables. INVLPG of any address drops every
 * paging-structure cache entry (Intel SDM vol. 3, 4.10.4.1), and the
 * leaves' own TLB entries went when they were cleared; a CR3 reload would
 * also empty the whole TLB, which under QEMU's TCG costs more than the
 * rest of munmap. */
static void pt_prune_free(struct pt_pruning *pr)
{
    if (!pr->n)
        return;
    tlb_flush_user(pr->pml4, &pr->lo, 1);
    for (int i = 0; i < pr->n; i++)
        page_put_zeroed(pr->tables[i]);
    pr->n = 0;
}

/* pt_used_forget: a leaf table (mapping from base) that the range only
 * partly covers stays, but the summary bits of its groups of eight slots
 * inside the range are cleared where the group is all zeros now, so that
 * scans (fork's copy above all) pass over what the unmap emptied: a
 * 64 MiB munmap left its two edge tables marked throughout. */
static void pt_used_forget(pte_t *t, uintptr_t base, uintptr_t lo, uintptr_t hi)
{
    unsigned a = lo > base ? (unsigned)((lo - base) / PAGE_SIZE) : 0;
    unsigned b = (unsigned)MIN((hi - base) / PAGE_SIZE, (uintptr_t)PT_ENTRIES);
    uint64_t *used = pt_used_of(t);
    for (unsigned g = (a + 7) / 8; g < b / 8; g++) {
        if (!(*used & (1UL << g)))
            continue;
        pte_t any = 0;
        for (unsigned i = g * 8; i < g * 8 + 8; i++)
            any |= t[i];
        if (!any)
            *used &= ~(1UL << g);
    }
}

/* The same for a range within one or two leaf tables: only a range that
 * holds a whole group of eight slots can clear a bit (a one-page munmap
 * costs no walk). */
static void pt_used_forget_range(pagetable_t pml4, uintptr_t lo, uintptr_t hi)
{
    if (ALIGN_UP(lo, 8 * PAGE_SIZE) + 8 * PAGE_SIZE > hi)
        return;
    for (uintptr_t va = lo; va < hi; va = ALIGN_DOWN(va, PT_SPAN(1)) + PT_SPAN(1)) {
        pte_t *slot = pt_walk(pml4, va, 1, PT_NO_ALLOC, 0);
        if (slot && pte_present(*slot) && !(*slot & PTE_PS))
            pt_used_forget(pte_table(*slot), ALIGN_DOWN(va, PT_SPAN(1)), lo, hi);
    }
}

/* pt_prune_table: under `table` (a level-`level` table covering from
 * base), unlink the tables that hold nothing and either lie wholly inside
 * [lo, hi) or emptied because a table below them was unlinked. A table
 * only partly in the range is kept, even if empty now: unmapping one page
 * from a region about to be used again must not cost a table's free and
 * re-allocation each time. Returns how many tables were unlinked. */
static int pt_prune_table(struct pt_pruning *pr, pte_t *table, int level, uintptr_t base,
                          uintptr_t lo, uintptr_t hi)
{
    uintptr_t span = PT_SPAN(level);
    int first = lo > base ? (int)((lo - base) / span) : 0;
    int last = (int)((hi - 1 - base) / span);
    if (last > PT_ENTRIES - 1)
        last = PT_ENTRIES - 1;
    int freed = 0;
    for (int i = first; i <= last; i++) {
        pte_t e = table[i];
        if (!pte_present(e) || (e & PTE_PS))
            continue;
        uintptr_t start = base + (uintptr_t)i * span;
        pte_t *child = pte_table(e);
        int below = level > 1 ? pt_prune_table(pr, child, level - 1, start, lo, hi) : 0;
        bool inside = lo <= start && start + span <= hi;
        if (level == 1 && !inside)
            pt_used_forget(child, start, lo, hi);
        if ((inside || below) && pt_table_empty(child)) {
            table[i] = 0;
            if (pr->n == PT_PRUNE_BATCH)
                pt_prune_free(pr);
            pr->tables[pr->n++] = pa_to_page(PTE_ADDR(e));
            below++;
        }
        freed += below;
    }
    return freed;
}

int pt_prune(pagetable_t pml4, uintptr_t lo, uintptr_t hi)
{
    assert(lo < hi && hi <= USER_TOP);
    /* Every unlink starts at a table wholly inside the range, and the
     * smallest table (a leaf table) covers PT_SPAN(1), aligned: a range
     * that holds no such block frees nothing, so it is not walked (the
     * walk and the batch's set-up were a tenth of a one-page munmap). */
    if (ALIGN_UP(lo, PT_SPAN(1)) + PT_SPAN(1) > hi) {
        pt_used_forget_range(pml4, lo, hi);
        return 0;
    }
    struct pt_pruning pr = { .pml4 = pml4, .lo = lo };
    int freed = pt_prune_table(&pr, pml4, PT_LEVELS - 1, 0, lo, hi);
    pt_prune_free(&pr);
    return freed;
}

/* ---- leaf iterator ------------------------------------------------------ */

void pt_iter_init(struct pt_iter *it, pagetable_t pml4, uintptr_t lo, uintptr_t hi)
{
    assert(hi <= USER_TOP + PAGE_SIZE);
    it->pml4 = pml4;
    it->next = PAGE_ALIGN_DOWN(lo);
    it->end = hi;
    it->table = 0;
    it->pte = 0;
}

/* Find the level-0 table for it->next. Where an entry on the way down is
 * missing, scan on along the table that holds it (not past the range's
 * end) to its next present entry and jump there, so a sparse space costs
 * a walk per present table, not one per absent entry. The user half only
 * (lo and hi below USER_TOP + PAGE_SIZE, so nothing wraps). Forced
 * inline (it has two callers): every mmap and munmap starts a pt_iter,
 * and the call was a fifth of a one-page unmap. */
static inline __attribute__((always_inline)) bool pt_iter_find_table(struct pt_iter *it)
{
    while (it->next < it->end) {
        pte_t *table = it->pml4;
        int level = PT_LEVELS - 1;
        for (; level >= 1; level--) {
            pte_t e = table[PT_INDEX(level, it->next)];
            if (!pte_present(e) || (e & PTE_PS))
                break;
            table = pte_table(e);
        }
        if (level == 0) {
            it->table = table;
            return true;
        }
        uintptr_t span = PT_SPAN(level);
        uintptr_t base = ALIGN_DOWN(it->next, span * PT_ENTRIES);
        int limit = PT_ENTRIES;
        if (it->end - base < span * PT_ENTRIES)
            limit = (int)((it->end - 1 - base) / span) + 1;
        int i = PT_INDEX(level, it->next);
        do
            i = pt_next_used(table, i + 1, limit);
        while (i < limit && (!pte_present(table[i]) || (table[i] & PTE_PS)));
        uintptr_t next = base + (uintptr_t)i * span;
        if (next <= it->next)            /* wrapped at the top */
            break;
        it->next = next;
    }
    return false;
}

/* How many entries of the level-0 table starting at tbase lie in the range. */
static int pt_iter_limit(const struct pt_iter *it, uintptr_t tbase)
{
    uintptr_t left = it->end - tbase;
    return left >= PT_SPAN(1) ? PT_ENTRIES : (int)((left + PAGE_SIZE - 1) / PAGE_SIZE);
}

bool pt_iter_next(struct pt_iter *it)
{
    while (it->next < it->end) {
        if (!it->table && !pt_iter_find_table(it))
            break;
        pte_t *t = it->table;
        int i = PT_INDEX(0, it->next);
        if (!(t[i] & (PTE_P | PTE_SWAPPED))) {
            /* Skip to the next leaf in this table, eight slots a test. */
            uintptr_t tbase = it->next - (uintptr_t)i * PAGE_SIZE;
            int limit = pt_iter_limit(it, tbase);
            do
                i = pt_next_used(t, i + 1, limit);
            while (i < limit && !(t[i] & (PTE_P | PTE_SWAPPED)));
            if (i >= limit) {
                it->next = tbase + (uintptr_t)limit * PAGE_SIZE;
                it->table = 0;
                continue;
            }
            it->next = tbase + (uintptr_t)i * PAGE_SIZE;
        }
        it->va = it->next;
        it->pte = &t[i];
        it->next += PAGE_SIZE;
        if (i == PT_ENTRIES - 1)
            it->table = 0;                   /* the next one is in another table */
        return true;
    }
    return false;
}

pte_t *pt_iter_next_table(struct pt_iter *it, int *n)
{
    if (it->next >= it->end || (!it->table && !pt_iter_find_table(it)))
        return 0;
    int i = PT_INDEX(0, it->next);
    uintptr_t tbase = it->next - (uintptr_t)i * PAGE_SIZE;
    int limit = pt_iter_limit(it, tbase);
    pte_t *slot = &it->table[i];
    it->va = it->next;
    *n = limit - i;
    it->next = tbase + (uintptr_t)limit * PAGE_SIZE;
    it->table = 0;
    return slot;
}

void pt_flush_done(struct pt_flush *f)
{
    if (f->n)
        tlb_flush_user(f->pml4, f->va, f->n);
    f->n = 0;
}

/* ---- table-page iterator (post-order, user half) -------------------------- */

void ptp_iter_init(struct ptp_iter *it, pagetable_t pml4)
{
    it->level = PT_LEVELS - 1;
    it->tables[it->level] = pml4;
    it->index[it->level] = 0;
}


bool ptp_iter_next(struct ptp_iter *it)
{
    while (it->level < PT_LEVELS) {
        int l = it->level;
        int limit = l == PT_LEVELS - 1 ? (int)PT_USER_PML4_ENTRIES : PT_ENTRIES;
        pte_t *t = it->tables[l];
        int i = pt_next_used(t, it->index[l], limit);
        if (i >= limit) {
            /* This table is done: report it (unless it is the PML4). */
            it->index[l] = limit;
            if (l == PT_LEVELS - 1)
                break;
            it->table = t;
            it->table_level = l;
            it->level++;
            it->parent_slot = &it->tables[it->level][it->index[it->level] - 1];
            return true;
        }
        it->index[l] = i + 1;
        pte_t *slot = &t[i];
        if (!pte_present(*slot) || (*slot & PTE_PS))
            continue;
        if (l == 1) {
            /* A leaf table: nothing below it to visit first. */
            it->table = pte_table(*slot);
            it->table_level = 0;
            it->parent_slot = slot;
            return true;
        }
        it->level--;
        it->tables[it->level] = pte_table(*slot);
        it->index[it->level] = 0;
    }
    it->level = PT_LEVELS;
    return false;
}
