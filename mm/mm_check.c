/* mm_check.c -- recount page references and check isolation.
 *
 * Rules checked (each failure panics with the page and its mappers):
 *  1. kernel half: no entry at any level is user-accessible; every address
 *     space shares the kernel's top-level entries.
 *  2. every page-table page belongs to exactly one tree, is recorded as a
 *     page-table page of that tree's owner, and has refcount 1; each of
 *     its used slots is marked in its used-slot summary (pt_used).
 *  3. user leaves map only user or shared pages (never free, reserved,
 *     kernel, boot, console or page-table pages), always with PTE_U.
 *  4. user/shared pages: refcount == mappings + registered holders, and
 *     not zero (a page in use that nobody references is a leak).
 *  5. free pages: refcount 0, unreferenced, and as many as the free count.
 *  6. every user leaf agrees with its area (permissions, copy-on-write,
 *     sharing): see mm_check_leaf_area.
 *  7. swap (mm/swap.h): every swapped PTE names a slot of the device;
 *     each slot's count is the PTEs that name it; a cached page is marked
 *     as such and is never mapped writable (rule 6: it has two holders);
 *     the count of pages swap could take (swap_pte_counts) is the space's
 *     rss, on which the frame limit acts.
 * Lock order: vmspace_list_lock, then each vm->lock (one at a time).
 * With several CPUs the others are paused for the whole check (cpus_pause),
 * so no page changes hands between counting its references and comparing:
 * the caller holds no spinlock.
 */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/pause.h"
#include "kernel/lockdep.h"
#include "mm/mm_check.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/swap_obj.h"

#define MAX_HOLDERS 8

static struct { const char *name; void (*count)(void); } holders[MAX_HOLDERS];
static int nholders;
static const char *check_when;

/* The run in progress (mm_check or memdump) decides what a holder's
 * mm_check_count() does with each reference: count it or print it.
 * [vmspace_list_lock] */
static mm_holder_visit_fn holder_visit;
static const char *holder_name;

void mm_check_add_holder(const char *name, void (*count)(void))
{
    assert(nholders < MAX_HOLDERS);
    holders[nholders].name = name;
    holders[nholders++].count = count;
}

void mm_check_count(struct page *pg)
{
    holder_visit(holder_name, pg);
}

void mm_check_visit_holders(mm_holder_visit_fn visit)
{
    assert(spin_holding(&vmspace_list_lock));
    holder_visit = visit;
    for (int i = 0; i < nholders; i++) {
        holder_name = holders[i].name;
        holders[i].count();
    }
    holder_visit = 0;
    holder_name = 0;
}

static void mm_check_count_ref(const char *holder, struct page *pg)
{
    (void)holder;
    pg->check_refs++;
}

/* Print every user mapping of the page at pa, to say who maps it. */
static void mm_check_print_mappers(paddr_t pa)
{
    for (struct vmspace *vm = vmspace_list; vm; vm = vm->next) {
        struct pt_iter it;
        for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);)
            if (pte_present(*it.pte) && PTE_ADDR(*it.pte) == pa)
                kprintf("  mapped by address space %d at %#lx (pte %#lx)\n", vm->id, it.va, *it.pte);
    }
}

__attribute__((format(printf, 2, 3))) static noreturn
void mm_check_fail(struct page *pg, const char *fmt, ...)
{
    /* A panic follows: its lines must come out. mm_check holds address
     * spaces' locks here, and the order checker would stop at the first
     * printk (the memory dump takes them the other way round). */
    lockdep_off();
    va_list ap;
    kprintf("mm_check (%s): ", check_when);
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    if (pg) {
        kprintf("  page %#lx: kind %s, owner %d, refcount %u, counted %u\n", page_to_pa(pg),
                page_kind_name(pg->kind), pg->owner, pg->refcount, pg->check_refs);
        mm_check_print_mappers(page_to_pa(pg));
    }
    panic("mm_check failed");
}

/* Rule 1 for one table of the kernel half, recursively. */
static void mm_check_kernel_table(pte_t *table, int level, int first, int last)
{
    for (int i = first; i < last; i++) {
        pte_t e = table[i];
        if (!pte_present(e))
            continue;
        if (e & PTE_U)
            mm_check_fail(0, "kernel-half entry %#lx at level %d index %d is user-accessible", e, level, i);
        if (e & PTE_PS)
            continue;                     /* the direct map */
        struct page *pg = pa_to_page(PTE_ADDR(e));
        if (level == 0) {
            /* Reserved: device registers mapped by kmap_mmio in a hole
             * of the memory map that the records cover. */
            if (pg && pg->kind != PAGE_KERNEL && pg->kind != PAGE_RESERVED)
                mm_check_fail(pg, "the kernel maps a %s page at index %d", page_kind_name(pg->kind), i);
            continue;
        }
        if (pg) {
            if (pg->kind != PAGE_PAGETABLE || pg->owner != PAGE_OWNER_KERNEL)
                mm_check_fail(pg, "kernel table page is not a kernel page-table page");
            pg->check_refs++;
        }
        mm_check_kernel_table(pte_table(e), level - 1, 0, PT_ENTRIES);
    }
}

/* Rule 2 also: every used slot of a user table is marked in the table's
 * pt_used summary, which the iterators, fork and exit rely on to skip
 * empty slots (pagetable.h). Checked slot by slot, without the summary;
 * a table behind an unmarked slot is not visited, but its parent fails. */
static void mm_check_summary(struct vmspace *vm, const pte_t *t, int n)
{
    uint64_t used = *pt_used_of(t);
    for (int i = 0; i < n; i++)
        if (t[i] && !((used >> (i / 8)) & 1))
            mm_check_fail(pa_to_page(kva_to_pa(t)), "address space %d: slot %d (%#lx) of a table is in use "
                          "but not in its used-slot summary", vm->id, i, t[i]);
}

static void mm_check_user_tables(struct vmspace *vm)
{
    struct page *root = pa_to_page(kva_to_pa(vm->pml4));
    root->check_refs++;
    if (root->kind != PAGE_PAGETABLE || root->owner != vm->id)
        mm_check_fail(root, "PML4 of address space %d is not its page-table page", vm->id);
    if (memcmp(vm->pml4 + PT_ENTRIES / 2, kernel_vmspace.pml4 + PT_ENTRIES / 2, PAGE_SIZE / 2))
        mm_check_fail(root, "address space %d does not share the kernel half", vm->id);
    mm_check_summary(vm, vm->pml4, PT_ENTRIES);
    struct ptp_iter it;
    for (ptp_iter_init(&it, vm->pml4); ptp_iter_next(&it);) {
        struct page *pg = pa_to_page(kva_to_pa(it.table));
        pg->check_refs++;
        if (pg->kind != PAGE_PAGETABLE || pg->owner != vm->id)
            mm_check_fail(pg, "table page in address space %d is not its page-table page", vm->id);
        mm_check_summary(vm, it.table, PT_ENTRIES);
    }
    /* The last fault's leaf table (vm_fault.c) is still the one there. */
    pte_t *slot = vm->fault_table ? pt_walk(vm->pml4, vm->fault_table_va, 0, PT_NO_ALLOC, 0) : 0;
    if (vm->fault_table && slot != vm->fault_table)
        mm_check_fail(root, "address space %d: the last fault's leaf table for %#lx is not the one mapped there",
                      vm->id, vm->fault_table_va);
}

/* Rule 6: a leaf agrees with the area it lies in: inside one; writable
 * only where the area is, and for a private page only if nobody else holds
 * it (else it must be copy-on-write); executable only where the area is;
 * never more than the area's maximum permissions; user-accessible exactly
 * unless PROT_NONE; PTE_SHARED exactly in shared areas. Spaces with no
 * areas at all are raw page tables (mm ktests). */
static void mm_check_leaf_area(struct vmspace *vm, uintptr_t va, pte_t e, struct page *pg)
{
    if (vm_area_count(vm) == 0)
        return;
    const struct vm_area *a = vm_area_find(vm, va);
    if (!a)
        mm_check_fail(pg, "space %d maps %#lx outside any area", vm->id, va);
    bool shared = a->kind == VMA_SHARED;
    if ((e & PTE_W) && !(a->prot & VM_WRITE))
        mm_check_fail(pg, "space %d: %#lx is writable in a read-only area", vm->id, va);
    if (((e & PTE_W) && !(a->maxprot & VM_WRITE)) || (pte_nx && !(e & PTE_NX) && !(a->maxprot & VM_EXEC)) ||
        (a->prot & ~a->maxprot))
        mm_check_fail(pg, "space %d: %#lx is beyond its area's maximum permissions", vm->id, va);
    if ((e & PTE_W) && !shared && pg->refcount != 1)
        mm_check_fail(pg, "space %d: private page at %#lx is writable but shared", vm->id, va);
    if ((e & PTE_COW) && (e & PTE_W))
        mm_check_fail(pg, "space %d: copy-on-write page at %#lx is writable", vm->id, va);
    if (pte_nx && !(e & PTE_NX) && !(a->prot & VM_EXEC))
        mm_check_fail(pg, "space %d: %#lx is executable in a no-execute area", vm->id, va);
    if (!(e & PTE_U) != (a->prot == 0))
        mm_check_fail(pg, "space %d: %#lx user access does not match the area", vm->id, va);
    if (!!(e & PTE_SHARED) != shared || (shared && pg->kind != PAGE_SHARED && pg->kind != PAGE_CACHE))
        mm_check_fail(pg, "space %d: %#lx sharing does not match the area", vm->id, va);
}

static void mm_check_user_leaves(struct vmspace *vm)
{
    struct pt_iter it;
    size_t present = 0;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);) {
        if (!pte_present(*it.pte)) {
            const char *why = swap_check_name(*it.pte);
            if (why)
                mm_check_fail(0, "space %d: swapped-out %#lx (pte %#lx) %s", vm->id, it.va, *it.pte, why);
            continue;
        }
        present += swap_pte_counts(*it.pte);
        struct page *pg = pa_to_page(PTE_ADDR(*it.pte));
        if (!pg)
            mm_check_fail(0, "address space %d maps %#lx to %#lx, outside RAM", vm->id, it.va, PTE_ADDR(*it.pte));
        if (!(*it.pte & PTE_U) && vm_area_count(vm) == 0)
            mm_check_fail(pg, "user address %#lx in space %d is not user-accessible", it.va, vm->id);
        if (pg->kind != PAGE_USER && pg->kind != PAGE_SHARED && pg->kind != PAGE_CACHE)
            mm_check_fail(pg, "address space %d maps a %s page at %#lx for the user", vm->id,
                          page_kind_name(pg->kind), it.va);
        pg->check_refs++;
    }
    if (present != vm->rss)
        mm_check_fail(0, "space %d maps %lu pages swap could take but its count says %lu", vm->id, present,
                      vm->rss);
}

/* Rule 6 needs the final refcounts, so it runs after the recount. It
 * starts with the areas themselves (vm_area_check). */
static void mm_check_user_areas(struct vmspace *vm)
{
    uintptr_t where;
    const char *why = vm_area_check(vm, &where);
    if (why)
        mm_check_fail(0, "space %d: its areas are wrong at %#lx: %s", vm->id, where, why);
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);)
        if (pte_present(*it.pte))
            mm_check_leaf_area(vm, it.va, *it.pte, pa_to_page(PTE_ADDR(*it.pte)));
}

static void mm_check_compare(void)
{
    size_t nfree_counted = 0;
    for (struct page *pg = page_records, *end = pg + page_nrecords(); pg < end; pg++) {
        uint32_t ref = pg->refcount, seen = pg->check_refs;
        switch (pg->kind) {
        case PAGE_FREE:
            nfree_counted++;
            /* fall through */
        case PAGE_RESERVED:
        case PAGE_CONSOLE:
            if (ref || seen)
                mm_check_fail(pg, "a %s page is referenced", page_kind_name(pg->kind));
            break;
        case PAGE_KERNEL:
        case PAGE_BOOT:
            if (ref == 0 || seen)
                mm_check_fail(pg, "kernel page with refcount %u is referenced %u times", ref, seen);
            break;
        case PAGE_PAGETABLE:
            if (ref != 1 || seen != 1)
                mm_check_fail(pg, "page-table page must be in exactly one tree");
            break;
        default:
            if (ref != seen)
                mm_check_fail(pg, "refcount does not match the references found");
            if (ref == 0)
                mm_check_fail(pg, "page in use but referenced by nobody (leaked)");
        }
    }
    /* Free pages past the frontier have no record to mark them yet. */
    nfree_counted += page_ndeferred();
    if (nfree_counted != page_nfree())
        mm_check_fail(0, "%lu pages are marked free but the free count is %lu", nfree_counted, page_nfree());
}

void mm_check(const char *when)
{
    cpus_pause();
    check_when = when;
    spin_lock(&vmspace_list_lock);
    for (struct page *pg = page_records, *end = pg + page_nrecords(); pg < end; pg++)
        pg->check_refs = 0;
    swap_check_begin();
    pagetable_t kpml4 = kernel_vmspace.pml4;
    pa_to_page(kva_to_pa(kpml4))->check_refs++;
    for (int i = 0; i < PT_ENTRIES / 2; i++)
        if (kpml4[i])
            mm_check_fail(0, "the kernel page table maps user address space (PML4 entry %d)", i);
    spin_lock(&kernel_vmspace.lock);     /* kernel stacks come and go under it */
    mm_check_kernel_table(kpml4, PT_LEVELS - 1, PT_ENTRIES / 2, PT_ENTRIES);
    spin_unlock(&kernel_vmspace.lock);
    for (struct vmspace *vm = vmspace_list; vm; vm = vm->next) {
        spin_lock(&vm->lock);
        mm_check_user_tables(vm);
        mm_check_user_leaves(vm);
        spin_unlock(&vm->lock);
    }
    mm_check_visit_holders(mm_check_count_ref);
    uint32_t slot;
    const char *kind;
    const char *why = swap_obj_check(&kind, &slot);
    if (why)
        mm_check_fail(0, "%s names swap slot %u, which %s", kind, slot, why);
    mm_check_compare();
    why = swap_check_end(&slot);
    if (why)
        mm_check_fail(0, "swap slot %u: %s", slot, why);
    for (struct vmspace *vm = vmspace_list; vm; vm = vm->next) {
        spin_lock(&vm->lock);
        mm_check_user_areas(vm);
        spin_unlock(&vm->lock);
    }
    spin_unlock(&vmspace_list_lock);
    cpus_resume();
}

bool mm_check_always(void)
{
    static int mode = -1;
    if (mode < 0) {
        const char *v = cmdline_get("mm_check");
        mode = v && strcmp(v, "always") == 0;
    }
    return mode;
}

void mm_check_event(const char *what)
{
    if (mm_check_always())
        mm_check(what);
}
