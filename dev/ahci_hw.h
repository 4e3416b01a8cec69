/* ahci_hw.h -- what the AHCI driver's files share: the HBA's registers
 * and the structures in memory it reads and writes (Serial ATA AHCI 1.3:
 * 3.1 HBA registers, 3.3 port registers, 4.2 system memory), the ATA
 * commands used (ACS), and the driver's records. */
#ifndef DEV_AHCI_HW_H
#define DEV_AHCI_HW_H
#include <stdbool.h>
#include <stdint.h>
#include "dev/block.h"
#include "dev/pci.h"
#include "kernel/spinlock.h"

struct page;

/* HBA registers, in ABAR (BAR5). */
#define AHCI_CAP   0x00
#define AHCI_GHC   0x04
#define AHCI_IS    0x08          /* one bit per port with an interrupt */
#define AHCI_PI    0x0c          /* ports implemented */
#define AHCI_VS    0x10
#define AHCI_CAP2  0x24
#define AHCI_BOHC  0x28          /* BIOS/OS hand-off */
#define AHCI_CAP_S64A  (1u << 31)
#define AHCI_CAP_NCS(c) ((((c) >> 8) & 0x1f) + 1)
#define AHCI_GHC_HR (1u << 0)
#define AHCI_GHC_IE (1u << 1)
#define AHCI_GHC_AE (1u << 31)
#define AHCI_CAP2_BOH  (1u << 0)
#define AHCI_BOHC_BOS  (1u << 0)
#define AHCI_BOHC_OOS  (1u << 1)

/* Port registers, at 0x100 + 0x80 x port. */
#define AHCI_PORT(n) (0x100 + 0x80 * (n))
#define PX_CLB   0x00            /* 64: command list */
#define PX_FB    0x08            /* 64: received FIS area */
#define PX_IS    0x10
#define PX_IE    0x14
#define PX_CMD   0x18
#define PX_TFD   0x20            /* task file: status 7:0, error 15:8 */
#define PX_SIG   0x24
#define PX_SSTS  0x28
#define PX_SCTL  0x2c
#define PX_SERR  0x30
#define PX_CI    0x38            /* command issue: a bit per slot */
#define PX_CMD_ST  (1u << 0)
#define PX_CMD_SUD (1u << 1)
#define PX_CMD_POD (1u << 2)
#define PX_CMD_FRE (1u << 4)
#define PX_CMD_FR  (1u << 14)
#define PX_CMD_CR  (1u << 15)
#define PX_IS_DHRS (1u << 0)     /* a D2H register FIS: a DMA command ended */
#define PX_IS_PSS  (1u << 1)     /* a PIO setup FIS: IDENTIFY's data came */
#define PX_IS_ERRORS 0x7d000010u /* TFES, HBFS, HBDS, IFS, INFS, OFS, UFS */
#define PX_TFD_ERR (1u << 0)
#define PX_TFD_DRQ (1u << 3)
#define PX_TFD_BSY (1u << 7)
#define PX_SSTS_DET(s) ((s) & 0xf)   /* 3: a device, and a link */
#define PX_SIG_ATA   0x00000101u
#define PX_SIG_ATAPI 0xeb140101u

/* ATA commands (ACS-3). */
#define ATA_IDENTIFY        0xec
#define ATA_READ_DMA_EXT    0x25
#define ATA_WRITE_DMA_EXT   0x35

struct ahci_cmd_header {         /* 4.2.2: one per slot in the command list */
    uint16_t flags;              /* 4:0 FIS length in dwords, 6 write, 10 clear busy on OK */
    uint16_t prdtl;              /* entries in the PRD table */
    uint32_t prdbc;              /* bytes moved (the HBA writes it) */
    uint64_t ctba;               /* the command table, 128-byte aligned */
    uint32_t reserved[4];
};
_Static_assert(sizeof(struct ahci_cmd_header) == 32, "AHCI command headers are 32 bytes");

struct ahci_prd {                /* 4.2.3.3: one piece of memory */
    uint64_t dba;                /* its address (even) */
    uint32_t reserved;
    uint32_t dbc;                /* 21:0 bytes - 1; 31 interrupt when done */
};

struct ahci_cmd_table {          /* 4.2.3 */
    uint8_t cfis[64];            /* the command FIS */
    uint8_t acmd[16];            /* ATAPI command (unused) */
    uint8_t reserved[48];
    struct ahci_prd prd[BLK_MAX_PAGES];
};

/* A port with a disk. One page holds its command list (1 KiB, of which
 * slot 0 is used: one command at a time, as SATA without NCQ runs them
 * anyway), its received-FIS area and slot 0's command table. */
struct ahci_port {
    struct blkdev blk;
    struct ahci *hba;
    int no;
    volatile uint8_t *regs;      /* the port's registers */
    struct page *page;           /* the list, the FIS area, the table */
    uint32_t lba_shift;          /* log2 of the disk's logical sector size */
    struct ahci_cmd_header *list;
    struct ahci_cmd_table *table;

    struct spinlock lock;        /* "ahci port": the registers' use, below */
    struct blk_req *busy;        /* the request the port runs, or NULL */
    struct blk_req *wait_head, *wait_tail;  /* the others, in order */
};

struct ahci {
    struct pci_dev *pci;
    volatile uint8_t *abar;
    bool dma64;                  /* CAP.S64A: addresses above 4 GiB */
    struct ahci_port *ports[32]; /* the disks; written at boot */
};

/* ahci_port.c */
/* ahci_port_attach: stop the port, give it its memory (a page), turn on
 * FIS reception, wait for the device: then PxSIG says what it is. */
int ahci_port_attach(struct ahci_port *p);
/* ahci_port_start: commands on (a disk). */
void ahci_port_start(struct ahci_port *p);
/* ahci_port_detach: stopped again and its page back (not a disk). */
void ahci_port_detach(struct ahci_port *p);
/* ahci_port_recover: after an error: stop, clear, start again; false
 * if the port would not (then ahci_port_stuck says so, with no lock
 * held). */
bool ahci_port_recover(struct ahci_port *p);
void ahci_port_stuck(struct ahci_port *p);
/* ahci_port_issue: ATA command cmd on sectors [lba, lba + count) in
 * slot 0, its memory r's pages, or (r NULL) len bytes at buf. The
 * caller holds p->lock, or is the boot probe. */
void ahci_port_issue(struct ahci_port *p, uint8_t cmd, uint64_t lba, uint32_t count, bool write,
                     const struct blk_req *r, paddr_t buf, uint32_t len);
/* ahci_port_identify: IDENTIFY DEVICE, polled (boot): its 512 bytes in
 * buf (a page). 0 or -EIO. */
int ahci_port_identify(struct ahci_port *p, uint16_t *buf);

/* ahci_io.c */
extern const struct blkdev_ops ahci_ops;
/* ahci_port_interrupt: what the port's interrupt means: end the request
 * it ran, start the next. */
void ahci_port_interrupt(struct ahci_port *p);
#endif
