/* vm_tree.c -- the AVL tree of an address space's areas (see vm_tree.h).
 * Parent links make the walk in address order O(1) on average and let a
 * change fix the tree from the node upwards; every node on that path gets
 * its height and subtree summary recomputed from its children's. */
#include "kernel/kernel.h"
#include "arch/x86_64/memlayout.h"
#include "mm/vm_tree.h"

static int vm_height(const struct vm_node *n) { return n ? n->height : 0; }

/* vm_node_update: n's height and summary, from its children's. */
static void vm_node_update(struct vm_node *n)
{
    const struct vm_node *l = n->left, *r = n->right;
    uintptr_t gap = 0;
    if (l)
        gap = MAX(l->gap, n->a.start - l->hi);
    if (r)
        gap = MAX(gap, MAX(r->gap, r->lo - n->a.end));
    n->height = 1 + MAX(vm_height(l), vm_height(r));
    n->lo = l ? l->lo : n->a.start;
    n->hi = r ? r->hi : n->a.end;
    n->gap = gap;
}

/* vm_tree_relink: put `to` where `from` hangs under p (p NULL: the root). */
static void vm_tree_relink(struct vm_tree *t, struct vm_node *p, const struct vm_node *from, struct vm_node *to)
{
    if (!p)
        t->root = to;
    else if (p->left == from)
        p->left = to;
    else
        p->right = to;
    if (to)
        to->parent = p;
}

static struct vm_node *vm_rotate_left(struct vm_tree *t, struct vm_node *x)
{
    struct vm_node *y = x->right;
    x->right = y->left;
    if (y->left)
        y->left->parent = x;
    vm_tree_relink(t, x->parent, x, y);
    y->left = x;
    x->parent = y;
    vm_node_update(x);
    vm_node_update(y);
    return y;
}

static struct vm_node *vm_rotate_right(struct vm_tree *t, struct vm_node *x)
{
    struct vm_node *y = x->left;
    x->left = y->right;
    if (y->right)
        y->right->parent = x;
    vm_tree_relink(t, x->parent, x, y);
    y->right = x;
    x->parent = y;
    vm_node_update(x);
    vm_node_update(y);
    return y;
}

/* vm_tree_rebalance: n's subtrees are sound and differ in height by at
 * most 2; make n's sound too. Returns the node now in n's place. */
static struct vm_node *vm_tree_rebalance(struct vm_tree *t, struct vm_node *n)
{
    int balance = vm_height(n->left) - vm_height(n->right);
    if (balance > 1) {
        if (vm_height(n->left->left) < vm_height(n->left->right))
            vm_rotate_left(t, n->left);
        return vm_rotate_right(t, n);
    }
    if (balance < -1) {
        if (vm_height(n->right->right) < vm_height(n->right->left))
            vm_rotate_right(t, n->right);
        return vm_rotate_left(t, n);
    }
    vm_node_update(n);
    return n;
}

/* vm_tree_fix_up: the nodes from n to the root, after a change below n. */
static void vm_tree_fix_up(struct vm_tree *t, struct vm_node *n)
{
    while (n)
        n = vm_tree_rebalance(t, n)->parent;
}

/* vm_tree_fix_up_from: the same after a change at n itself or just below
 * it (a new leaf, a new range, a child gone), stopping at the first node
 * that neither moves nor changes: what its ancestors hold is made from it
 * alone. (Removing a node with two children changes the tree in two
 * places, so that walks the whole path with vm_tree_fix_up.) */
static void vm_tree_fix_up_from(struct vm_tree *t, struct vm_node *n)
{
    while (n) {
        int height = n->height;
        uintptr_t lo = n->lo, hi = n->hi, gap = n->gap;
        struct vm_node *m = vm_tree_rebalance(t, n);
        if (m == n && n->height == height && n->lo == lo && n->hi == hi && n->gap == gap)
            return;
        n = m->parent;
    }
}

struct vm_node *vm_tree_lower(const struct vm_tree *t, uintptr_t va)
{
    struct vm_node *n = t->root, *best = 0;
    while (n) {
        if (n->a.end > va) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

struct vm_node *vm_tree_first(const struct vm_tree *t)
{
    struct vm_node *n = t->root;
    while (n && n->left)
        n = n->left;
    return n;
}

struct vm_node *vm_tree_last(const struct vm_tree *t)
{
    struct vm_node *n = t->root;
    while (n && n->right)
        n = n->right;
    return n;
}

struct vm_node *vm_tree_next(const struct vm_node *n)
{
    if (n->right) {
        n = n->right;
        while (n->left)
            n = n->left;
        return (struct vm_node *)n;
    }
    while (n->parent && n->parent->right == n)
        n = n->parent;
    return n->parent;
}

struct vm_node *vm_tree_prev(const struct vm_node *n)
{
    if (n->left) {
        n = n->left;
        while (n->right)
            n = n->right;
        return (struct vm_node *)n;
    }
    while (n->parent && n->parent->left == n)
        n = n->parent;
    return n->parent;
}

void vm_tree_insert(struct vm_tree *t, struct vm_node *n)
{
    struct vm_node *p = 0, **link = &t->root;
    while (*link) {
        p = *link;
        link = n->a.start < p->a.start ? &p->left : &p->right;
    }
    n->left = n->right = 0;
    n->parent = p;
    n->height = 0;               /* not summed up yet: the fix-up goes on */
    *link = n;
    t->n++;
    vm_tree_fix_up_from(t, n);
}

/* A node with two children swaps places with its successor (the leftmost
 * node of its right subtree, which has no left child) by relinking, not by
 * copying areas, so that no other record moves. */
void vm_tree_remove(struct vm_tree *t, struct vm_node *z)
{
    t->n--;
    if (!z->left || !z->right) {
        vm_tree_relink(t, z->parent, z, z->left ? z->left : z->right);
        vm_tree_fix_up_from(t, z->parent);
        return;
    }
    struct vm_node *y = z->right, *fix;
    while (y->left)
        y = y->left;
    fix = y;
    if (y->parent != z) {
        fix = y->parent;
        vm_tree_relink(t, y->parent, y, y->right);
        y->right = z->right;
        y->right->parent = y;
    }
    vm_tree_relink(t, z->parent, z, y);
    y->left = z->left;
    y->left->parent = y;
    vm_tree_fix_up(t, fix);
}

void vm_tree_resized(struct vm_tree *t, struct vm_node *n)
{
    vm_tree_fix_up_from(t, n);
}

/* The highest start for len bytes in the free range [lo, hi) clipped to
 * [above, below); 0 if they do not fit. */
static uintptr_t vm_gap_fit(uintptr_t lo, uintptr_t hi, size_t len, uintptr_t above, uintptr_t below)
{
    lo = MAX(lo, above);
    hi = MIN(hi, below);
    return hi > lo && hi - lo >= len ? hi - len : 0;
}

/* vm_gap_in: the highest fit among the free ranges around and between the
 * areas of n's subtree, which lies between an area ending at lb and one
 * starting at rb. A subtree is entered only if its span, clipped, could
 * hold len and one of its free ranges is long enough; every subtree wholly
 * inside [above, below) that is entered holds a fit, so only the two paths
 * along above and below can be entered in vain: O(log n). */
static uintptr_t vm_gap_in(const struct vm_node *n, uintptr_t lb, uintptr_t rb, size_t len, uintptr_t above,
                           uintptr_t below)
{
    if (!n)
        return vm_gap_fit(lb, rb, len, above, below);
    if (!vm_gap_fit(lb, rb, len, above, below) || MAX(n->gap, MAX(n->lo - lb, rb - n->hi)) < len)
        return 0;
    uintptr_t x = vm_gap_in(n->right, n->a.end, rb, len, above, below);
    return x ? x : vm_gap_in(n->left, lb, n->a.start, len, above, below);
}

/* The usual case first: mmap places areas top-down, so the range just
 * below the lowest area reaching `below` from underneath (or just below
 * `below`) is often free. One descent; 0 if it does not fit. */
static uintptr_t vm_gap_just_below(const struct vm_tree *t, size_t len, uintptr_t above, uintptr_t below)
{
    const struct vm_node *n = vm_tree_lower(t, below - 1), *prev;
    uintptr_t top = below;
    if (n && n->a.start < below) {
        top = n->a.start;
        prev = vm_tree_prev(n);
    } else {
        prev = n ? vm_tree_prev(n) : vm_tree_last(t);
    }
    return vm_gap_fit(prev ? prev->a.end : 0, top, len, above, below);
}

uintptr_t vm_tree_gap(const struct vm_tree *t, size_t len, uintptr_t above, uintptr_t below)
{
    assert(len > 0 && below > 0);
    uintptr_t x = vm_gap_just_below(t, len, above, below);
    return x ? x : vm_gap_in(t->root, 0, UINTPTR_MAX, len, above, below);
}

void vm_tree_drain(struct vm_tree *t, void (*fn)(struct vm_node *n, void *arg), void *arg)
{
    struct vm_node *n = t->root;
    while (n) {
        if (n->left || n->right) {
            n = n->left ? n->left : n->right;
            continue;
        }
        struct vm_node *p = n->parent;
        if (p && p->left == n)
            p->left = 0;
        else if (p)
            p->right = 0;
        fn(n, arg);
        n = p;
    }
    t->root = 0;
    t->n = 0;
}

/* ---- the check ------------------------------------------------------------ */

struct vm_tree_checker {
    const char *why;
    const struct vm_node *bad;
    int count;
    uintptr_t prev_end;
};

static void vm_check_fail(struct vm_tree_checker *c, const struct vm_node *n, const char *why)
{
    if (!c->why) {
        c->why = why;
        c->bad = n;
    }
}

/* The subtree summary n should have, compared with the one it has. */
static bool vm_check_summary(const struct vm_node *n)
{
    struct vm_node copy = *n;
    vm_node_update(&copy);
    return copy.lo == n->lo && copy.hi == n->hi && copy.gap == n->gap && copy.height == n->height;
}

/* Check n's subtree (in address order, so areas are compared with the one
 * before them); returns its height. */
static int vm_check_node(const struct vm_node *n, const struct vm_node *parent, struct vm_tree_checker *c)
{
    if (!n || c->why)
        return 0;
    if (n->parent != parent)
        vm_check_fail(c, n, "a node's parent link is wrong");
    int hl = vm_check_node(n->left, n, c);
    const struct vm_area *a = &n->a;
    if (a->start >= a->end || !PAGE_ALIGNED(a->start) || !PAGE_ALIGNED(a->end))
        vm_check_fail(c, n, "an area is empty or not page-aligned");
    if (c->count && a->start < c->prev_end)
        vm_check_fail(c, n, "areas overlap or are out of order");
    c->prev_end = a->end;
    c->count++;
    int hr = vm_check_node(n->right, n, c);
    if (hl - hr > 1 || hr - hl > 1)
        vm_check_fail(c, n, "a node is out of balance");
    if (!vm_check_summary(n))
        vm_check_fail(c, n, "a node's height or subtree summary is wrong");
    return 1 + MAX(hl, hr);
}

const char *vm_tree_check(const struct vm_tree *t, const struct vm_node **bad)
{
    struct vm_tree_checker c = { 0 };
    vm_check_node(t->root, 0, &c);
    if (!c.why && c.count != t->n)
        vm_check_fail(&c, 0, "the area count is wrong");
    *bad = c.bad;
    return c.why;
}
