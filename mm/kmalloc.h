/* kmalloc.h -- small kernel objects (process records, address spaces...).
 * Sizes up to KMALLOC_MAX bytes come from per-size slabs of one page each;
 * a slab whose objects are all free goes back to the page allocator, so
 * the free-page count returns exactly to its baseline (leak checks rely on
 * that). Larger requests take whole pages. */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H
#include <stddef.h>
#define KMALLOC_MAX 2048
void *kmalloc(size_t size);          /* zeroed; NULL when memory is out */
void kfree(void *p);
size_t kmalloc_pages(void);          /* slab pages in use (for the viewer) */
#endif
