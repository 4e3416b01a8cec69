/* shm.c -- shared memory segments (see shm.h) and their system calls. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/spinlock.h"
#include "mm/shm.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "mm/shm_internal.h"
#include "mm/swap.h"
#include "include/weensy/errno.h"

struct spinlock shm_lock = SPINLOCK_INIT("shm");
struct shm_seg shm_segs[SHM_SEGS_MAX];     /* [shm_lock] */
#define segs shm_segs

size_t shm_seg_npages(const struct shm_seg *s) { return s->npages; }

struct page **shm_slot(struct shm_seg *s, size_t index, bool make)
{
    struct page **table_page = &s->tables[index / SHM_PER_TABLE];
    if (!*table_page) {
        if (!make)
            return 0;
        *table_page = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!*table_page)
            return 0;
    }
    return (struct page **)page_kva(*table_page) + index % SHM_PER_TABLE;
}

/* Free the segment's pages and tables; the slot becomes unused. */
static void shm_destroy(struct shm_seg *s)
{
    for (size_t t = 0; t < SHM_TABLES; t++) {
        if (!s->tables[t])
            continue;
        struct page **pages = page_kva(s->tables[t]);
        for (size_t i = 0; i < SHM_PER_TABLE; i++)
            if (shm_entry_swapped(pages[i]))
                swap_pte_drop(swap_pte(shm_entry_slot(pages[i])));   /* its name on the slot */
            else if (pages[i])
                page_put(pages[i]);
        page_put(s->tables[t]);
    }
    memset(s, 0, sizeof(*s));
}

void shm_seg_ref(struct shm_seg *s)
{
    spin_lock(&shm_lock);
    s->areas++;
    s->ever_attached = true;
    spin_unlock(&shm_lock);
}

void shm_seg_unref(struct shm_seg *s)
{
    spin_lock(&shm_lock);
    assert(s->areas > 0);
    if (--s->areas == 0 && (s->anon || s->ever_attached || s->removed))
        shm_destroy(s);
    spin_unlock(&shm_lock);
}

struct page *shm_seg_page(struct shm_seg *s, size_t index, uint32_t *slot)
{
    assert(index < s->npages);
    *slot = 0;
    spin_lock(&shm_lock);
    struct page **entry = shm_slot(s, index, true);
    if (entry && shm_entry_swapped(*entry) && !shm_swap_take(entry))
        *slot = shm_entry_slot(*entry);  /* on the device only: the caller reads it */
    else if (entry && !*entry)
        *entry = page_alloc(PAGE_SHARED, PAGE_OWNER_NONE, PAGE_ZERO);
    struct page *pg = entry && !shm_entry_swapped(*entry) ? *entry : 0;
    if (pg)
        page_ref(pg);            /* the caller's, before reclaim could take the page */
    spin_unlock(&shm_lock);
    return pg;
}

/* A segment as a memory object: the fault path's way to its pages. */
static struct page *shm_object_get(struct vm_object *o, uint64_t index, bool write, uint32_t *slot, int *err)
{
    (void)write;
    struct shm_seg *s = (struct shm_seg *)o;
    if (index >= s->npages) {    /* an area grown past the segment (mremap): SIGBUS */
        *slot = 0;
        *err = -ENXIO;
        return 0;
    }
    *err = -ENOMEM;
    return shm_seg_page(s, index, slot);
}

static void shm_object_ref(struct vm_object *o) { shm_seg_ref((struct shm_seg *)o); }
static void shm_object_unref(struct vm_object *o) { shm_seg_unref((struct shm_seg *)o); }

static const struct vm_object_ops shm_object_ops = {
    .name = "shm", .get = shm_object_get, .ref = shm_object_ref, .unref = shm_object_unref,
};

struct vm_object *shm_seg_obj(struct shm_seg *s) { return &s->obj; }
struct shm_seg *shm_seg_of(struct vm_object *o) { return o && o->ops == &shm_object_ops ? (struct shm_seg *)o : 0; }

static struct shm_seg *shm_new(long key, size_t npages, bool anon)
{
    for (struct shm_seg *s = segs; s < segs + SHM_SEGS_MAX; s++) {
        if (!s->used) {
            *s = (struct shm_seg){ .obj = { &shm_object_ops }, .used = true, .anon = anon, .key = key,
                                   .npages = npages };
            return s;
        }
    }
    return 0;
}

struct shm_seg *shm_anon_create(size_t npages)
{
    spin_lock(&shm_lock);
    struct shm_seg *s = npages * PAGE_SIZE <= SHM_SIZE_MAX ? shm_new(0, npages, true) : 0;
    if (s)
        s->areas = 1;            /* the creator's, until its area holds one */
    spin_unlock(&shm_lock);
    return s;
}

static int shm_id(const struct shm_seg *s) { return (int)(s - segs); }

/* shm_lookup: the System V segment with this id, or NULL. */
static struct shm_seg *shm_lookup(long id)
{
    if (id < 0 || id >= SHM_SEGS_MAX)
        return 0;
    struct shm_seg *s = &segs[id];
    return s->used && !s->anon && !s->removed ? s : 0;
}

struct shm_seg *shm_attach_get(long id)
{
    spin_lock(&shm_lock);
    struct shm_seg *s = shm_lookup(id);
    if (s)
        s->areas++;              /* not ever_attached yet: that is the area's */
    spin_unlock(&shm_lock);
    return s;
}

#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_RMID 0

static struct shm_seg *shm_find_key(long key)
{
    for (struct shm_seg *s = segs; s < segs + SHM_SEGS_MAX; s++)
        if (s->used && !s->anon && !s->removed && key != IPC_PRIVATE && s->key == key)
            return s;
    return 0;
}

long sys_shmget(long key, size_t size, long flags)
{
    if (key < 0)
        return -EINVAL;
    size_t npages = PAGE_ALIGN_UP(size) / PAGE_SIZE;
    spin_lock(&shm_lock);
    struct shm_seg *s = shm_find_key(key);
    long ret;
    if (s && (flags & IPC_CREAT) && (flags & IPC_EXCL))
        ret = -EEXIST;
    else if (s)
        ret = size > s->npages * PAGE_SIZE ? -EINVAL : shm_id(s);
    else if (!(flags & IPC_CREAT) && key != IPC_PRIVATE)
        ret = -ENOENT;
    else if (size == 0 || size > SHM_SIZE_MAX)
        ret = -EINVAL;
    else
        ret = (s = shm_new(key, npages, false)) ? shm_id(s) : -ENOSPC;
    spin_unlock(&shm_lock);
    return ret;
}

long sys_shmctl(long id, long cmd, uintptr_t buf)
{
    (void)buf;
    if (cmd != IPC_RMID)
        return -EINVAL;
    spin_lock(&shm_lock);
    struct shm_seg *s = shm_lookup(id);
    if (s) {
        s->removed = true;
        if (s->areas == 0)
            shm_destroy(s);
    }
    spin_unlock(&shm_lock);
    return s ? 0 : -EINVAL;
}

/* For mm_check: the segment's own reference on each of its pages. */
static void shm_count_refs(void)
{
    spin_lock(&shm_lock);
    for (struct shm_seg *s = segs; s < segs + SHM_SEGS_MAX; s++)
        for (size_t i = 0; s->used && i < s->npages; i++) {
            struct page **slot = shm_slot(s, i, false);
            if (slot && *slot && !shm_entry_swapped(*slot))
                mm_check_count(*slot);
        }
    spin_unlock(&shm_lock);
}

/* Once (as program_init): the first process, or an in-kernel test. */
void shm_init(void)
{
    static bool done;
    if (!done) {
        mm_check_add_holder("shm", shm_count_refs);
        shm_swap_init();
    }
    done = true;
}
