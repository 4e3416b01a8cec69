/* nvme_hw.h -- what the NVMe driver's files share: the controller's
 * registers and the queues' entries (NVM Express base specification
 * 1.4: 3.1 registers, 4.2 and 4.6 queue entries, 5 admin commands,
 * 6 NVM commands), a queue pair and the controller's record. */
#ifndef DEV_NVME_HW_H
#define DEV_NVME_HW_H
#include <stdbool.h>
#include <stdint.h>
#include "dev/block.h"
#include "dev/pci.h"
#include "kernel/spinlock.h"

/* Registers (3.1), offsets in BAR0. */
#define NVME_CAP   0x00          /* 64: capabilities */
#define NVME_CC    0x14          /* controller configuration */
#define NVME_CSTS  0x1c          /* controller status */
#define NVME_AQA   0x24          /* admin queue sizes */
#define NVME_ASQ   0x28          /* 64: admin submission queue */
#define NVME_ACQ   0x30          /* 64: admin completion queue */
#define NVME_DOORBELLS 0x1000    /* then one per queue and direction, CAP.DSTRD apart */

#define NVME_CAP_MQES(c)   ((uint32_t)((c) & 0xffff) + 1)      /* largest queue */
#define NVME_CAP_TO(c)     ((uint32_t)((c) >> 24) & 0xff)       /* in 500 ms */
#define NVME_CAP_DSTRD(c)  ((uint32_t)((c) >> 32) & 0xf)       /* stride 4 << n */
#define NVME_CAP_CSS_NVM(c) (((c) >> 37) & 1)
#define NVME_CAP_MPSMIN(c) ((uint32_t)((c) >> 48) & 0xf)       /* 4 KiB << n */
#define NVME_CC_EN      (1u << 0)
#define NVME_CC_IOSQES  (6u << 16)   /* 64-byte submission entries */
#define NVME_CC_IOCQES  (4u << 20)   /* 16-byte completion entries */
#define NVME_CSTS_RDY   (1u << 0)
#define NVME_CSTS_CFS   (1u << 1)    /* fatal */

/* Admin and NVM opcodes. */
#define NVME_ADMIN_CREATE_SQ 0x01
#define NVME_ADMIN_CREATE_CQ 0x05
#define NVME_ADMIN_IDENTIFY  0x06
#define NVME_ADMIN_SET_FEATURES 0x09
#define NVME_FEAT_NUM_QUEUES 0x07
#define NVME_CMD_WRITE 0x01
#define NVME_CMD_READ  0x02

struct nvme_sqe {                /* 4.2: 64 bytes */
    uint8_t opcode;
    uint8_t flags;               /* fused, PRP (0) or SGL */
    uint16_t cid;                /* command identifier: comes back in the completion */
    uint32_t nsid;
    uint64_t reserved;
    uint64_t mptr;
    uint64_t prp1, prp2;
    uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};
_Static_assert(sizeof(struct nvme_sqe) == 64, "NVMe submission entries are 64 bytes");

struct nvme_cqe {                /* 4.6: 16 bytes */
    uint32_t result;
    uint32_t reserved;
    uint16_t sq_head, sq_id;
    uint16_t cid;
    uint16_t status;             /* bit 0 phase; 15:1 status (0: success) */
};
_Static_assert(sizeof(struct nvme_cqe) == 16, "NVMe completion entries are 16 bytes");

/* A submission queue and the completion queue its entries end in, each
 * in a page of its own. */
struct nvme_queue {
    struct nvme_sqe *sq;
    volatile struct nvme_cqe *cq;
    uint16_t id, size;           /* entries in each */
    uint16_t sq_tail, cq_head;
    uint16_t phase;              /* what a new completion's phase bit is */
    volatile uint32_t *sq_doorbell, *cq_doorbell;
};

#define NVME_IO_QSIZE 16         /* entries; never more than NVME_SLOTS in use */
#define NVME_SLOTS 8             /* commands in flight (their cids) */
#define NVME_PRP_SLOT 64         /* PRP list entries per slot: 512 bytes */

struct nvme {
    struct blkdev blk;
    struct pci_dev *pci;
    volatile uint8_t *regs;
    uint32_t dstrd;              /* doorbell stride in bytes */
    uint32_t timeout_ms;         /* CAP.TO */
    uint32_t nsid;
    uint32_t lba_shift;          /* log2 of the namespace's block size */
    struct nvme_queue admin;     /* boot only: polled */

    struct spinlock lock;        /* "nvme": all below */
    struct nvme_queue io;
    struct blk_req *slots[NVME_SLOTS];     /* [cid]: the request in flight */
    uint64_t *prp;               /* [cid * NVME_PRP_SLOT]: its PRP list, one page */
    struct blk_req *wait_head, *wait_tail; /* not yet given a slot */
};

/* nvme_queue.c */
int nvmeq_init(struct nvme *c, struct nvme_queue *q, uint16_t id, uint16_t size);
void nvmeq_push(struct nvme_queue *q, const struct nvme_sqe *e);
void nvmeq_ring(struct nvme_queue *q);
bool nvmeq_pop(struct nvme_queue *q, struct nvme_cqe *out);
void nvmeq_ack(struct nvme_queue *q);
/* nvme_admin: one admin command, waited for by polling (boot): its
 * status (0: success), or -ETIMEDOUT. */
int nvme_admin(struct nvme *c, struct nvme_sqe *cmd);

/* nvme_io.c */
extern const struct blkdev_ops nvme_ops;
/* nvme_complete: end what the I/O queue finished and start what waits. */
void nvme_complete(struct nvme *c);
#endif
