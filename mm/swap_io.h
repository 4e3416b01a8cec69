/* swap_io.h -- the swap code's only contact with the device (swap.h):
 * slot s is the device's page s - 1. Reads and writes sleep until done
 * and return 0 or -EIO. */
#ifndef MM_SWAP_IO_H
#define MM_SWAP_IO_H
#include <stddef.h>
#include <stdint.h>
struct page;
/* swap_io_init: open the device swap= names; its size in pages (0: none). */
size_t swap_io_init(void);
const char *swap_io_name(void);
int swap_io_read(uint32_t s, struct page *pg);
int swap_io_write(uint32_t s, struct page *pg);
#endif
