/* ahci_port.c -- one AHCI port (ahci_hw.h): bringing it up far enough
 * to learn what is on it, starting it for a disk, putting a command in
 * slot 0, and getting it going again after an error.
 *
 * Start (AHCI 1.3, 10.1.2 and 10.3.1): the port idle first (ST off and
 * CR clear, then FRE off and FR clear), the command list and received-FIS
 * addresses written, errors and interrupts cleared, FRE on; once the
 * device is not busy, ST on. A command (4.2.2, 5.5): the command FIS (a
 * host-to-device register FIS, 48-bit LBA) and the PRD table in slot 0's
 * command table, the header saying how long both are and which way the
 * data goes, then the slot's bit in PxCI; the HBA clears the bit when
 * the command ended, and raises PxIS (DHRS, or TFES on an error). */
#include "kernel/kernel.h"
#include "dev/ahci_hw.h"
#include "dev/mmio.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

#define AHCI_WAIT_MS 500         /* the spec's limit for CR, FR to clear */
#define AHCI_BUSY_MS 2000        /* a device's busy after reset, here */
#define FIS_H2D 0x27
#define FIS_H2D_COMMAND 0x80     /* byte 1: this FIS carries a command */
#define ATA_DEV_LBA 0x40

static bool ahci_port_stop(struct ahci_port *p)
{
    uint32_t cmd = mmio_rd32(p->regs, PX_CMD);
    mmio_wr32(p->regs, PX_CMD, cmd & ~PX_CMD_ST);
    if (!mmio_wait32(p->regs, PX_CMD, PX_CMD_CR, 0, AHCI_WAIT_MS))
        return false;
    cmd = mmio_rd32(p->regs, PX_CMD);
    mmio_wr32(p->regs, PX_CMD, cmd & ~PX_CMD_FRE);
    return mmio_wait32(p->regs, PX_CMD, PX_CMD_FR, 0, AHCI_WAIT_MS);
}

/* Errors and interrupt status cleared, FIS reception on (which is also
 * when the device's signature arrives), until the device is ready. */
static bool ahci_port_receive(struct ahci_port *p)
{
    mmio_wr32(p->regs, PX_SERR, 0xffffffff);
    mmio_wr32(p->regs, PX_IS, 0xffffffff);
    mmio_wr32(p->regs, PX_CMD, mmio_rd32(p->regs, PX_CMD) | PX_CMD_FRE | PX_CMD_SUD | PX_CMD_POD);
    return mmio_wait32(p->regs, PX_TFD, PX_TFD_BSY | PX_TFD_DRQ, 0, AHCI_BUSY_MS);
}

static void ahci_port_run(struct ahci_port *p)
{
    mmio_wr32(p->regs, PX_CMD, mmio_rd32(p->regs, PX_CMD) | PX_CMD_ST);
}

int ahci_port_attach(struct ahci_port *p)
{
    p->page = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!p->page)
        return -ENOMEM;
    paddr_t pa = page_to_pa(p->page);
    if (!p->hba->dma64 && pa + PAGE_SIZE > (1UL << 32))
        return -ENOMEM;          /* the HBA reaches only the first 4 GiB */
    uint8_t *base = page_kva(p->page);
    _Static_assert(1024 + 256 + sizeof(struct ahci_cmd_table) <= PAGE_SIZE, "a port's structures fit a page");
    p->list = (struct ahci_cmd_header *)base;                  /* 1 KiB aligned */
    p->table = (struct ahci_cmd_table *)(base + 1024 + 256);   /* 128-byte aligned */
    if (!ahci_port_stop(p))
        return -ETIMEDOUT;
    mmio_wr64(p->regs, PX_CLB, pa);
    mmio_wr64(p->regs, PX_FB, pa + 1024);                      /* 256-byte aligned */
    p->list[0].ctba = kva_to_pa(p->table);
    return ahci_port_receive(p) ? 0 : -ETIMEDOUT;
}

void ahci_port_start(struct ahci_port *p)
{
    ahci_port_run(p);
}

void ahci_port_detach(struct ahci_port *p)
{
    if (p->page && ahci_port_stop(p)) {
        mmio_wr64(p->regs, PX_CLB, 0);
        mmio_wr64(p->regs, PX_FB, 0);
        page_put(p->page);
    }
    p->page = NULL;              /* a port that does not stop keeps its page */
}

/* Non-queued error recovery (6.2.2.1): stop (which clears PxCI), clear
 * the errors, start again. A device still busy after that would need a
 * port reset (COMRESET), which this driver does not do. */
bool ahci_port_recover(struct ahci_port *p)
{
    bool ok = ahci_port_stop(p) && ahci_port_receive(p);
    if (ok)
        ahci_port_run(p);
    return ok;
}

void ahci_port_stuck(struct ahci_port *p)
{
    kprintf("ahci: %s: port %d does not recover from an error (task file %#x)\n", p->blk.name, p->no,
            mmio_rd32(p->regs, PX_TFD));
}

static void ahci_fis(uint8_t *f, uint8_t cmd, uint64_t lba, uint32_t count)
{
    memset(f, 0, 20);
    f[0] = FIS_H2D;
    f[1] = FIS_H2D_COMMAND;
    f[2] = cmd;
    f[4] = (uint8_t)lba;
    f[5] = (uint8_t)(lba >> 8);
    f[6] = (uint8_t)(lba >> 16);
    f[7] = ATA_DEV_LBA;
    f[8] = (uint8_t)(lba >> 24);
    f[9] = (uint8_t)(lba >> 32);
    f[10] = (uint8_t)(lba >> 40);
    f[12] = (uint8_t)count;
    f[13] = (uint8_t)(count >> 8);
}

void ahci_port_issue(struct ahci_port *p, uint8_t cmd, uint64_t lba, uint32_t count, bool write,
                     const struct blk_req *r, paddr_t buf, uint32_t len)
{
    struct ahci_cmd_table *t = p->table;
    ahci_fis(t->cfis, cmd, lba, count);
    uint32_t n = r ? r->npages : 1;
    for (uint32_t i = 0; i < n; i++) {
        t->prd[i].dba = r ? blk_req_pa(r, i) : buf;
        t->prd[i].dbc = (r ? PAGE_SIZE : len) - 1;
    }
    t->prd[n - 1].dbc |= 1u << 31;                   /* interrupt when the last is done */
    p->list[0].flags = 5 | (write ? 1u << 6 : 0);    /* a 5-dword FIS */
    p->list[0].prdtl = (uint16_t)n;
    p->list[0].prdbc = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);         /* the table before the HBA is told */
    mmio_wr32(p->regs, PX_CI, 1);
}

int ahci_port_identify(struct ahci_port *p, uint16_t *buf)
{
    ahci_port_issue(p, ATA_IDENTIFY, 0, 0, false, NULL, kva_to_pa(buf), 512);
    bool ended = mmio_wait32(p->regs, PX_CI, 1, 0, AHCI_BUSY_MS);
    uint32_t is = mmio_rd32(p->regs, PX_IS);
    mmio_wr32(p->regs, PX_IS, is);
    if (!ended || (is & PX_IS_ERRORS) || (mmio_rd32(p->regs, PX_TFD) & PX_TFD_ERR)) {
        if (!ahci_port_recover(p))
            ahci_port_stuck(p);
        return -EIO;
    }
    return 0;
}
