/* vmspace_copy.c -- fork's copy of an address space: the areas' records,
 * and the user half's page tables, in which every page is shared (one
 * more reference each) and the first write on either side copies it
 * (mm/vm_fault.c); all but one: the page under the caller's stack
 * pointer, which both sides write at once, is copied here (vmspace.h). */
#include "kernel/kernel.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "include/weensy/errno.h"

/* vmspace_copy_pte: the entry both spaces get for a page fork shares. A
 * private page that is (or could become) writable turns copy-on-write in
 * both. */
static pte_t vmspace_copy_pte(pte_t e)
{
    if (!(e & PTE_SHARED) && (e & (PTE_W | PTE_COW)))
        return (e & ~PTE_W) | PTE_COW;
    return e;
}

/* The child's page-table pages are taken a batch at a time under one
 * allocator lock (page_alloc_n), as many as the last fork of the same
 * parent made (src->fork_tables: the bench's loop, a shell's jobs), at
 * most VMSPACE_COPY_BATCH; any not used go back at the end. One at a
 * time, the lock pair and the calls were more than half of each
 * table's allocation (94 instructions, 2026-12-07). */
#define VMSPACE_COPY_BATCH 16
#define VMSPACE_COPY_FIRST 4     /* the batch when nothing is known yet */

struct vmspace_copying {
    struct vmspace *dst;
    uintptr_t hot;               /* the page to copy now, or 0 (vmspace.h) */
    struct pt_flush fl;
    int want;                    /* tables the next batch should hold */
    int made;                    /* tables the copy made */
    int nspare;                  /* spare[0..nspare) were taken */
    uint64_t unused;             /* bit i: spare[i] is not used yet */
    uint64_t zeroed;             /* bit i: spare[i] is all zeros */
    struct page *spare[VMSPACE_COPY_BATCH];
};

/* vmspace_copy_spares_back: the pages of the batch the copy did not use. */
static void vmspace_copy_spares_back(struct vmspace_copying *c)
{
    struct page *back[VMSPACE_COPY_BATCH];
    uint64_t zeroed = 0;
    int n = 0;
    for (uint64_t u = c->unused; u; u &= u - 1) {
        int i = __builtin_ctzll(u);
        zeroed |= (c->zeroed >> i & 1) << n;
        back[n++] = c->spare[i];
    }
    if (n)
        page_put_n(back, n, zeroed);
    c->nspare = 0;
    c->unused = 0;
}

/* vmspace_copy_new_table: a child's table for slot, from the batch, the
 * zeroed ones first (page_alloc one at a time when no batch can be had). */
static pte_t *vmspace_copy_new_table(struct vmspace_copying *c, pte_t *slot, uintptr_t va)
{
    c->made++;
    if (!c->unused) {
        vmspace_copy_spares_back(c);
        int n = MIN(MAX(c->want, 1), VMSPACE_COPY_BATCH);
        c->nspare = page_alloc_n(PAGE_PAGETABLE, c->dst->id, c->spare, n, &c->zeroed);
        c->unused = c->nspare ? ~0UL >> (64 - c->nspare) : 0;
        c->want = VMSPACE_COPY_FIRST;   /* past the hint: a few at a time */
    }
    if (!c->unused)
        return pt_new_table(slot, va, c->dst->id);
    uint64_t pick = c->unused & c->zeroed ? c->unused & c->zeroed : c->unused;
    int i = __builtin_ctzll(pick);
    c->unused &= ~(1UL << i);
    if (!(c->zeroed >> i & 1))
        mem_zero_page(page_kva(c->spare[i]));
    return pt_link_table(slot, va, c->spare[i]);
}

/* vmspace_copy_hot: the child's own copy of the private writable page e
 * maps, writable; 0 when no page is free (it is shared as any other
 * then). The parent's entry stays as it is: no flush. */
static pte_t vmspace_copy_hot(struct vmspace_copying *c, pte_t e)
{
    struct page *copy = page_alloc(PAGE_USER, c->dst->id, 0);
    if (!copy)
        return 0;
    mem_copy_page(page_kva(copy), pa_to_kva(PTE_ADDR(e)));
    return page_to_pa(copy) | (PTE_FLAGS(e) & ~(PTE_A | PTE_D));
}

/* vmspace_copy_slow: vmspace_copy_leaves' way for an entry that is not
 * a present private page the parent may not write: a swapped page, the
 * hot page, or one that turns copy-on-write here (its parent entry
 * changes and is flushed). The entry the child gets. */
static pte_t vmspace_copy_slow(struct vmspace_copying *c, pte_t *src, uintptr_t va)
{
    pte_t e = *src, got;
    if (va == c->hot && (e & (PTE_P | PTE_W | PTE_SHARED)) == (PTE_P | PTE_W) && (got = vmspace_copy_hot(c, e)))
        return got;
    if (pte_swapped(e)) {
        swap_pte_dup(e);         /* the child names the slot too */
        return e;
    }
    if (!pte_present(e))
        return 0;
    pte_t shared = vmspace_copy_pte(e) & ~(PTE_A | PTE_D);
    if (shared != (e & ~(PTE_A | PTE_D))) {
        *src = shared | (e & (PTE_A | PTE_D));
        pt_flush_add(&c->fl, va);
    }
    page_ref(pte_page(e));
    return shared;
}

/* vmspace_copy_leaves: share every slot of a parent's level-0 table (src,
 * mapping from base) into the child's new, empty one (dst). Each present
 * page gets one more reference; the parent's entries that lose write
 * access are gathered in fl for one flush at the end. The loop's first
 * test takes the entry every fork after the first meets most: a present
 * private page already read-only or copy-on-write, which the child shares
 * as it is (this loop is most of a fork of a big process: 46 instructions
 * an entry before the test, 2026-12-07). */
static void vmspace_copy_leaves(struct vmspace_copying *c, pte_t *dst, pte_t *src, uintptr_t base)
{
    for (size_t i = 0; i < PT_ENTRIES; i++) {
        pte_t e = src[i];
        if (likely((e & (PTE_P | PTE_W | PTE_SHARED)) == PTE_P)) {
            page_ref(pte_page(e));
            dst[i] = e & ~(PTE_A | PTE_D);
        } else if (!e) {
            i = pt_next_used(src, i + 1, PT_ENTRIES) - 1;   /* over a run of empty slots */
        } else {
            dst[i] = vmspace_copy_slow(c, &src[i], base + i * PAGE_SIZE);
        }
    }
    /* The child's used slots are the parent's: its summary is a fine one
     * for the child (pt_store's rule). */
    *pt_used_of(dst) = *pt_used_of(src);
}

/* vmspace_copy_table: give the child's table d (level `level`, mapping
 * from base, new) a copy of every table under the parent's s, in one
 * walk down the parent's tree: no walk from the top for each leaf table,
 * no search for the next one (those were half of a small fork,
 * 2026-12-07). Every leaf lies in an area (mm_check's rule 6), so this
 * shares exactly the areas' pages. A leaf table that holds nothing is not
 * copied (munmap keeps a table it empties in part; pt_prune clears its
 * summary where the range covered it, so finding that out is quick), and
 * a table above that got nothing below goes back. 0, or -ENOMEM (what was
 * copied stays, for the caller's vmspace_destroy). */
static int vmspace_copy_table(struct vmspace_copying *c, pte_t *d, pte_t *s, int level, uintptr_t base)
{
    int limit = level == PT_LEVELS - 1 ? (int)PT_USER_PML4_ENTRIES : PT_ENTRIES;
    for (int i = pt_next_used(s, 0, limit); i < limit; i = pt_next_used(s, i + 1, limit)) {
        pte_t e = s[i];
        if (!pte_present(e) || (e & PTE_PS))
            continue;
        pte_t *from = pte_table(e);
        if (level == 1 && pt_next_used(from, 0, PT_ENTRIES) == PT_ENTRIES)
            continue;
        uintptr_t va = base + (uintptr_t)i * PT_SPAN(level);
        pte_t *to = vmspace_copy_new_table(c, &d[i], va);
        if (!to)
            return -ENOMEM;
        if (level == 1) {
            vmspace_copy_leaves(c, to, from, va);
            continue;
        }
        if (vmspace_copy_table(c, to, from, level - 1, va))
            return -ENOMEM;
        if (!*pt_used_of(to)) {
            d[i] = 0;
            page_put_zeroed(pa_to_page(kva_to_pa(to)));   /* nothing below */
        }
    }
    return 0;
}

/* vmspace_copy: fork's copy of an address space. Nothing is copied: every
 * page is shared with one more reference. The areas' records are copied
 * first, then the tree of tables as a whole. The parent's TLB entries are flushed once, at the end, still
 * under its lock, on every CPU running one of its threads (mm/tlb.h):
 * none may keep writing a page now copy-on-write. dst is new and private
 * to the caller, so taking its lock inside src's cannot deadlock;
 * spin_lock_nested says so to the order checker (two vm->locks at once,
 * nowhere else). */
int vmspace_copy(struct vmspace *dst, struct vmspace *src, uintptr_t hot)
{
    spin_lock(&src->lock);
    spin_lock_nested(&dst->lock, 1);
    /* Field by field: an initializer would clear the two arrays too (fifty
     * instructions a fork), which are written before they are read. */
    struct vmspace_copying c;
    c.dst = dst;
    c.hot = hot;
    c.fl.pml4 = src->pml4;
    c.fl.n = 0;
    c.want = src->fork_tables ? src->fork_tables : VMSPACE_COPY_FIRST;
    c.made = c.nspare = 0;
    c.unused = c.zeroed = 0;
    int err = vm_area_copy(dst, src, 0, 0);
    if (!err)
        err = vmspace_copy_table(&c, dst->pml4, src->pml4, PT_LEVELS - 1, 0);
    dst->brk_start = src->brk_start;
    dst->brk = src->brk;
    dst->stack_top = src->stack_top;   /* fork keeps the layout; exec picks anew */
    dst->mmap_top = src->mmap_top;
    dst->rss = src->rss;         /* every leaf is in an area (mm_check's rule 6) */
    dst->frame_limit = src->frame_limit;
    dst->clock_hand = src->clock_hand;
    vmspace_copy_spares_back(&c);
    src->fork_tables = c.made;
    pt_flush_done(&c.fl);
    spin_unlock(&dst->lock);
    spin_unlock(&src->lock);
    return err;
}
