/* screen.c -- the terminal half of the screen console: cursor, control
 * characters, scrolling and colour, the same for both kinds of screen.
 *
 * Output is written into a shadow array of cells first; screen_flush then
 * hands the backend only the cells that differ from what it last drew (the
 * drawn array). That keeps slow glass (MMIO VGA memory, a framebuffer under
 * QEMU's TCG) out of the common path: a kprintf of ten lines scrolls the
 * shadow ten times but redraws the glass once, and blank cells that stay
 * blank are never touched. It also lets screen_get_cell read back the
 * screen on either kind. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/console/screen.h"
#include "kernel/console/screen_internal.h"
#include "arch/x86_64/multiboot.h"

#define TAB_WIDTH 8

/* Relative costs for choosing how to scroll the glass (see scroll_pays):
 * moving one cell's pixels with rep movsq vs drawing one cell from the
 * font. Measured under QEMU TCG, 1024x768x32: about 180 ns to move a cell,
 * 270 ns to draw one. Moving every row for every new line made a typical
 * boot log 8x slower than redrawing only the changed cells; it wins (by
 * about a quarter) only when nearly every cell changes, e.g. full rows of
 * dense text. */
#define COST_MOVE_CELL 1
#define COST_DRAW_CELL 2

/* screen_lock guards every static below (the backend ops and size, both
 * cell arrays, cursor and attribute, pending scroll and dirty rectangle)
 * and the hardware the backend drives: VGA memory or the framebuffer, and
 * the CRTC cursor registers. It is taken inside printk_lock (kprintf ->
 * console_write -> screen_write). */
static struct spinlock screen_lock = SPINLOCK_INIT("screen");

static struct screen_ops ops;     /* kind SCREEN_NONE, 0x0 cells until init */
static uint16_t shadow[SCREEN_MAX_ROWS * SCREEN_MAX_COLS]; /* should show */
static uint16_t drawn[SCREEN_MAX_ROWS * SCREEN_MAX_COLS];  /* glass shows */

static int cur_x, cur_y;          /* cur_x == cols: wrap before next char */
static uint8_t cur_attr = SCREEN_DEFAULT_ATTR;
static bool cursor_on = true;     /* screen_show_cursor */
static bool cursor_shown;         /* the glass shows a cursor... */
static int shown_x, shown_y;      /* ...here */

static int pending_scroll;        /* rows the shadow scrolled since a flush */
static int dirty_x0, dirty_y0, dirty_x1, dirty_y1; /* [x0,x1) x [y0,y1) */

static uint16_t *cell_at(uint16_t *cells, int x, int y)
{
    return &cells[y * ops.cols + x];
}

/* Locking: a CPU that already holds screen_lock is back in here from a
 * panic in the middle of drawing. Draw anyway, unlocked: a garbled cell
 * is better than a deadlock that hides the panic message. */
static bool screen_enter(void)
{
    if (spin_holding(&screen_lock))
        return false;
    spin_lock(&screen_lock);
    return true;
}

static void screen_leave(bool locked)
{
    if (locked)
        spin_unlock(&screen_lock);
}

static void dirty_add(int x0, int y0, int x1, int y1)
{
    if (dirty_x0 >= dirty_x1) {
        dirty_x0 = x0, dirty_y0 = y0, dirty_x1 = x1, dirty_y1 = y1;
        return;
    }
    dirty_x0 = MIN(dirty_x0, x0);
    dirty_y0 = MIN(dirty_y0, y0);
    dirty_x1 = MAX(dirty_x1, x1);
    dirty_y1 = MAX(dirty_y1, y1);
}

static void fill_cells(uint16_t *cells, int n, uint16_t cell)
{
    for (int i = 0; i < n; i++)
        cells[i] = cell;
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
    int cols = ops.cols, rows = ops.rows;
    int kept = (rows - n) * cols;
    int total = rows * cols;
    int stay = count_diffs(shadow, drawn, total);
    int moved = count_diffs(shadow, drawn + n * cols, kept) +
                count_diffs(shadow + kept, drawn + kept, total - kept);
    return kept * COST_MOVE_CELL + moved * COST_DRAW_CELL <
           stay * COST_DRAW_CELL;
}

static void flush_scroll(void)
{
    int n = pending_scroll;
    pending_scroll = 0;
    dirty_add(0, 0, ops.cols, ops.rows);
    if (n >= ops.rows || !ops.scroll_up || !scroll_pays(n))
        return;
    ops.scroll_up(n);
    int kept = (ops.rows - n) * ops.cols;
    memmove(drawn, drawn + n * ops.cols, kept * sizeof(drawn[0]));
}

static void flush_cells(void)
{
    for (int y = dirty_y0; y < dirty_y1; y++) {
        for (int x = dirty_x0; x < dirty_x1; x++) {
            if (x + 4 <= dirty_x1 &&
                same4(cell_at(shadow, x, y), cell_at(drawn, x, y))) {
                x += 3;
                continue;
            }
            uint16_t want = *cell_at(shadow, x, y);
            if (want == *cell_at(drawn, x, y))
                continue;
            ops.draw_cell(x, y, want);
            *cell_at(drawn, x, y) = want;
            if (ops.soft_cursor && x == shown_x && y == shown_y)
                cursor_shown = false;   /* drawing the cell erased it */
        }
    }
    dirty_x0 = dirty_x1 = dirty_y0 = dirty_y1 = 0;
}

/* A soft cursor must come off before its pixels move or it leaves a copy
 * behind; a hardware cursor is independent of the cells. */
static void cursor_erase_early(int x, int y)
{
    if (!ops.soft_cursor || !cursor_shown)
        return;
    if (pending_scroll || !cursor_on || x != shown_x || y != shown_y) {
        ops.cursor(shown_x, shown_y, *cell_at(drawn, shown_x, shown_y), false);
        cursor_shown = false;
    }
}

static void cursor_update(int x, int y)
{
    if (cursor_on && (!cursor_shown || x != shown_x || y != shown_y)) {
        ops.cursor(x, y, *cell_at(drawn, x, y), true);
        cursor_shown = true, shown_x = x, shown_y = y;
    } else if (!cursor_on && cursor_shown) {
        ops.cursor(shown_x, shown_y, *cell_at(drawn, shown_x, shown_y), false);
        cursor_shown = false;
    }
}

/* screen_flush: make the glass show the shadow. Caller holds screen_lock. */
static void screen_flush(void)
{
    int x = MIN(cur_x, ops.cols - 1), y = cur_y;
    cursor_erase_early(x, y);
    if (pending_scroll)
        flush_scroll();
    flush_cells();
    cursor_update(x, y);
}

static void scroll_shadow(void)
{
    int kept = (ops.rows - 1) * ops.cols;
    memmove(shadow, shadow + ops.cols, kept * sizeof(shadow[0]));
    fill_cells(shadow + kept, ops.cols, SCREEN_CELL(' ', cur_attr));
    pending_scroll++;
}

static void newline(void)
{
    cur_x = 0;
    if (++cur_y == ops.rows) {
        scroll_shadow();
        cur_y = ops.rows - 1;
    }
}

/* Backspace moves left without erasing (the shell sends "\b \b"), and
 * back onto the previous row so an input line that wrapped can be erased. */
static void backspace(void)
{
    if (cur_x > 0) {
        cur_x--;
    } else if (cur_y > 0) {
        cur_y--;
        cur_x = ops.cols - 1;
    }
}

static void tab(void)
{
    if (cur_x >= ops.cols)
        newline();
    cur_x = MIN((cur_x / TAB_WIDTH + 1) * TAB_WIDTH, ops.cols);
}

/* Wrapping is deferred until the next printable character, so a line of
 * exactly cols characters followed by '\n' does not leave a blank row. */
static void put_printable(uint8_t ch)
{
    if (cur_x >= ops.cols)
        newline();
    *cell_at(shadow, cur_x, cur_y) = SCREEN_CELL(ch, cur_attr);
    dirty_add(cur_x, cur_y, cur_x + 1, cur_y + 1);
    cur_x++;
}

static void put_char(uint8_t ch)
{
    switch (ch) {
    case '\n': newline(); break;
    case '\r': cur_x = 0; break;
    case '\b': backspace(); break;
    case '\t': tab(); break;
    default:
        /* Other control characters have no glyph worth showing; bytes
         * >= 128 are kept (VGA shows code page 437, fbcon shows '?'). */
        if (ch >= ' ' && ch != 0x7f)
            put_printable(ch);
        break;
    }
}

static bool backend_init(const struct boot_info *bi)
{
    if (!bi || !bi->has_fb)
        return false;
    if (bi->fb.type == 2)
        return vga_text_init(&bi->fb, &ops);
    if (bi->fb.type == 1)
        return fbcon_init(&bi->fb, &ops);
    return false;                     /* type 0 (indexed colour): unused */
}

void screen_init(const struct boot_info *bi)
{
    bool locked = screen_enter();
    memset(&ops, 0, sizeof(ops));
    if (!backend_init(bi))
        memset(&ops, 0, sizeof(ops)); /* SCREEN_NONE, 0x0 cells */
    ops.cols = MIN(ops.cols, SCREEN_MAX_COLS);
    ops.rows = MIN(ops.rows, SCREEN_MAX_ROWS);
    int n = ops.cols * ops.rows;
    fill_cells(shadow, n, SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR));
    fill_cells(drawn, n, SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR));
    cur_x = cur_y = 0;
    cur_attr = SCREEN_DEFAULT_ATTR;
    cursor_shown = false;
    pending_scroll = 0;
    dirty_x0 = dirty_x1 = dirty_y0 = dirty_y1 = 0;
    if (n > 0)
        screen_flush();               /* shows the cursor */
    screen_leave(locked);
}

enum screen_kind screen_kind(void) { return ops.kind; }
int screen_cols(void) { return ops.cols; }
int screen_rows(void) { return ops.rows; }

const char *screen_kind_name(void)
{
    return ops.kind == SCREEN_NONE ? "none" : ops.name;
}

void screen_write(const char *s, size_t n)
{
    if (ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    for (size_t i = 0; i < n; i++)
        put_char((uint8_t)s[i]);
    screen_flush();
    screen_leave(locked);
}

void screen_set_attr(uint8_t attr)
{
    bool locked = screen_enter();
    cur_attr = attr;
    screen_leave(locked);
}

/* screen_clear: blank every cell in the current attribute's colours and
 * put the cursor home. */
void screen_clear(void)
{
    if (ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    fill_cells(shadow, ops.cols * ops.rows, SCREEN_CELL(' ', cur_attr));
    pending_scroll = 0;
    dirty_add(0, 0, ops.cols, ops.rows);
    cur_x = cur_y = 0;
    screen_flush();
    screen_leave(locked);
}

/* screen_show_cursor: the memory viewer draws the whole screen itself and
 * wants no cursor on top of it. */
void screen_show_cursor(bool on)
{
    if (ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    cursor_on = on;
    screen_flush();
    screen_leave(locked);
}

static bool in_screen(int x, int y)
{
    return x >= 0 && y >= 0 && x < ops.cols && y < ops.rows;
}

/* Cells outside the screen are ignored, so the viewer may clip by drawing
 * past the edge; the cursor does not move. */
void screen_put_cell(int x, int y, uint8_t ch, uint8_t attr)
{
    uint16_t cell = SCREEN_CELL(ch, attr);
    screen_put_cells(x, y, &cell, 1);
}

void screen_put_string(int x, int y, const char *s, uint8_t attr)
{
    if (!in_screen(0, y) || x >= ops.cols)
        return;
    bool locked = screen_enter();
    int x0 = MAX(x, 0), x1 = x0;
    for (; *s && x < ops.cols; s++, x++) {
        if (x >= 0)
            *cell_at(shadow, x1++, y) = SCREEN_CELL(*s, attr);
    }
    dirty_add(x0, y, MAX(x1, x0 + 1), y + 1);
    screen_flush();
    screen_leave(locked);
}

/* Outside the screen reads as a blank in the default colours. */
void screen_get_cell(int x, int y, uint8_t *ch, uint8_t *attr)
{
    uint16_t cell;
    screen_get_cells(x, y, &cell, 1);
    if (ch)
        *ch = SCREEN_CELL_CH(cell);
    if (attr)
        *attr = SCREEN_CELL_ATTR(cell);
}

/* screen_put_cells: see screen.h. The dirty rectangle covers only the
 * changed span, so the flush compares no more than that. */
void screen_put_cells(int x, int y, const uint16_t *cells, int n)
{
    if (x < 0) {
        cells -= x, n += x, x = 0;
    }
    if (!in_screen(x, y) || n <= 0)
        return;
    n = MIN(n, ops.cols - x);
    bool locked = screen_enter();
    uint16_t *row = cell_at(shadow, x, y);
    int lo = n, hi = -1;
    for (int i = 0; i < n; i++) {
        if (row[i] != cells[i]) {
            row[i] = cells[i];
            lo = MIN(lo, i);
            hi = i;
        }
    }
    if (hi >= 0) {
        dirty_add(x + lo, y, x + hi + 1, y + 1);
        screen_flush();
    }
    screen_leave(locked);
}

void screen_get_cells(int x, int y, uint16_t *cells, int n)
{
    bool locked = screen_enter();
    for (int i = 0; i < n; i++)
        cells[i] = in_screen(x + i, y) ? *cell_at(shadow, x + i, y)
                                       : SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR);
    screen_leave(locked);
}
