/* vm_area.c -- an address space's areas: looking them up, copying and
 * dropping them all, and checking them (see vm_area.h). The changes are in
 * vm_area_change.c. */
#include "kernel/kernel.h"
#include "mm/vm_area.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/vm_object.h"
#include "include/weensy/errno.h"

/* No assert that vm->lock is held here, unlike the rest: this is the page
 * fault's look-up, and vm_fault asserts it once for the whole fault. */
const struct vm_area *vm_area_find(struct vmspace *vm, uintptr_t va)
{
    const struct vm_node *n = vm_tree_lower(&vm->areas, va);
    return n && n->a.start <= va ? &n->a : 0;
}

const struct vm_area *vm_area_from(struct vmspace *vm, uintptr_t va)
{
    assert(spin_holding(&vm->lock));
    const struct vm_node *n = vm_tree_lower(&vm->areas, va);
    return n ? &n->a : 0;
}

const struct vm_area *vm_area_first(struct vmspace *vm)
{
    assert(spin_holding(&vm->lock));
    const struct vm_node *n = vm_tree_first(&vm->areas);
    return n ? &n->a : 0;
}

const struct vm_area *vm_area_next(const struct vm_area *a)
{
    const struct vm_node *n = vm_tree_next(vm_node_of(a));
    return n ? &n->a : 0;
}

int vm_area_count(struct vmspace *vm) { return vm->areas.n; }

bool vm_area_is_free(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    assert(spin_holding(&vm->lock));
    const struct vm_node *n = vm_tree_lower(&vm->areas, lo);
    return !n || n->a.start >= hi;
}

bool vm_area_allows(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int access)
{
    assert(spin_holding(&vm->lock));
    lo = PAGE_ALIGN_DOWN(lo);
    for (const struct vm_node *n = vm_tree_lower(&vm->areas, lo); lo < hi; n = vm_tree_next(n)) {
        if (!n || n->a.start > lo || !vm_area_permits(&n->a, access))
            return false;
        lo = n->a.end;
    }
    return true;
}

uintptr_t vm_area_gap(struct vmspace *vm, size_t len, uintptr_t above, uintptr_t below)
{
    assert(spin_holding(&vm->lock));
    return vm_tree_gap(&vm->areas, len, above, below);
}

struct vm_area_copying {
    void (*each)(const struct vm_area *a, void *arg);
    void *arg;
};

/* For a space with shared areas: each copy holds the segment too. */
static void vm_area_copied(const struct vm_area *a, void *arg)
{
    struct vm_area_copying *c = arg;
    if (a->obj)
        vm_object_ref(a->obj);
    if (c->each)
        c->each(a, c->arg);
}

/* fork: the child's records are a copy of the parent's pages of records,
 * so its tree is the same shape; each copy of a shared area holds the
 * segment. The caller's work per area is done on the way, not in a second
 * walk: fork is a hot path (docs/performance.md). */
int vm_area_copy(struct vmspace *dst, struct vmspace *src, void (*each)(const struct vm_area *a, void *arg),
                 void *arg)
{
    assert(spin_holding(&src->lock) && spin_holding(&dst->lock));
    assert(dst->areas.n == 0);
    struct vm_area_copying c = { each, arg };
    int err = src->areas_obj ? vm_pool_clone(&dst->area_pool, &src->area_pool, vm_area_copied, &c)
                             : vm_pool_clone(&dst->area_pool, &src->area_pool, each, arg);
    if (err)
        return err;
    dst->areas.root = vm_pool_copy_of(src->areas.root);
    dst->areas.n = src->areas.n;
    dst->areas_obj = src->areas_obj;
    return 0;
}

static void vm_area_unhold(struct vm_node *n, void *arg)
{
    (void)arg;
    if (n->a.obj)
        vm_object_unref(n->a.obj);
}

/* The records go with their pages, all at once; only the areas holding a
 * segment need a visit. */
void vm_area_clear(struct vmspace *vm)
{
    assert(spin_holding(&vm->lock));
    if (vm->areas_obj)
        vm_tree_drain(&vm->areas, vm_area_unhold, 0);
    vm->areas = (struct vm_tree){ 0 };
    vm->areas_obj = 0;
    vm_pool_release(&vm->area_pool);
}

/* What is wrong with one area and its place after prev, or NULL. */
static const char *vm_area_check_one(const struct vm_area *prev, const struct vm_area *a)
{
    if (a->start < USER_BASE || a->end > USER_TOP)
        return "an area is outside the user half";
    if (a->prot & ~a->maxprot)
        return "an area's permissions are beyond its maximum";
    bool backed = a->kind == VMA_SHARED || a->kind == VMA_FILE;
    if (a->kind > VMA_FILE || backed != !!a->obj || (a->attach && a->kind != VMA_SHARED))
        return "an area's kind and backing disagree";
    if (prev && vm_area_alike(prev, a))
        return "two touching areas are alike (not merged)";
    return 0;
}

const char *vm_area_check(struct vmspace *vm, uintptr_t *where)
{
    assert(spin_holding(&vm->lock));
    const struct vm_node *bad;
    const char *why = vm_tree_check(&vm->areas, &bad);
    int nobj = 0;
    for (const struct vm_node *n = vm_tree_first(&vm->areas), *prev = 0; !why && n; prev = n, n = vm_tree_next(n)) {
        why = vm_area_check_one(prev ? &prev->a : 0, &n->a);
        bad = n;
        nobj += !!n->a.obj;
    }
    if (!why && nobj != vm->areas_obj) {
        why = "the count of areas holding an object is wrong";
        bad = 0;
    }
    if (!why && vm_pool_used(&vm->area_pool) != vm->areas.n) {
        why = "the records in use are not the areas";
        bad = 0;
    }
    *where = bad ? bad->a.start : 0;
    return why;
}

const char *vm_area_kind_name(int kind)
{
    static const char *const names[] = { "anon", "stack", "image", "shared", "file" };
    return kind >= 0 && kind <= VMA_FILE ? names[kind] : "?";
}
