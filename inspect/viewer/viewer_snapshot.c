/* viewer_snapshot.c -- the screen as text on the log, for tests, graders and
 * anyone without a screen to look at:
 *
 *   viewer: snapshot begin cols=80 rows=25
 *   viewer| PHYSICAL MEMORY 0x00000000-0x001fffff of 0x00200000
 *   viewer| 0x000000 RRRRRRRRRRRRRRRR...
 *   ...                                  (one line per screen row)
 *   viewer: snapshot end
 *
 * It prints what the screen shows, whatever owns it: the viewer's maps, or
 * the text console while the viewer is hidden ('v'). Trailing blanks are
 * cut; colours are not shown. The block goes to serial and the debug port
 * only (it would be silly to print the screen onto the screen) and under
 * one hold of the log lock, so no other line lands in the middle.
 */
#include "kernel/kernel.h"
#include "inspect/viewer/viewer_internal.h"

static uint16_t cells[VIEWER_MAX_COLS];
static char line[VIEWER_MAX_COLS + 1];

/* Row y as text, without trailing blanks; unprintable bytes (code page 437
 * line drawing, say) become '?'. */
static const char *viewer_snapshot_row(int y, int cols)
{
    screen_get_cells(0, y, cells, cols);
    int len = 0;
    for (int x = 0; x < cols; x++) {
        uint8_t ch = SCREEN_CELL_CH(cells[x]);
        line[x] = ch >= ' ' && ch < 0x7f ? (char)ch : '?';
        if (ch != ' ')
            len = x + 1;
    }
    line[len] = 0;
    return line;
}

void viewer_snapshot(void)
{
    int cols = MIN(screen_cols(), VIEWER_MAX_COLS);
    int rows = screen_rows();
    klog_lock();
    klog_printf("viewer: snapshot begin cols=%d rows=%d\n", cols, rows);
    for (int y = 0; y < rows; y++)
        klog_printf("viewer| %s\n", viewer_snapshot_row(y, cols));
    klog_printf("viewer: snapshot end\n");
    klog_unlock();
}
