/* vm_area_change.c -- changing an address space's areas: map (replacing
 * what was there), unmap, protect. Each change is made all at once or not
 * at all (vm_area.h):
 *
 *   1. plan: walk the areas the change meets and the one either side, and
 *      work out the result without changing anything, merging as the
 *      change would: how many areas it leaves and how many records it
 *      takes on the way; refuse a protect over a hole or beyond an area's
 *      maximum permissions;
 *   2. check the limit (VM_AREAS_MAX) against what it leaves, and reserve
 *      the records (mm/vm_pool.h);
 *   3. make it, in one way for every change: split the areas cut at lo and
 *      hi, change what lies between, merge alike neighbours. Nothing in
 *      this step can fail.
 *
 * So MAP_FIXED over part of an area, which needs the two splits and the
 * new area, cannot lose the old mapping half-way: it is all checked first.
 */
#include "kernel/kernel.h"
#include "mm/vm_area.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/vm_object.h"
#include "include/weensy/errno.h"

/* A change of [lo, hi): replace it by a (NULL: unmap it), or, with prot
 * >= 0, give every area in it prot. */
struct vm_change {
    uintptr_t lo, hi;
    const struct vm_area *a;
    int prot;                    /* protect: the new permissions; else -1 */
    bool add;                    /* vm_area_add: the range must be free */
    /* the plan */
    int met;                     /* areas that meet [lo, hi) */
    struct vm_node *first;       /* the first of them */
    struct vm_node *cut_lo;      /* the one lo cuts in two, if any */
    struct vm_node *cut_hi;      /* the one hi cuts in two, if any */
    int after;                   /* areas when done */
    int records;                 /* records needed on the way */
    int merges;                  /* merges on the way */
};

/* The result of a change, area by area in address order, merged as the
 * change will merge them: how many areas it is (n), out of how many
 * pieces (pieces). */
struct vm_runs {
    struct vm_area last;
    int n, pieces;
};

static void vm_runs_add(struct vm_runs *r, const struct vm_area *x)
{
    r->pieces++;
    if (r->n && vm_area_alike(&r->last, x)) {
        r->last.end = x->end;
        return;
    }
    r->last = *x;
    r->n++;
}

/* vm_area_piece: area a cut down to [lo, hi). */
static struct vm_area vm_area_piece(const struct vm_area *a, uintptr_t lo, uintptr_t hi)
{
    struct vm_area p = *a;
    p.start = MAX(a->start, lo);
    p.end = MIN(a->end, hi);
    if (p.obj)
        p.pgoff += (uint32_t)((p.start - a->start) / PAGE_SIZE);
    return p;
}

/* Step 1 for the areas that meet [lo, hi), from *n on: each is counted as
 * gone (*old); for a protect, its part inside joins the result with the
 * new prot, and the range must be covered and allowed (else -ENOMEM or
 * -EACCES). *last is the last one met, *n the first area after them. */
static int vm_plan_inside(struct vm_change *c, struct vm_node **n, struct vm_runs *r, int *old,
                          struct vm_node **last)
{
    uintptr_t at = c->lo;
    for (; *n && (*n)->a.start < c->hi; *n = vm_tree_next(*n)) {
        const struct vm_area *a = &(*n)->a;
        (*old)++;
        c->met++;
        *last = *n;
        if (c->prot < 0)
            continue;
        if (a->start > at)
            return -ENOMEM;
        if (c->prot & ~a->maxprot)
            return -EACCES;
        struct vm_area p = vm_area_piece(a, c->lo, c->hi);
        p.prot = (uint8_t)c->prot;
        vm_runs_add(r, &p);
        at = a->end;
    }
    return c->prot >= 0 && at < c->hi ? -ENOMEM : 0;
}

/* Step 1: the plan. The neighbours touching lo and hi are in it too: a
 * change may merge with them. */
static int vm_change_plan(struct vmspace *vm, struct vm_change *c)
{
    struct vm_tree *t = &vm->areas;
    struct vm_runs r = { .n = 0 };
    struct vm_node *last = 0;
    int old = 0;
    struct vm_node *n = vm_tree_lower(t, c->lo);
    const struct vm_node *before = n ? vm_tree_prev(n) : vm_tree_last(t);
    c->first = n;
    if (before && before->a.end == c->lo) {
        vm_runs_add(&r, &before->a);
        old++;
    }
    if (n && n->a.start < c->lo) {          /* the split at lo */
        struct vm_area p = vm_area_piece(&n->a, n->a.start, c->lo);
        vm_runs_add(&r, &p);
        c->records++;
        c->cut_lo = n;
    }
    int err = vm_plan_inside(c, &n, &r, &old, &last);
    if (err)
        return err;
    if (c->a) {
        vm_runs_add(&r, c->a);
        c->records++;
    }
    if (last && last->a.end > c->hi) {      /* the split at hi */
        struct vm_area p = vm_area_piece(&last->a, c->hi, last->a.end);
        vm_runs_add(&r, &p);
        c->records++;
        c->cut_hi = last;
    } else if (n && n->a.start == c->hi) {
        vm_runs_add(&r, &n->a);
        old++;
    }
    c->after = t->n - old + r.n;
    c->merges = r.pieces - r.n;
    return 0;
}

/* Drop area n: its record and its hold on a segment. */
static void vm_area_drop(struct vmspace *vm, struct vm_node *n)
{
    vm_tree_remove(&vm->areas, n);
    if (n->a.obj) {
        vm_object_unref(n->a.obj);
        vm->areas_obj--;
    }
    vm_pool_put(&vm->area_pool, n);
}

/* Add area a in a reserved record; returns the record. */
static struct vm_node *vm_area_insert(struct vmspace *vm, const struct vm_area *a)
{
    struct vm_node *n = vm_pool_get(&vm->area_pool);
    n->a = *a;
    if (a->obj) {
        vm_object_ref(a->obj);
        vm->areas_obj++;
    }
    vm_tree_insert(&vm->areas, n);
    return n;
}

/* vm_area_split: area n, which holds `at` strictly, keeps its part below,
 * and its part above becomes an area of its own, which is returned. */
static struct vm_node *vm_area_split(struct vmspace *vm, struct vm_node *n, uintptr_t at)
{
    struct vm_area upper = vm_area_piece(&n->a, at, n->a.end);
    n->a.end = at;
    vm_tree_resized(&vm->areas, n);
    return vm_area_insert(vm, &upper);
}

/* vm_area_merge: join alike neighbours, from the area at or just below lo
 * up to the one starting at hi. */
static void vm_area_merge(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    struct vm_node *n = vm_tree_lower(&vm->areas, lo - 1), *next;
    while (n && (next = vm_tree_next(n)) && next->a.start <= hi) {
        if (!vm_area_alike(&n->a, &next->a)) {
            n = next;
            continue;
        }
        uintptr_t end = next->a.end;
        vm_area_drop(vm, next);
        n->a.end = end;
        vm_tree_resized(&vm->areas, n);
    }
}

/* Give the pages mapped in area a the PTE flags its permissions call for,
 * and flush them all at once (a CR3 reload's worth on each CPU running
 * the space, past PT_FLUSH_MAX pages) before mprotect returns. */
static void vm_area_refresh_ptes(struct vmspace *vm, const struct vm_area *a)
{
    struct pt_iter it;
    struct pt_flush fl = { .pml4 = vm->pml4 };
    for (pt_iter_init(&it, vm->pml4, a->start, a->end); pt_iter_next(&it);) {
        if (!pte_present(*it.pte))
            continue;
        paddr_t pa = PTE_ADDR(*it.pte);
        *it.pte = pa | vm_area_pte(a, pa_to_page(pa));
        pt_flush_add(&fl, it.va);
    }
    pt_flush_done(&fl);
}

/* Step 3: split at both ends, change what is between, merge, as planned
 * (the plan's nodes are where they were: nothing has changed since). A
 * range that meets no area has no page either (every page lies in an
 * area: mm_check's rule 6), so mapping a free range only adds the area. */
static void vm_change_make(struct vmspace *vm, const struct vm_change *c)
{
    struct vm_node *n = c->met ? c->first : 0, *next;
    if (c->cut_hi)                      /* first: it may be cut_lo too */
        vm_area_split(vm, c->cut_hi, c->hi);
    if (c->cut_lo)
        n = vm_area_split(vm, c->cut_lo, c->lo);
    for (; n && n->a.start < c->hi; n = next) {
        next = vm_tree_next(n);
        if (c->prot >= 0) {
            n->a.prot = (uint8_t)c->prot;
            vm_area_refresh_ptes(vm, &n->a);
        } else {
            vm_area_drop(vm, n);
        }
    }
    if (c->met && c->prot < 0)
        vmspace_unmap_range(vm, c->lo, c->hi);
    if (c->a)
        vm_area_insert(vm, c->a);
    if (c->merges)
        vm_area_merge(vm, c->lo, c->hi);
}

static int vm_change(struct vmspace *vm, struct vm_change *c, int (*ready)(struct vmspace *, void *), void *arg)
{
    assert(spin_holding(&vm->lock));
    assert(c->lo < c->hi && PAGE_ALIGNED(c->lo) && PAGE_ALIGNED(c->hi));
    assert(c->lo >= USER_BASE && c->hi <= USER_TOP);
    assert(!c->a || ((c->a->prot & ~c->a->maxprot) == 0 && (c->a->kind == VMA_SHARED || c->a->kind == VMA_FILE) == !!c->a->obj));
    int pages = vm->area_pool.pages;
    int err = vm_change_plan(vm, c);
    assert(!c->add || c->met == 0);
    if (!err && c->after > VM_AREAS_MAX)
        err = -ENOMEM;
    if (!err)
        err = vm_pool_reserve(&vm->area_pool, c->records);
    if (!err && ready)
        err = ready(vm, arg);
    if (err) {
        vm_pool_trim(&vm->area_pool, pages);    /* what was reserved */
        return err;
    }
    vm_change_make(vm, c);
    assert_eq(vm->areas.n, c->after);           /* the plan was right */
    vm_pool_trim(&vm->area_pool, VM_POOL_KEEP);
    return 0;
}

int vm_area_map_ready(struct vmspace *vm, const struct vm_area *a, int (*ready)(struct vmspace *vm, void *arg),
                      void *arg)
{
    struct vm_change c = { .lo = a->start, .hi = a->end, .a = a, .prot = -1 };
    return vm_change(vm, &c, ready, arg);
}

int vm_area_map(struct vmspace *vm, const struct vm_area *a)
{
    return vm_area_map_ready(vm, a, 0, 0);
}

int vm_area_add(struct vmspace *vm, const struct vm_area *a)
{
    struct vm_change c = { .lo = a->start, .hi = a->end, .a = a, .prot = -1, .add = true };
    return vm_change(vm, &c, 0, 0);
}

int vm_area_unmap(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    struct vm_change c = { .lo = lo, .hi = hi, .a = 0, .prot = -1 };
    return vm_change(vm, &c, 0, 0);
}

int vm_area_protect(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int prot)
{
    assert(prot >= 0 && (prot & ~VM_PROT_ALL) == 0);
    struct vm_change c = { .lo = lo, .hi = hi, .a = 0, .prot = prot };
    return vm_change(vm, &c, 0, 0);
}
