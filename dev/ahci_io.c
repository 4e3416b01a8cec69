/* ahci_io.c -- block requests as READ DMA EXT and WRITE DMA EXT on an
 * AHCI port (ACS-3 7.22, 7.59): one command at a time in slot 0, the
 * others waiting in a FIFO, each started by the interrupt that ends the
 * one before. A page of memory is one PRD entry.
 *
 * p->lock guards the port's registers as commands use them, busy and the
 * FIFO. The interrupt handler ends the request after letting go of it,
 * so a done callback may submit again. */
#include "kernel/kernel.h"
#include "dev/ahci_hw.h"
#include "dev/mmio.h"
#include "include/weensy/errno.h"

/* Memory the HBA cannot reach (above 4 GiB without CAP.S64A): the
 * request fails rather than have the HBA write somewhere else. */
static bool ahci_reachable(const struct ahci_port *p, const struct blk_req *r)
{
    if (p->hba->dma64)
        return true;
    for (uint32_t i = 0; i < r->npages; i++)
        if (blk_req_pa(r, i) + PAGE_SIZE > (1UL << 32))
            return false;
    return true;
}

/* Start the next waiting request if the port is idle. A request that
 * cannot start is ended by the caller: returned through *refused. */
static void ahci_start(struct ahci_port *p, struct blk_req **refused)
{
    assert(spin_holding(&p->lock));
    while (!p->busy && p->wait_head) {
        struct blk_req *r = p->wait_head;
        p->wait_head = r->next;
        if (!p->wait_head)
            p->wait_tail = NULL;
        if (!ahci_reachable(p, r)) {
            r->next = *refused;
            *refused = r;
            continue;
        }
        uint32_t shift = 12 - p->lba_shift;      /* log2 of sectors in a page */
        p->busy = r;
        ahci_port_issue(p, r->write ? ATA_WRITE_DMA_EXT : ATA_READ_DMA_EXT, r->page << shift,
                        r->npages << shift, r->write, r, 0, 0);
    }
}

static void ahci_end_all(struct blk_req *r, int status)
{
    while (r) {
        struct blk_req *next = r->next;
        blk_end(r, status);
        r = next;
    }
}

static void ahci_submit(struct blkdev *d, struct blk_req *r)
{
    struct ahci_port *p = d->priv;
    struct blk_req *refused = NULL;
    spin_lock(&p->lock);
    r->next = NULL;
    if (p->wait_tail)
        p->wait_tail->next = r;
    else
        p->wait_head = r;
    p->wait_tail = r;
    ahci_start(p, &refused);
    spin_unlock(&p->lock);
    ahci_end_all(refused, -EIO);
}

const struct blkdev_ops ahci_ops = { .submit = ahci_submit };

/* The command in slot 0 ended when its PxCI bit is clear; an error bit
 * in PxIS (or ERR in the task file) makes it -EIO, and the port is
 * started again before the next command. */
void ahci_port_interrupt(struct ahci_port *p)
{
    struct blk_req *done = NULL, *refused = NULL;
    int status = 0;
    bool stuck = false;
    spin_lock(&p->lock);
    uint32_t is = mmio_rd32(p->regs, PX_IS);
    mmio_wr32(p->regs, PX_IS, is);
    bool error = is & PX_IS_ERRORS;
    if (p->busy && (error || !(mmio_rd32(p->regs, PX_CI) & 1))) {
        /* The task file is the ended command's only once it ended. */
        error = error || (mmio_rd32(p->regs, PX_TFD) & PX_TFD_ERR);
        done = p->busy;
        done->next = NULL;
        p->busy = NULL;
        status = error ? -EIO : 0;
    }
    if (error)
        stuck = !ahci_port_recover(p);
    ahci_start(p, &refused);
    spin_unlock(&p->lock);
    if (stuck)
        ahci_port_stuck(p);
    ahci_end_all(done, status);
    ahci_end_all(refused, -EIO);
}
