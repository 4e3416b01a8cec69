/* vm_pool.h -- the pages an address space keeps its area records in.
 *
 * Area records (struct vm_node, mm/vm_tree.h) come from whole pages that
 * belong to one address space: 46 records to a page, after a small header;
 * the slab idea of mm/kmalloc.c, but private. Why not kmalloc: a record is
 * not a power of two (88 bytes in a 128-byte slot); fork copies them a page
 * at a time, with one memcpy each, as it copies page tables a table at a
 * time (vm_pool_clone: record by record made fork 3.6 % slower than the
 * array, this 2.2 %; docs/vm.md); and the pages an address space holds for
 * its areas are its own, so they can be counted and given back exactly.
 * The pool knows its records are tree nodes: a copy relinks them.
 *
 * A change that needs records reserves them first (vm_pool_reserve: pages
 * are added, or -ENOMEM and nothing changed), after which vm_pool_get
 * cannot fail. Records given back (vm_pool_put) stay in their page; pages
 * that hold no record in use are freed by vm_pool_trim, except that the
 * pool keeps VM_POOL_KEEP pages once it has them, so a program that maps
 * and unmaps a little does not free and allocate a page each time (the
 * sorted array before it never shrank at all). vm_pool_release frees every
 * page at the address space's end, without taking the records back one by
 * one.
 *
 * The caller holds the address space's lock.
 */
#ifndef MM_VM_POOL_H
#define MM_VM_POOL_H
#include "mm/vm_tree.h"

#define VM_POOL_KEEP 4           /* pages kept when empty: 184 records */

struct vm_pool_page;

struct vm_pool {
    struct vm_pool_page *partial;   /* pages with records in use and free */
    struct vm_pool_page *empty;     /* pages with no record in use */
    struct vm_pool_page *full;      /* pages with no record free */
    int pages;                      /* pages held */
    int free;                       /* records free in them */
};

/* vm_pool_reserve: make sure n records are free. 0, or -ENOMEM with the
 * pool as it was. */
int vm_pool_reserve(struct vm_pool *p, int n);
/* vm_pool_get: a free record (its contents undefined: the tree sets every
 * field); one must have been reserved. */
struct vm_node *vm_pool_get(struct vm_pool *p);
void vm_pool_put(struct vm_pool *p, struct vm_node *n);
/* vm_pool_trim: free empty pages while there are more than `keep`: with
 * VM_POOL_KEEP after a change, or with the count from before a reserve
 * whose change did not happen (the pages it added go again). */
void vm_pool_trim(struct vm_pool *p, int keep);
/* vm_pool_release: free every page, records in use or not (the address
 * space's end: its tree goes whole). */
void vm_pool_release(struct vm_pool *p);
/* vm_pool_clone: fork's copy. dst (empty) gets a copy of each of src's
 * pages that holds records in use, made with one memcpy, and every link in
 * the copied records is made to point at the copy of what it pointed at,
 * so a tree of src's records becomes the same tree of dst's
 * (vm_pool_copy_of(root) is its root). each(area, arg), if each is not
 * NULL, runs on every area copied, in no particular order. 0, or -ENOMEM with dst empty. */
int vm_pool_clone(struct vm_pool *dst, struct vm_pool *src, void (*each)(const struct vm_area *a, void *arg),
                  void *arg);
/* vm_pool_copy_of: the copy of src record n (NULL for NULL), valid right
 * after vm_pool_clone. */
struct vm_node *vm_pool_copy_of(const struct vm_node *n);
/* vm_pool_used: records in use. */
int vm_pool_used(const struct vm_pool *p);
#endif
