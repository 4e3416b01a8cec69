/* vm_pool.c -- an address space's pages of area records (see vm_pool.h). */
#include "kernel/kernel.h"
#include "mm/vm_pool.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

/* The header at the start of each page; the records follow. */
struct vm_pool_page {
    struct vm_pool_page *next, *prev;   /* on one of the pool's lists */
    struct vm_node *free;               /* records given back, linked through left */
    struct vm_pool_page *copy;          /* vm_pool_clone: this page's copy */
    uint16_t used;                      /* records in use */
    uint16_t fresh;                     /* records from this index on never handed out */
};

#define VM_POOL_FIRST ALIGN_UP(sizeof(struct vm_pool_page), 8)
#define VM_POOL_PER_PAGE ((int)((PAGE_SIZE - VM_POOL_FIRST) / sizeof(struct vm_node)))
_Static_assert(VM_POOL_PER_PAGE == 46, "docs/vm.md and vm_area.h count 46 records a page");

static void vm_pool_link(struct vm_pool_page **list, struct vm_pool_page *pg)
{
    pg->prev = 0;
    pg->next = *list;
    if (*list)
        (*list)->prev = pg;
    *list = pg;
}

static void vm_pool_unlink(struct vm_pool_page **list, struct vm_pool_page *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        *list = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
}

static struct vm_pool_page *vm_pool_page_of(const struct vm_node *n)
{
    return (struct vm_pool_page *)PAGE_ALIGN_DOWN((uintptr_t)n);
}

/* Free the first page of a list. */
static void vm_pool_drop(struct vm_pool *p, struct vm_pool_page **list)
{
    struct vm_pool_page *pg = *list;
    vm_pool_unlink(list, pg);
    p->pages--;
    p->free -= VM_POOL_PER_PAGE - pg->used;
    page_put(pa_to_page(kva_to_pa(pg)));
}

int vm_pool_reserve(struct vm_pool *p, int n)
{
    int added = 0;
    while (p->free < n) {
        struct page *page = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
        if (!page) {
            while (added--)          /* they are the first on the list */
                vm_pool_drop(p, &p->empty);
            return -ENOMEM;
        }
        struct vm_pool_page *pg = page_kva(page);
        *pg = (struct vm_pool_page){ 0 };
        vm_pool_link(&p->empty, pg);
        p->pages++;
        p->free += VM_POOL_PER_PAGE;
        added++;
    }
    return 0;
}

struct vm_node *vm_pool_get(struct vm_pool *p)
{
    struct vm_pool_page *pg = p->partial ? p->partial : p->empty;
    assert(pg && p->free > 0);
    if (pg->used == 0) {
        vm_pool_unlink(&p->empty, pg);
        vm_pool_link(&p->partial, pg);
    }
    struct vm_node *n = pg->free;
    if (n)
        pg->free = n->left;
    else
        n = (struct vm_node *)((char *)pg + VM_POOL_FIRST) + pg->fresh++;
    if (++pg->used == VM_POOL_PER_PAGE) {
        vm_pool_unlink(&p->partial, pg);
        vm_pool_link(&p->full, pg);
    }
    p->free--;
    return n;
}

void vm_pool_put(struct vm_pool *p, struct vm_node *n)
{
    struct vm_pool_page *pg = vm_pool_page_of(n);
    assert(pg->used > 0);
    if (pg->used == VM_POOL_PER_PAGE) {
        vm_pool_unlink(&p->full, pg);
        vm_pool_link(&p->partial, pg);
    }
    n->left = pg->free;
    n->height = 0;                      /* free, for vm_pool_relink */
    pg->free = n;
    p->free++;
    if (--pg->used == 0) {
        vm_pool_unlink(&p->partial, pg);
        vm_pool_link(&p->empty, pg);
    }
}

void vm_pool_trim(struct vm_pool *p, int keep)
{
    while (p->empty && p->pages > keep)
        vm_pool_drop(p, &p->empty);
}

void vm_pool_release(struct vm_pool *p)
{
    struct vm_pool_page **lists[] = { &p->empty, &p->partial, &p->full };
    for (int i = 0; i < 3; i++)
        while (*lists[i])
            vm_pool_drop(p, lists[i]);
    assert(p->pages == 0 && p->free == 0);
}

int vm_pool_used(const struct vm_pool *p)
{
    return p->pages * VM_POOL_PER_PAGE - p->free;
}

/* ---- fork's copy ---------------------------------------------------------- */

struct vm_node *vm_pool_copy_of(const struct vm_node *n)
{
    if (!n)
        return 0;
    const struct vm_pool_page *pg = vm_pool_page_of(n);
    return (struct vm_node *)((char *)pg->copy + ((uintptr_t)n - (uintptr_t)pg));
}

/* Copy page pg into a new page of dst: its header and the records it has
 * ever handed out. NULL when memory is out. */
static struct vm_pool_page *vm_pool_copy_page(struct vm_pool *dst, struct vm_pool_page *pg)
{
    struct page *page = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!page)
        return 0;
    struct vm_pool_page *c = page_kva(page);
    memcpy(c, pg, VM_POOL_FIRST + pg->fresh * sizeof(struct vm_node));
    pg->copy = c;
    vm_pool_link(pg->used == VM_POOL_PER_PAGE ? &dst->full : &dst->partial, c);
    dst->pages++;
    dst->free += VM_POOL_PER_PAGE - pg->used;
    return c;
}

/* Point the links of copied page c's records at the copies; run each on
 * the areas in use (a free record has height 0 and only a free link). */
static void vm_pool_relink(struct vm_pool_page *c, void (*each)(const struct vm_area *a, void *arg), void *arg)
{
    c->free = vm_pool_copy_of(c->free);
    struct vm_node *rec = (struct vm_node *)((char *)c + VM_POOL_FIRST);
    for (int i = 0; i < c->fresh; i++, rec++) {
        rec->left = vm_pool_copy_of(rec->left);
        if (rec->height == 0)
            continue;
        rec->right = vm_pool_copy_of(rec->right);
        rec->parent = vm_pool_copy_of(rec->parent);
        if (each)
            each(&rec->a, arg);
    }
}

int vm_pool_clone(struct vm_pool *dst, struct vm_pool *src, void (*each)(const struct vm_area *a, void *arg),
                  void *arg)
{
    assert(dst->pages == 0);
    struct vm_pool_page *lists[] = { src->partial, src->full };
    for (int l = 0; l < 2; l++)
        for (struct vm_pool_page *pg = lists[l]; pg; pg = pg->next)
            if (!vm_pool_copy_page(dst, pg)) {
                vm_pool_release(dst);
                return -ENOMEM;
            }
    struct vm_pool_page *copies[] = { dst->partial, dst->full };
    for (int l = 0; l < 2; l++)
        for (struct vm_pool_page *c = copies[l]; c; c = c->next)
            vm_pool_relink(c, each, arg);
    return 0;
}
