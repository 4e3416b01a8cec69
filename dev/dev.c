/* dev.c -- the order devices come up in (dev.h). */
#include "kernel/kernel.h"
#include "dev/dev.h"
#include "dev/pci.h"
#include "dev/virtio_blk.h"
#include "dev/nvme.h"
#include "dev/ahci.h"
#include "dev/swapdev.h"
#include "arch/x86_64/irq.h"

void dev_init(void)
{
    /* MSI-X messages go to a local APIC: without the APICs (noapic)
     * the drivers that need them have nothing to use. */
    if (irq_apic()) {
        vblk_init();
        nvme_init();
        ahci_init();
    } else {
        kprintf("dev: no local APIC (noapic): virtio-blk, NVMe and AHCI disabled\n");
    }
    pci_scan();
    swapdev_init();
}
