/* virtq.c -- the split virtqueue (virtq.h; virtio 1.0, 2.4).
 *
 * The rings are plain cacheable RAM (the device is cache-coherent). What
 * matters is the order in which each side sees the other's writes: a
 * descriptor before the ring entry naming it, the entry before the index
 * that publishes it, the index before the doorbell; on the way back the
 * used index before the entries it covers. x86 keeps stores in order and
 * loads in order; the release store and acquire load of the indexes say
 * so to the compiler, and a full fence before the doorbell orders the
 * index store against the uncached doorbell write (cheap, and the spec's
 * rule). */
#include "kernel/kernel.h"
#include "dev/virtq.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static void *vq_page(void)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    return pg ? page_kva(pg) : NULL;
}

int vq_init(struct virtq *vq, uint16_t index, uint16_t size, struct spinlock *lock)
{
    assert(size > 0 && size <= VQ_MAX_SIZE && (size & (size - 1)) == 0);
    *vq = (struct virtq){ .size = size, .index = index, .lock = lock };
    vq->desc = vq_page();
    vq->avail = vq_page();
    vq->used = vq_page();
    if (!vq->desc || !vq->avail || !vq->used)
        return -ENOMEM;          /* at boot only: what was taken stays the kernel's */
    for (uint16_t i = 0; i < size; i++)
        vq->desc[i].next = i + 1;
    vq->free_head = 0;
    vq->nfree = size;
    return 0;
}

int vq_add(struct virtq *vq, const struct vq_buf *bufs, int n)
{
    assert(spin_holding(vq->lock));
    assert(n > 0);
    if (vq->nfree < n)
        return -1;
    uint16_t head = vq->free_head, d = head;
    for (int i = 0; i < n; i++) {
        struct vq_desc *desc = &vq->desc[d];
        desc->addr = bufs[i].pa;
        desc->len = bufs[i].len;
        desc->flags = (bufs[i].device_writes ? VQ_DESC_F_WRITE : 0) | (i + 1 < n ? VQ_DESC_F_NEXT : 0);
        if (i + 1 < n)
            d = desc->next;      /* the free list's order is the chain's */
    }
    vq->free_head = vq->desc[d].next;
    vq->nfree -= n;
    uint16_t idx = vq->avail->idx;
    vq->avail->ring[idx & (vq->size - 1)] = head;
    __atomic_store_n(&vq->avail->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
    return head;
}

void vq_kick(struct virtq *vq)
{
    assert(spin_holding(vq->lock));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *vq->notify = vq->index;
}

/* The chain goes back on the free list whole: its last descriptor's next
 * (unused by the device) links to the old free head. */
static void vq_free_chain(struct virtq *vq, uint16_t head)
{
    uint16_t d = head;
    int n = 1;
    while (vq->desc[d].flags & VQ_DESC_F_NEXT) {
        d = vq->desc[d].next;
        n++;
        assert(n <= vq->size);
    }
    vq->desc[d].next = vq->free_head;
    vq->free_head = head;
    vq->nfree += n;
}

bool vq_pop(struct virtq *vq, uint16_t *head)
{
    assert(spin_holding(vq->lock));
    uint16_t idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
    if (idx == vq->last_used)
        return false;
    uint32_t id = vq->used->ring[vq->last_used & (vq->size - 1)].id;
    vq->last_used++;
    if (id >= vq->size)
        panic("virtq %u: the device returned descriptor %u of %u", vq->index, id, vq->size);
    *head = (uint16_t)id;
    vq_free_chain(vq, *head);
    return true;
}
