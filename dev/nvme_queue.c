/* nvme_queue.c -- an NVMe queue pair (nvme_hw.h): the driver writes
 * commands at the submission queue's tail and tells the controller with
 * the tail doorbell; the controller writes completions at the completion
 * queue's head, each with a phase bit that flips every time the queue
 * wraps, so a new entry is one whose phase is the one expected; the head
 * doorbell gives the entries back. Callers serialise (the admin queue is
 * used at boot, on one CPU; the I/O queue under the controller's lock). */
#include "kernel/kernel.h"
#include "dev/nvme_hw.h"
#include "dev/mmio.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static void *nvmeq_page(void)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    return pg ? page_kva(pg) : NULL;
}

int nvmeq_init(struct nvme *c, struct nvme_queue *q, uint16_t id, uint16_t size)
{
    assert(size * sizeof(struct nvme_sqe) <= PAGE_SIZE);
    *q = (struct nvme_queue){ .id = id, .size = size, .phase = 1 };
    q->sq = nvmeq_page();
    q->cq = nvmeq_page();
    if (!q->sq || !q->cq)
        return -ENOMEM;          /* boot only, rare: what was taken stays */
    q->sq_doorbell = (volatile uint32_t *)(c->regs + NVME_DOORBELLS + (2 * id) * c->dstrd);
    q->cq_doorbell = (volatile uint32_t *)(c->regs + NVME_DOORBELLS + (2 * id + 1) * c->dstrd);
    return 0;
}

void nvmeq_push(struct nvme_queue *q, const struct nvme_sqe *e)
{
    q->sq[q->sq_tail] = *e;
    q->sq_tail = (uint16_t)((q->sq_tail + 1) % q->size);
}

/* The entries are in memory before the doorbell tells the controller. */
void nvmeq_ring(struct nvme_queue *q)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *q->sq_doorbell = q->sq_tail;
}

bool nvmeq_pop(struct nvme_queue *q, struct nvme_cqe *out)
{
    volatile struct nvme_cqe *e = &q->cq[q->cq_head];
    if ((e->status & 1) != q->phase)
        return false;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);    /* the phase first, then the rest */
    out->result = e->result;
    out->sq_head = e->sq_head;
    out->sq_id = e->sq_id;
    out->cid = e->cid;
    out->status = e->status;
    if (++q->cq_head == q->size) {
        q->cq_head = 0;
        q->phase ^= 1;
    }
    return true;
}

void nvmeq_ack(struct nvme_queue *q)
{
    *q->cq_doorbell = q->cq_head;
}

int nvme_admin(struct nvme *c, struct nvme_sqe *cmd)
{
    static uint16_t next_cid;    /* boot only */
    cmd->cid = ++next_cid;
    nvmeq_push(&c->admin, cmd);
    nvmeq_ring(&c->admin);
    uint64_t end = timer_ns() + (uint64_t)c->timeout_ms * 1000000;
    struct nvme_cqe e;
    while (!nvmeq_pop(&c->admin, &e)) {
        if (timer_ns() > end)
            return -ETIMEDOUT;
        cpu_relax();
    }
    nvmeq_ack(&c->admin);
    if (e.cid != cmd->cid)
        return -EIO;
    return e.status >> 1;
}
