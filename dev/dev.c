/* dev.c -- the order devices come up in (dev.h). */
#include "kernel/kernel.h"
#include "dev/dev.h"
#include "dev/pci.h"
#include "dev/pci_intx.h"
#include "dev/virtio_blk.h"
#include "dev/nvme.h"
#include "dev/ahci.h"
#include "dev/xhci.h"
#include "dev/swapdev.h"
#include "kernel/cmdline.h"
#include "arch/x86_64/irq.h"
#include "mm/kmap.h"

extern char __disk_code_start[], __disk_code_end[];
extern char __usb_code_start[], __usb_code_end[];
extern char __intx_code_start[], __intx_code_end[];

/* The NVMe and AHCI drivers' code sits on pages of its own
 * (kernel.ld): without a disk of either kind nothing calls it again, and
 * at mem=2M every page counts. Their probes leave a controller they did
 * not take unable to interrupt. */
static void dev_give_back_disk_code(void)
{
    if (blk_first("nvme") || blk_first("ahci"))
        return;
    size_t n = kmap_give_back(__disk_code_start, __disk_code_end);
    kprintf("dev: no NVMe or AHCI disk: gave back the %lu pages of their drivers\n", n);
}

/* The same for the USB keyboard's (xHCI and HID) code without an xHCI
 * controller, unless in-kernel tests will run: usb_kbd_test.c calls the
 * keyboard's code with no controller. */
static void dev_give_back_usb_code(void)
{
    if (xhci_found() || cmdline_get("test"))
        return;
    size_t n = kmap_give_back(__usb_code_start, __usb_code_end);
    kprintf("dev: no xHCI controller: gave back the %lu pages of the USB keyboard's driver\n", n);
}

/* The same for finding a PCI pin's route (pci_intx_route.c, the _PRT
 * reader and the AML walk) once the scan is over, unless a line was made
 * (its dispatch, pci_intx.c, stays anyway) or in-kernel tests will run
 * (acpi_prt_test.c reads hand-made tables). Most machines give MSI to
 * every device, and at mem=2M its two pages matter. */
static void dev_give_back_intx_code(void)
{
    if (pci_intx_in_use() || cmdline_get("test"))
        return;
    size_t n = kmap_give_back(__intx_code_start, __intx_code_end);
    kprintf("dev: no INTx line: gave back the %lu pages that route PCI pins\n", n);
}

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
    xhci_init();                 /* without the APICs it polls */
    pci_scan();
    dev_give_back_disk_code();
    dev_give_back_usb_code();
    dev_give_back_intx_code();
    swapdev_init();
}
