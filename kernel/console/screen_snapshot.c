/* screen_snapshot.c -- the screen's text on the log, for tests and for
 * anyone reading a serial log of a machine whose screen they cannot see:
 *
 *   screen: begin shutdown 80x25
 *   screen: |weensy: booting|
 *   screen: ||                        (one line per row, blank ones too)
 *   ...
 *   screen: end
 *
 * Each row sits between bars, so leading blanks show; trailing blanks are
 * cut, colours are not shown, and bytes that are not printable ASCII
 * (code page 437 line drawing, say) read as '?'. The block goes to serial
 * and the debug port only, under one hold of the log lock, so no other
 * line lands in the middle. It reads the cells the screen should show, so
 * it works the same on VGA text and on a framebuffer. */
#include "kernel/kernel.h"
#include "kernel/console/console.h"
#include "kernel/console/screen.h"
#include "kernel/console/screen_internal.h"

/* Both are used only under the log lock (klog_lock). */
static uint16_t snap_cells[SCREEN_MAX_COLS];
static char snap_line[SCREEN_MAX_COLS];

/* Row y as text, trailing blanks cut; returns its length. */
static int screen_snapshot_row(int y, int cols)
{
    screen_get_cells(0, y, snap_cells, cols);
    int len = 0;
    for (int x = 0; x < cols; x++) {
        uint8_t ch = SCREEN_CELL_CH(snap_cells[x]);
        snap_line[x] = ch >= ' ' && ch < 0x7f ? (char)ch : '?';
        if (ch != ' ')
            len = x + 1;
    }
    return len;
}

void screen_snapshot_log(const char *why)
{
    int cols = screen_cols(), rows = screen_rows();
    klog_lock();
    klog_printf("screen: begin %s %dx%d\n", why, cols, rows);
    for (int y = 0; y < rows; y++) {
        int len = screen_snapshot_row(y, cols);
        console_write_log("screen: |", 9);
        console_write_log(snap_line, len);
        console_write_log("|\n", 2);
    }
    klog_printf("screen: end\n");
    klog_unlock();
}
