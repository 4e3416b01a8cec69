/* dev.c -- the order devices come up in (dev.h). */
#include "kernel/kernel.h"
#include "dev/dev.h"
#include "dev/pci.h"
#include "dev/virtio_blk.h"
#include "dev/xhci.h"
#include "dev/swapdev.h"
#include "arch/x86_64/irq.h"

void dev_init(void)
{
    /* MSI-X messages go to a local APIC: without the APICs (noapic)
     * the drivers that need them have nothing to use. */
    if (irq_apic())
        vblk_init();
    else
        kprintf("dev: no local APIC (noapic): virtio-blk disabled\n");
    xhci_init();                 /* without the APICs it polls */
    pci_scan();
    swapdev_init();
}
