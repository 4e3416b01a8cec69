/* nvme_io.c -- block requests as NVMe READ and WRITE commands (NVMe 1.4,
 * 6.9 and 6.15) on the controller's one I/O queue pair.
 *
 * A command names its memory by PRPs (4.3): PRP1 is the first page; for
 * two pages PRP2 is the second; for more, PRP2 is the address of a list
 * of the others, one 8-byte entry each. Each of the NVME_SLOTS commands
 * in flight has its list in the PRP page (64 entries, 512 bytes: enough
 * for BLK_MAX_PAGES), found by its command identifier, which is also
 * the index of its request in slots[]: the completion's cid finds both.
 * Requests beyond NVME_SLOTS wait in a FIFO and start as commands end,
 * so blk_submit never fails for want of room; with at most NVME_SLOTS
 * commands in a queue of NVME_IO_QSIZE the submission queue cannot fill.
 *
 * c->lock guards the queue, the slots and the FIFO. The interrupt
 * handler collects what ended under it, refills, lets go, and only then
 * ends the requests (blk_end), so a done callback may submit again. */
#include "kernel/kernel.h"
#include "dev/nvme_hw.h"
#include "include/weensy/errno.h"

static int nvme_free_slot(struct nvme *c)
{
    for (int i = 0; i < NVME_SLOTS; i++)
        if (!c->slots[i])
            return i;
    return -1;
}

/* r as the command with identifier cid, in the submission queue. */
static void nvme_issue(struct nvme *c, struct blk_req *r, int cid)
{
    assert(spin_holding(&c->lock));
    uint32_t per_page = 12 - c->lba_shift;       /* log2 of blocks in a page */
    uint64_t *list = &c->prp[cid * NVME_PRP_SLOT];
    struct nvme_sqe e = {
        .opcode = r->write ? NVME_CMD_WRITE : NVME_CMD_READ,
        .cid = (uint16_t)cid,
        .nsid = c->nsid,
        .prp1 = blk_req_pa(r, 0),
        .cdw10 = (uint32_t)(r->page << per_page),
        .cdw11 = (uint32_t)((r->page << per_page) >> 32),
        .cdw12 = (r->npages << per_page) - 1,    /* blocks, 0-based */
    };
    if (r->npages == 2) {
        e.prp2 = blk_req_pa(r, 1);
    } else if (r->npages > 2) {
        for (uint32_t i = 1; i < r->npages; i++)
            list[i - 1] = blk_req_pa(r, i);
        e.prp2 = kva_to_pa(list);
    }
    c->slots[cid] = r;
    nvmeq_push(&c->io, &e);
}

/* Give waiting requests the free slots; true if any went in. */
static bool nvme_start_waiting(struct nvme *c)
{
    assert(spin_holding(&c->lock));
    bool added = false;
    int cid;
    while (c->wait_head && (cid = nvme_free_slot(c)) >= 0) {
        struct blk_req *r = c->wait_head;
        c->wait_head = r->next;
        nvme_issue(c, r, cid);
        added = true;
    }
    if (!c->wait_head)
        c->wait_tail = NULL;
    return added;
}

static void nvme_submit(struct blkdev *d, struct blk_req *r)
{
    struct nvme *c = d->priv;
    spin_lock(&c->lock);
    r->next = NULL;
    if (c->wait_tail)
        c->wait_tail->next = r;
    else
        c->wait_head = r;
    c->wait_tail = r;
    if (nvme_start_waiting(c) && !__atomic_load_n(&d->plugged, __ATOMIC_ACQUIRE))
        nvmeq_ring(&c->io);
    spin_unlock(&c->lock);
}

/* The doorbell held back while plugged (ringing it again with the same
 * tail is harmless). */
static void nvme_unplug(struct blkdev *d)
{
    struct nvme *c = d->priv;
    spin_lock(&c->lock);
    nvmeq_ring(&c->io);
    spin_unlock(&c->lock);
}

const struct blkdev_ops nvme_ops = { .submit = nvme_submit, .unplug = nvme_unplug };

void nvme_complete(struct nvme *c)
{
    struct blk_req *done = NULL, **tail = &done;
    struct nvme_cqe e;
    bool any = false;
    int stray = -1;
    spin_lock(&c->lock);
    while (nvmeq_pop(&c->io, &e)) {
        any = true;
        struct blk_req *r = e.cid < NVME_SLOTS ? c->slots[e.cid] : NULL;
        if (!r) {
            stray = e.cid;
            continue;
        }
        c->slots[e.cid] = NULL;
        r->status = (e.status >> 1) ? -EIO : 0;
        r->next = NULL;
        *tail = r;
        tail = &r->next;
    }
    if (any)
        nvmeq_ack(&c->io);
    if (nvme_start_waiting(c))
        nvmeq_ring(&c->io);
    spin_unlock(&c->lock);
    if (stray >= 0)
        kprintf("nvme: %s: a completion for command %d, which is not in flight; ignored\n", c->blk.name, stray);
    while (done) {
        struct blk_req *r = done;
        done = r->next;
        blk_end(r, r->status);
    }
}
