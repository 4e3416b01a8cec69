/* screen_flush.c -- make the glass show the shadow cells.
 *
 * Output is written into a shadow array of cells first; screen_flush then
 * hands the backend only the cells that differ from what it last drew (the
 * drawn array). That keeps slow glass (MMIO VGA memory, a framebuffer under
 * QEMU's TCG) out of the common path: a kprintf of ten lines scrolls the
 * shadow ten times but redraws the glass once, and blank cells that stay
 * blank are never touched. It also lets screen_get_cell read back the
 * screen on either kind. Everything here runs under screen_lock. */
#include "kernel/kernel.h"
#include "kernel/console/screen_internal.h"

/* Relative costs for choosing how to scroll the glass (see scroll_pays):
 * moving one cell's pixels with rep movsq vs drawing one cell from the
 * font. Measured under QEMU TCG, 1024x768x32: about 180 ns to move a cell,
 * 270 ns to draw one. Moving every row for every new line made a typical
 * boot log 8x slower than redrawing only the changed cells; it wins (by
 * about a quarter) only when nearly every cell changes, e.g. full rows of
 * dense text. */
#define COST_MOVE_CELL 1
#define COST_DRAW_CELL 2

void screen_dirty_add(int x0, int y0, int x1, int y1)
{
    if (scr.dirty_x0 >= scr.dirty_x1) {
        scr.dirty_x0 = x0, scr.dirty_y0 = y0;
        scr.dirty_x1 = x1, scr.dirty_y1 = y1;
        return;
    }
    scr.dirty_x0 = MIN(scr.dirty_x0, x0);
    scr.dirty_y0 = MIN(scr.dirty_y0, y0);
    scr.dirty_x1 = MAX(scr.dirty_x1, x1);
    scr.dirty_y1 = MAX(scr.dirty_y1, y1);
}

/* same4: do four cells match? Most cells do, and under TCG one 64-bit
 * compare costs about what one 16-bit compare does. */
typedef uint64_t __attribute__((aligned(2), may_alias)) cells4_t;

static bool same4(const uint16_t *a, const uint16_t *b)
{
    return *(const cells4_t *)a == *(const cells4_t *)b;
}

static int count_diffs(const uint16_t *a, const uint16_t *b, int n)
{
    int diffs = 0;
    for (int i = 0; i < n; i++) {
        if ((i & 3) == 0 && i + 4 <= n && same4(a + i, b + i))
            i += 3;
        else
            diffs += a[i] != b[i];
    }
    return diffs;
}

/* scroll_pays: after the shadow scrolled n rows, is it cheaper to move the
 * glass up n rows and redraw what still differs, or to redraw every cell
 * that differs where it stands? Counting is cheap next to either. */
static bool scroll_pays(int n)
{
    int cols = scr.ops.cols, rows = scr.ops.rows;
    int kept = (rows - n) * cols;
    int total = rows * cols;
    int stay = count_diffs(scr.shadow, scr.drawn, total);
    int moved = count_diffs(scr.shadow, scr.drawn + n * cols, kept) +
                count_diffs(scr.shadow + kept, scr.drawn + kept, total - kept);
    return kept * COST_MOVE_CELL + moved * COST_DRAW_CELL <
           stay * COST_DRAW_CELL;
}

static void flush_scroll(void)
{
    int n = scr.pending_scroll;
    scr.pending_scroll = 0;
    screen_dirty_add(0, 0, scr.ops.cols, scr.ops.rows);
    if (n >= scr.ops.rows || !scr.ops.scroll_up || !scroll_pays(n))
        return;
    scr.ops.scroll_up(n);
    int kept = (scr.ops.rows - n) * scr.ops.cols;
    memmove(scr.drawn, scr.drawn + n * scr.ops.cols,
            kept * sizeof(scr.drawn[0]));
}

static void flush_cells(void)
{
    for (int y = scr.dirty_y0; y < scr.dirty_y1; y++) {
        for (int x = scr.dirty_x0; x < scr.dirty_x1; x++) {
            uint16_t *want = screen_cell_at(scr.shadow, x, y);
            uint16_t *have = screen_cell_at(scr.drawn, x, y);
            if (x + 4 <= scr.dirty_x1 && same4(want, have)) {
                x += 3;
                continue;
            }
            if (*want == *have)
                continue;
            scr.ops.draw_cell(x, y, *want);
            *have = *want;
            if (scr.ops.soft_cursor && x == scr.shown_x && y == scr.shown_y)
                scr.cursor_shown = false;   /* drawing the cell erased it */
        }
    }
    scr.dirty_x0 = scr.dirty_x1 = scr.dirty_y0 = scr.dirty_y1 = 0;
}

static bool cursor_wanted(void)
{
    return scr.cursor_owner_on && scr.cursor_term_on;
}

static void cursor_hide(void)
{
    int x = scr.shown_x, y = scr.shown_y;
    scr.ops.cursor(x, y, *screen_cell_at(scr.drawn, x, y), false);
    scr.cursor_shown = false;
}

/* A soft cursor must come off before its pixels move or it leaves a copy
 * behind; a hardware cursor is independent of the cells. */
static void cursor_erase_early(int x, int y)
{
    if (!scr.ops.soft_cursor || !scr.cursor_shown)
        return;
    if (scr.pending_scroll || !cursor_wanted() || x != scr.shown_x ||
        y != scr.shown_y)
        cursor_hide();
}

static void cursor_update(int x, int y)
{
    bool moved = x != scr.shown_x || y != scr.shown_y;
    if (cursor_wanted() && (!scr.cursor_shown || moved)) {
        scr.ops.cursor(x, y, *screen_cell_at(scr.drawn, x, y), true);
        scr.cursor_shown = true, scr.shown_x = x, scr.shown_y = y;
    } else if (!cursor_wanted() && scr.cursor_shown) {
        cursor_hide();
    }
}

/* screen_flush: make the glass show the shadow, and the cursor where it
 * is (in the last column while a wrap is pending). */
void screen_flush(void)
{
    int x = MIN(scr.x, scr.ops.cols - 1), y = scr.y;
    cursor_erase_early(x, y);
    if (scr.pending_scroll)
        flush_scroll();
    flush_cells();
    cursor_update(x, y);
}
