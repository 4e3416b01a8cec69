/* screen_cells.c -- where the screen's cells live, and the console kept
 * aside while the memory viewer owns the screen.
 *
 * A grid's size is known only from the mode the firmware set (80x25 VGA
 * text; 160x50 at 1280x800; 120x33 at 1920x1080 with the font doubled),
 * so the three arrays are not in the kernel image: screen_init takes one
 * block for them from free memory as soon as it knows the mode, before
 * the page allocator exists (mm/bootmem.c), as large as this mode needs
 * and no larger. At mem=2M every page counts; bootmem_reserve takes RAM
 * above the cap when there is some, so there the screen costs nothing. */
#include "kernel/kernel.h"
#include "kernel/console/screen_internal.h"
#include "mm/bootmem.h"

bool screen_cells_take(int n)
{
    size_t bytes = (size_t)n * sizeof(uint16_t);
    paddr_t pa = bootmem_reserve(3 * bytes, "screen cells");
    if (!pa) {
        scr.shadow = scr.drawn = scr.saved = NULL;
        return false;
    }
    scr.shadow = pa_to_kva(pa);
    scr.drawn = scr.shadow + n;
    scr.saved = scr.drawn + n;
    return true;
}

void screen_save(void)
{
    if (scr.ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    memmove(scr.saved, scr.shadow, (size_t)scr.ops.cols * scr.ops.rows * sizeof(uint16_t));
    screen_leave(locked);
}

/* Only cells that differ from what the glass shows are redrawn. */
void screen_restore(void)
{
    if (scr.ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    memmove(scr.shadow, scr.saved, (size_t)scr.ops.cols * scr.ops.rows * sizeof(uint16_t));
    screen_dirty_add(0, 0, scr.ops.cols, scr.ops.rows);
    screen_flush();
    screen_leave(locked);
}
