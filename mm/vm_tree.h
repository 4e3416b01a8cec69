/* vm_tree.h -- the areas of one address space, as an AVL tree of records
 * keyed by start address (mm/vm_area.c is its one user).
 *
 * Areas never overlap, so ordering by start orders the ends too, and "the
 * first area ending after va" is a plain descent. Every operation is
 * O(log n): AVL keeps the height under 1.44 log2(n + 2), at most 22 levels
 * for 65530 areas (16 when they come in address order). Each node also sums up its subtree: its lowest start, its
 * highest end and the largest free range between two of its areas, so
 * that mmap finds the highest gap of a given size in O(log n) too
 * (vm_tree_gap), as Linux's augmented tree does.
 *
 * Nodes are records from the address space's pool (mm/vm_pool.h); the tree
 * only links them, and nothing here allocates. The caller holds the
 * address space's lock (vm->lock) for everything.
 */
#ifndef MM_VM_TREE_H
#define MM_VM_TREE_H
#include <stdint.h>
#include <stdbool.h>
#include "mm/vm_area.h"

struct vm_node {
    struct vm_area a;            /* the area: start and end are the key */
    struct vm_node *left, *right, *parent;
    uintptr_t lo, hi;            /* the subtree's lowest start, highest end */
    uintptr_t gap;               /* its largest free range between two areas */
    int height;                  /* 1 for a leaf; 0 while the record is free */
};

struct vm_tree {
    struct vm_node *root;
    int n;                       /* how many areas */
};

static inline struct vm_node *vm_node_of(const struct vm_area *a)
{
    return (struct vm_node *)((char *)a - __builtin_offsetof(struct vm_node, a));
}

/* vm_tree_lower: the first area ending after va (the one holding va, or
 * the next one); NULL if none. */
struct vm_node *vm_tree_lower(const struct vm_tree *t, uintptr_t va);
struct vm_node *vm_tree_first(const struct vm_tree *t);
struct vm_node *vm_tree_last(const struct vm_tree *t);
/* In address order; NULL past the end. O(1) on average over a walk. */
struct vm_node *vm_tree_next(const struct vm_node *n);
struct vm_node *vm_tree_prev(const struct vm_node *n);

/* vm_tree_insert: link node n, whose area (n->a) overlaps none. */
void vm_tree_insert(struct vm_tree *t, struct vm_node *n);
/* vm_tree_remove: unlink n (the caller gives the record back). Other
 * nodes stay where they are in memory: pointers to them remain valid. */
void vm_tree_remove(struct vm_tree *t, struct vm_node *n);
/* vm_tree_resized: n's start or end moved without passing a neighbour:
 * bring the subtree summaries above it up to date. */
void vm_tree_resized(struct vm_tree *t, struct vm_node *n);

/* vm_tree_gap: the start of the highest free range of len bytes that lies
 * at or above `above` and ends at or below `below`; 0 if there is none. */
uintptr_t vm_tree_gap(const struct vm_tree *t, size_t len, uintptr_t above, uintptr_t below);

/* vm_tree_drain: unlink every node, calling fn on each (which may give
 * it back), children before parents; t is empty afterwards. O(n).
 * (A copy of a whole tree is made by its pool: vm_pool_clone.) */
void vm_tree_drain(struct vm_tree *t, void (*fn)(struct vm_node *n, void *arg), void *arg);

/* vm_tree_check: NULL if t is sound (links, order, no overlap, AVL
 * balance, heights, summaries, count), else what is wrong, with *bad set
 * to the node where it shows. O(n); for mm_check and the tests. */
const char *vm_tree_check(const struct vm_tree *t, const struct vm_node **bad);
#endif
