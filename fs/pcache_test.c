/* pcache_test.c -- the page cache of a read-only file: read once, shared
 * by every reader, dropped when memory runs out (pcache_shrink) only where
 * nobody else holds a page, and read again with the same bytes. */
#include "kernel/ktest.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "mm/kmalloc.h"

#define PT_BYTES 2048

KTEST(pcache_shared_then_dropped_and_read_again)
{
    struct vnode *v;
    KT_CHECK_EQ(vfs_lookup(0, "/bin/hello", &v), 0);
    KT_CHECK(v->pages.droppable);                    /* the initrd is read-only */
    uint8_t *a = kmalloc(PT_BYTES), *b = kmalloc(PT_BYTES);
    KT_CHECK(a && b);
    KT_CHECK_EQ(vnode_read(v, 0, a, PT_BYTES), PT_BYTES);
    KT_CHECK(a[0] == 0x7f && a[1] == 'E' && a[2] == 'L' && a[3] == 'F');
    KT_CHECK(v->pages.npages >= 1);

    /* A page someone holds stays; one only the cache holds goes. */
    uint32_t slot;
    struct page *held = vnode_getpage(v, 0, false, &slot);
    KT_CHECK(held != NULL && slot == 0);
    while (pcache_shrink(64) > 0)
        ;
    KT_CHECK(pcache_peek(&v->pages, 0) == held);
    page_put(held);                                  /* pcache_peek's */
    page_put(held);                                  /* vnode_getpage's */
    while (pcache_shrink(64) > 0)
        ;
    KT_CHECK(pcache_peek(&v->pages, 0) == NULL);
    KT_CHECK_EQ(v->pages.npages, 0);

    /* Read again: filled from the archive, the same bytes. */
    KT_CHECK_EQ(vnode_read(v, 0, b, PT_BYTES), PT_BYTES);
    KT_CHECK(memcmp(a, b, PT_BYTES) == 0);
    KT_CHECK_EQ(v->pages.npages, 1);
    kfree(a);
    kfree(b);
    vnode_put(v);
}
