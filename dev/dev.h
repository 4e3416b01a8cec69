/* dev.h -- devices beyond the machine's own (arch/): the PCI bus and
 * its drivers, the block layer, the RAM disk, the swap device. */
#ifndef DEV_DEV_H
#define DEV_DEV_H
/* dev_init: scan PCI, probe drivers, resolve swap=. After the interrupt
 * controllers (drivers take MSI-X vectors) and before the first process. */
void dev_init(void);
#endif
