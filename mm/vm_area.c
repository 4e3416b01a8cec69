/* vm_area.c -- the sorted array of areas (see vm_area.h). */
#include "kernel/kernel.h"
#include "mm/vm_area.h"
#include "mm/vmspace.h"
#include "mm/page.h"
#include "mm/shm.h"
#include "mm/kmalloc.h"
#include "include/weensy/errno.h"

#define VM_AREAS_FIRST 8

/* The first area that ends after va (the one holding va, or the next). */
static int vm_area_lower(const struct vm_areas *as, uintptr_t va)
{
    int lo = 0, hi = as->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (as->v[mid].end <= va)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct vm_area *vm_area_find(struct vmspace *vm, uintptr_t va)
{
    struct vm_areas *as = &vm->areas;
    int i = vm_area_lower(as, va);
    return i < as->n && as->v[i].start <= va ? &as->v[i] : 0;
}

bool vm_area_is_free(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    struct vm_areas *as = &vm->areas;
    int i = vm_area_lower(as, lo);
    return i == as->n || as->v[i].start >= hi;
}

/* Room for `extra` more areas, growing the array by doubling. */
static int vm_area_reserve(struct vm_areas *as, int extra)
{
    if (as->n + extra <= as->cap)
        return 0;
    if (as->n + extra > VM_AREAS_MAX)
        return -ENOMEM;
    int cap = as->cap ? as->cap : VM_AREAS_FIRST;
    while (cap < as->n + extra)
        cap *= 2;
    struct vm_area *v = kmalloc(cap * sizeof(*v));
    if (!v)
        return -ENOMEM;
    if (as->n)
        memcpy(v, as->v, as->n * sizeof(*v));
    kfree(as->v);
    as->v = v;
    as->cap = cap;
    return 0;
}

static void vm_area_insert_at(struct vm_areas *as, int i, const struct vm_area *a)
{
    assert(as->n < as->cap);
    memmove(&as->v[i + 1], &as->v[i], (as->n - i) * sizeof(*a));
    as->v[i] = *a;
    as->n++;
}

/* Remove area i, dropping its segment reference. */
static void vm_area_delete_at(struct vm_areas *as, int i)
{
    if (as->v[i].shm)
        shm_seg_unref(as->v[i].shm);
    memmove(&as->v[i], &as->v[i + 1], (as->n - i - 1) * sizeof(as->v[0]));
    as->n--;
}

static size_t vm_area_pages(const struct vm_area *a) { return (a->end - a->start) / PAGE_SIZE; }

/* Can b (which starts where a ends) become part of a? */
static bool vm_area_alike(const struct vm_area *a, const struct vm_area *b)
{
    return a->end == b->start && a->prot == b->prot && a->kind == b->kind && a->shm == b->shm &&
           a->attach == b->attach && (!a->shm || a->shm_first + vm_area_pages(a) == b->shm_first);
}

/* Merge the areas from index i (or the one before) on while alike, up to
 * the first area starting at or after `until`. */
static void vm_area_merge(struct vm_areas *as, int i, uintptr_t until)
{
    if (i > 0)
        i--;
    while (i + 1 < as->n && as->v[i + 1].start <= until) {
        if (vm_area_alike(&as->v[i], &as->v[i + 1])) {
            as->v[i].end = as->v[i + 1].end;
            vm_area_delete_at(as, i + 1);
        } else {
            i++;
        }
    }
}

int vm_area_add(struct vmspace *vm, const struct vm_area *a)
{
    struct vm_areas *as = &vm->areas;
    assert(a->start < a->end && PAGE_ALIGNED(a->start) && PAGE_ALIGNED(a->end));
    assert(vm_area_is_free(vm, a->start, a->end));
    if (vm_area_reserve(as, 1))
        return -ENOMEM;
    int i = vm_area_lower(as, a->start);
    vm_area_insert_at(as, i, a);
    if (a->shm)
        shm_seg_ref(a->shm);
    vm_area_merge(as, i, a->end);
    return 0;
}

/* Make `at` a boundary: split the area that strictly contains it. The
 * caller has reserved room. */
static void vm_area_split(struct vm_areas *as, uintptr_t at)
{
    int i = vm_area_lower(as, at);
    if (i == as->n || as->v[i].start >= at)
        return;
    struct vm_area right = as->v[i];
    right.start = at;
    if (right.shm) {
        right.shm_first += (at - as->v[i].start) / PAGE_SIZE;
        shm_seg_ref(right.shm);
    }
    as->v[i].end = at;
    vm_area_insert_at(as, i + 1, &right);
}

/* Does an area strictly contain `at`, so that making `at` a boundary
 * splits it in two? */
static bool vm_area_cuts(struct vm_areas *as, uintptr_t at)
{
    int i = vm_area_lower(as, at);
    return i < as->n && as->v[i].start < at;
}

/* How many more areas changing [lo, hi) needs room for: one per area cut
 * at an end. Removing or changing whole areas needs none, so a process at
 * its limit of areas can always unmap, protect or detach whole ones. */
static int vm_area_splits(struct vm_areas *as, uintptr_t lo, uintptr_t hi)
{
    return vm_area_cuts(as, lo) + vm_area_cuts(as, hi);
}

/* Unmap every page in [lo, hi), dropping the mappings' references. */
static void vm_area_unmap_pages(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, lo, hi); pt_iter_next(&it);) {
        pte_t e = *it.pte;
        pt_set(it.pte, it.va, 0);
        if (pte_present(e))
            page_put(pa_to_page(PTE_ADDR(e)));
    }
}

int vm_area_unmap(struct vmspace *vm, uintptr_t lo, uintptr_t hi)
{
    struct vm_areas *as = &vm->areas;
    if (vm_area_reserve(as, vm_area_splits(as, lo, hi)))
        return -ENOMEM;
    vm_area_split(as, lo);
    vm_area_split(as, hi);
    int i = vm_area_lower(as, lo);
    while (i < as->n && as->v[i].start < hi)
        vm_area_delete_at(as, i);
    vm_area_unmap_pages(vm, lo, hi);
    pt_prune(vm->pml4, lo, hi);
    return 0;
}

uint64_t vm_area_pte(const struct vm_area *a, struct page *pg)
{
    uint64_t f = PTE_P;
    if (a->prot)
        f |= PTE_U;
    if (!(a->prot & VM_EXEC))
        f |= pte_nx;
    if (a->kind == VMA_SHARED)
        return f | PTE_SHARED | (a->prot & VM_WRITE ? PTE_W : 0);
    if (a->prot & VM_WRITE)
        f |= page_refcount(pg) == 1 ? PTE_W : PTE_COW;
    return f;
}

bool vm_area_permits(const struct vm_area *a, int access)
{
    if (access & VM_WRITE)
        return a->prot & VM_WRITE;
    if (access & VM_EXEC)
        return a->prot & VM_EXEC;
    return a->prot != 0;
}

/* Is [lo, hi) covered by areas without a hole? */
static bool vm_area_covers(struct vm_areas *as, uintptr_t lo, uintptr_t hi)
{
    for (int i = vm_area_lower(as, lo); lo < hi; i++) {
        if (i == as->n || as->v[i].start > lo)
            return false;
        lo = as->v[i].end;
    }
    return true;
}

bool vm_area_allows(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int access)
{
    struct vm_areas *as = &vm->areas;
    lo = PAGE_ALIGN_DOWN(lo);
    for (int i = vm_area_lower(as, lo); lo < hi; i++) {
        if (i == as->n || as->v[i].start > lo || !vm_area_permits(&as->v[i], access))
            return false;
        lo = as->v[i].end;
    }
    return true;
}

/* Give the pages mapped in area a the PTE flags its permissions call for. */
static void vm_area_refresh_ptes(struct vmspace *vm, const struct vm_area *a)
{
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, a->start, a->end); pt_iter_next(&it);) {
        if (!pte_present(*it.pte))
            continue;
        paddr_t pa = PTE_ADDR(*it.pte);
        pt_set(it.pte, it.va, pa | vm_area_pte(a, pa_to_page(pa)));
    }
}

int vm_area_protect(struct vmspace *vm, uintptr_t lo, uintptr_t hi, int prot)
{
    struct vm_areas *as = &vm->areas;
    if (!vm_area_covers(as, lo, hi) || vm_area_reserve(as, vm_area_splits(as, lo, hi)))
        return -ENOMEM;
    vm_area_split(as, lo);
    vm_area_split(as, hi);
    int first = vm_area_lower(as, lo);
    for (int i = first; i < as->n && as->v[i].start < hi; i++) {
        as->v[i].prot = prot;
        vm_area_refresh_ptes(vm, &as->v[i]);
    }
    vm_area_merge(as, first, hi);
    return 0;
}

uintptr_t vm_area_gap(struct vmspace *vm, size_t len, uintptr_t above, uintptr_t below)
{
    struct vm_areas *as = &vm->areas;
    uintptr_t top = below;
    for (int i = as->n - 1; i >= 0 && top > above; i--) {
        const struct vm_area *a = &as->v[i];
        if (a->start >= top)
            continue;
        uintptr_t floor = a->end > above ? a->end : above;
        if (a->end <= top && top - floor >= len)
            return top - len;
        top = a->start;
    }
    return top > above && top - above >= len ? top - len : 0;
}

int vm_area_copy(struct vmspace *dst, struct vmspace *src)
{
    assert(dst->areas.n == 0);
    if (vm_area_reserve(&dst->areas, src->areas.n))
        return -ENOMEM;
    for (int i = 0; i < src->areas.n; i++) {
        dst->areas.v[i] = src->areas.v[i];
        if (src->areas.v[i].shm)
            shm_seg_ref(src->areas.v[i].shm);
    }
    dst->areas.n = src->areas.n;
    return 0;
}

void vm_area_clear(struct vmspace *vm)
{
    struct vm_areas *as = &vm->areas;
    while (as->n)
        vm_area_delete_at(as, as->n - 1);
    kfree(as->v);
    *as = (struct vm_areas){ 0 };
}

const char *vm_area_kind_name(int kind)
{
    static const char *const names[] = { "anon", "stack", "image", "shared" };
    return kind >= 0 && kind <= VMA_SHARED ? names[kind] : "?";
}
