/* page_move.h -- how whole pages are cleared and copied (page_move.c). */
#ifndef ARCH_X86_64_PAGE_MOVE_H
#define ARCH_X86_64_PAGE_MOVE_H
/* page_move_pick: time each way the CPU offers and keep the fastest for
 * mem_zero_page and mem_copy_page (lib/string.h); one boot line. Once, on
 * the boot CPU, after fpu_init_bsp and before the other CPUs start. */
void page_move_pick(void);
#endif
