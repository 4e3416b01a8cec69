/* vm_object_unmap_test.c -- in-kernel tests of vm_object_unmap and what
 * it relies on (mm/vm_object_unmap.c):
 *
 *   mm_space_list_order: the list of spaces is in creation order, and a
 *     space made after the last one went (or one in the middle) still
 *     goes at the end;
 *   mm_object_unmap: an object (a segment) mapped shared in one space and
 *     privately in another, from its page 1, every page touched and one
 *     private page copied; unmapping from page 2 on leaves pages 0 and 1
 *     mapped and nothing from 2 on, the copy included, with the resident
 *     counts and every page's count right (mm_check) and every page back
 *     once the spaces go. */
#include "kernel/ktest.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/vm_object.h"
#include "mm/shm.h"
#include "mm/page.h"
#include "mm/mm_check.h"

#define TEST_ID 4343
#define W_BASE 0x100000000UL

/* The place of vm on the list (-1: not there). */
static int list_place(struct vmspace *vm)
{
    int n = 0, at = -1;
    spin_lock(&vmspace_list_lock);
    for (struct vmspace *v = vmspace_list; v; v = v->next, n++)
        if (v == vm)
            at = n;
    spin_unlock(&vmspace_list_lock);
    return at;
}

static bool list_last(struct vmspace *vm)
{
    spin_lock(&vmspace_list_lock);
    bool last = vm->next == 0;
    spin_unlock(&vmspace_list_lock);
    return last;
}

KTEST(mm_space_list_order)
{
    struct vmspace *a = vmspace_create(TEST_ID), *b = vmspace_create(TEST_ID + 1);
    struct vmspace *c = vmspace_create(TEST_ID + 2);
    KT_CHECK(a && b && c);
    KT_CHECK(list_place(a) >= 0 && list_place(b) == list_place(a) + 1 && list_place(c) == list_place(b) + 1);
    KT_CHECK(list_last(c));
    vmspace_destroy(c);                          /* the last one goes */
    struct vmspace *d = vmspace_create(TEST_ID + 3);
    KT_CHECK(d && list_last(d) && list_place(d) == list_place(b) + 1);
    vmspace_destroy(b);                          /* one in the middle */
    struct vmspace *e = vmspace_create(TEST_ID + 4);
    KT_CHECK(e && list_last(e) && list_place(e) == list_place(d) + 1 && list_place(d) == list_place(a) + 1);
    vmspace_destroy(a);
    vmspace_destroy(d);
    vmspace_destroy(e);
}

/* map: area [W_BASE, W_BASE + n pages) of o from page pgoff, of `kind`,
 * every page touched through the fault path with `access`. */
static int map_touch(struct vmspace *vm, struct vm_object *o, int kind, uint32_t pgoff, int n, int access)
{
    struct vm_area a = { .start = W_BASE, .end = W_BASE + (uintptr_t)n * PAGE_SIZE, .prot = VM_READ | VM_WRITE,
                         .maxprot = VM_PROT_ALL, .kind = (uint8_t)kind, .pgoff = pgoff, .obj = o };
    spin_lock(&vm->lock);
    int err = vm_area_map(vm, &a);
    for (int i = 0; i < n && !err; i++)
        err = vm_fault(vm, W_BASE + (uintptr_t)i * PAGE_SIZE, access);
    spin_unlock(&vm->lock);
    return err;
}

static bool mapped(struct vmspace *vm, int i)
{
    spin_lock(&vm->lock);
    pte_t e = pt_lookup(vm->pml4, W_BASE + (uintptr_t)i * PAGE_SIZE);
    spin_unlock(&vm->lock);
    return pte_present(e);
}

KTEST(mm_object_unmap)
{
    shm_init();                                  /* mm_check counts the segment's references */
    size_t before = page_navailable();
    struct shm_seg *s = shm_anon_create(4);
    struct vmspace *sh = vmspace_create(TEST_ID), *pv = vmspace_create(TEST_ID + 1);
    KT_CHECK(s && sh && pv);
    struct vm_object *o = shm_seg_obj(s);
    KT_CHECK_EQ(map_touch(sh, o, VMA_SHARED, 0, 4, VM_WRITE), 0);     /* the object's pages 0..3 */
    KT_CHECK_EQ(map_touch(pv, o, VMA_FILE, 1, 3, VM_READ), 0);        /* its pages 1..3 */
    spin_lock(&pv->lock);
    int err = vm_fault(pv, W_BASE + 2 * PAGE_SIZE, VM_WRITE);         /* page 3: a copy */
    size_t rss = pv->rss;
    spin_unlock(&pv->lock);
    shm_seg_unref(s);                            /* the areas hold it now */
    KT_CHECK_EQ(err, 0);
    KT_CHECK_EQ(rss, 1);
    vm_object_unmap(o, 2);
    KT_CHECK(mapped(sh, 0) && mapped(sh, 1) && !mapped(sh, 2) && !mapped(sh, 3));
    KT_CHECK(mapped(pv, 0) && !mapped(pv, 1) && !mapped(pv, 2));
    spin_lock(&pv->lock);
    rss = pv->rss;
    spin_unlock(&pv->lock);
    KT_CHECK_EQ(rss, 0);                         /* the copy went */
    mm_check("mm_object_unmap");
    KT_CHECK_EQ(map_touch(pv, o, VMA_FILE, 1, 3, VM_READ), 0);        /* and comes back on a touch */
    KT_CHECK(mapped(pv, 2));
    vmspace_destroy(sh);
    vmspace_destroy(pv);
    KT_CHECK_EQ(page_navailable(), before);
    mm_check("mm_object_unmap");
}
