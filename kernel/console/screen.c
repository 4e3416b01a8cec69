/* screen.c -- the terminal half of the screen console: the API, cursor,
 * control characters and scrolling, the same for both kinds of screen.
 * Escape sequences are read by ansi.c, which moves the cursor and erases
 * through the screen_term_ calls below; screen_flush.c puts the result on
 * the glass. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/console/screen.h"
#include "kernel/console/screen_internal.h"
#include "arch/x86_64/multiboot.h"

#define TAB_WIDTH 8

/* screen_lock guards scr (the backend ops and size, both cell arrays,
 * cursor and attribute, pending scroll and dirty rectangle), ansi.c's
 * parser, and the hardware the backend drives: VGA memory or the
 * framebuffer, and the CRTC cursor registers. It is taken inside
 * printk_lock (kprintf -> console_write -> screen_write). */
static struct spinlock screen_lock = SPINLOCK_INIT("screen");

struct screen_state scr;

/* Locking: a CPU that already holds screen_lock is back in here from a
 * panic in the middle of drawing. Draw anyway, unlocked: a garbled cell
 * is better than a deadlock that hides the panic message. The same once a
 * panic stops the machine: a stopped CPU may hold the lock for good. */
bool screen_enter(void)
{
    if (spin_holding(&screen_lock) || panic_stopping())
        return false;
    spin_lock(&screen_lock);
    return true;
}

void screen_leave(bool locked)
{
    if (locked)
        spin_unlock(&screen_lock);
}

static void fill_cells(uint16_t *cells, int n, uint16_t cell)
{
    for (int i = 0; i < n; i++)
        cells[i] = cell;
}

/* ---- the terminal: control characters and cursor moves ---------------- */

static void scroll_shadow(void)
{
    int cols = scr.ops.cols;
    int kept = (scr.ops.rows - 1) * cols;
    memmove(scr.shadow, scr.shadow + cols, kept * sizeof(scr.shadow[0]));
    fill_cells(scr.shadow + kept, cols, SCREEN_CELL(' ', scr.erase_attr));
    scr.pending_scroll++;
}

static void newline(void)
{
    scr.x = 0;
    if (++scr.y == scr.ops.rows) {
        scroll_shadow();
        scr.y = scr.ops.rows - 1;
    }
}

/* Backspace moves left without erasing (the shell sends "\b \b"), and
 * back onto the previous row so an input line that wrapped can be erased. */
static void backspace(void)
{
    if (scr.x > 0) {
        scr.x--;
    } else if (scr.y > 0) {
        scr.y--;
        scr.x = scr.ops.cols - 1;
    }
}

static void tab(void)
{
    if (scr.x >= scr.ops.cols)
        newline();
    scr.x = MIN((scr.x / TAB_WIDTH + 1) * TAB_WIDTH, scr.ops.cols);
}

/* Wrapping is deferred until the next printable character, so a line of
 * exactly cols characters followed by '\n' does not leave a blank row. */
static void put_printable(uint8_t ch)
{
    if (scr.x >= scr.ops.cols)
        newline();
    *screen_cell_at(scr.shadow, scr.x, scr.y) = SCREEN_CELL(ch, scr.attr);
    screen_dirty_add(scr.x, scr.y, scr.x + 1, scr.y + 1);
    scr.x++;
}

void screen_term_put(uint8_t ch)
{
    switch (ch) {
    case '\n': newline(); break;
    case '\r': scr.x = 0; break;
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

void screen_term_goto(int x, int y)
{
    scr.x = MAX(0, MIN(x, scr.ops.cols - 1));
    scr.y = MAX(0, MIN(y, scr.ops.rows - 1));
}

void screen_term_where(int *x, int *y)
{
    *x = MIN(scr.x, scr.ops.cols - 1);
    *y = scr.y;
}

void screen_term_erase(int from, int to)
{
    int cols = scr.ops.cols;
    from = MAX(from, 0);
    to = MIN(to, cols * scr.ops.rows);
    if (from >= to)
        return;
    fill_cells(scr.shadow + from, to - from, SCREEN_CELL(' ', scr.erase_attr));
    int y0 = from / cols, y1 = (to - 1) / cols + 1;
    if (y1 - y0 == 1)
        screen_dirty_add(from % cols, y0, (to - 1) % cols + 1, y1);
    else
        screen_dirty_add(0, y0, cols, y1);
}

/* ---- set-up -------------------------------------------------------------- */

static bool backend_init(const struct boot_info *bi)
{
    if (!bi || !bi->has_fb)
        return false;
    if (bi->fb.type == 2)
        return vga_text_init(&bi->fb, &scr.ops);
    if (bi->fb.type == 1)
        return fbcon_init(&bi->fb, &scr.ops);
    return false;                     /* type 0 (indexed colour): unused */
}

/* The cells come from free memory, as many as this mode has (mem=2M
 * counts every page); no room for them means no screen. */
void screen_init(const struct boot_info *bi)
{
    bool locked = screen_enter();
    memset(&scr.ops, 0, sizeof(scr.ops));
    scr.ops.scale = 1;
    if (!backend_init(bi))
        memset(&scr.ops, 0, sizeof(scr.ops)); /* SCREEN_NONE, 0x0 cells */
    scr.ops.cols = MIN(scr.ops.cols, SCREEN_MAX_COLS);
    int n = scr.ops.cols * scr.ops.rows, lost = 0;
    if (n > 0 && !screen_cells_take(n)) {
        memset(&scr.ops, 0, sizeof(scr.ops));
        lost = n, n = 0;
    }
    fill_cells(scr.shadow, n, SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR));
    fill_cells(scr.drawn, n, SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR));
    fill_cells(scr.saved, n, SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR));
    scr.x = scr.y = 0;
    ansi_reset();                     /* default attribute, no sequence */
    scr.cursor_owner_on = scr.cursor_term_on = true;
    scr.cursor_shown = false;
    scr.pending_scroll = 0;
    scr.dirty_x0 = scr.dirty_x1 = scr.dirty_y0 = scr.dirty_y1 = 0;
    if (n > 0)
        screen_flush();               /* shows the cursor */
    screen_leave(locked);
    if (lost)                         /* after the lock: printk_lock comes first */
        kprintf("screen: no memory for %d cells: no screen\n", lost);
}

enum screen_kind screen_kind(void) { return scr.ops.kind; }
int screen_cols(void) { return scr.ops.cols; }
int screen_rows(void) { return scr.ops.rows; }
int screen_font_scale(void) { return scr.ops.kind == SCREEN_NONE ? 0 : scr.ops.scale; }

const char *screen_kind_name(void)
{
    return scr.ops.kind == SCREEN_NONE ? "none" : scr.ops.name;
}

/* ---- text output ------------------------------------------------------- */

void screen_write(const char *s, size_t n)
{
    if (scr.ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    for (size_t i = 0; i < n; i++) {
        if (!ansi_take((uint8_t)s[i]))
            screen_term_put((uint8_t)s[i]);
    }
    screen_flush();
    screen_leave(locked);
}

void screen_set_attr(uint8_t attr)
{
    bool locked = screen_enter();
    ansi_set_attr(attr);
    screen_leave(locked);
}

/* screen_clear: blank every cell in the current background colour and put
 * the cursor home. */
void screen_clear(void)
{
    if (scr.ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    screen_term_erase(0, scr.ops.cols * scr.ops.rows);
    scr.pending_scroll = 0;           /* nothing left worth moving */
    scr.x = scr.y = 0;
    screen_flush();
    screen_leave(locked);
}

/* screen_show_cursor: the memory viewer draws the whole screen itself and
 * wants no cursor on top of it. */
void screen_show_cursor(bool on)
{
    if (scr.ops.kind == SCREEN_NONE)
        return;
    bool locked = screen_enter();
    scr.cursor_owner_on = on;
    screen_flush();
    screen_leave(locked);
}

bool screen_get_cursor(int *x, int *y)
{
    bool locked = screen_enter();
    int cx = 0, cy = 0;
    if (scr.ops.kind != SCREEN_NONE)
        screen_term_where(&cx, &cy);
    bool shown = scr.cursor_shown;
    screen_leave(locked);
    if (x)
        *x = cx;
    if (y)
        *y = cy;
    return shown;
}

/* ---- cells ------------------------------------------------------------- */

static bool in_screen(int x, int y)
{
    return x >= 0 && y >= 0 && x < scr.ops.cols && y < scr.ops.rows;
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
    if (!in_screen(0, y) || x >= scr.ops.cols)
        return;
    bool locked = screen_enter();
    int x0 = MAX(x, 0), x1 = x0;
    for (; *s && x < scr.ops.cols; s++, x++) {
        if (x >= 0)
            *screen_cell_at(scr.shadow, x1++, y) = SCREEN_CELL(*s, attr);
    }
    screen_dirty_add(x0, y, MAX(x1, x0 + 1), y + 1);
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
    n = MIN(n, scr.ops.cols - x);
    bool locked = screen_enter();
    uint16_t *row = screen_cell_at(scr.shadow, x, y);
    int lo = n, hi = -1;
    for (int i = 0; i < n; i++) {
        if (row[i] != cells[i]) {
            row[i] = cells[i];
            lo = MIN(lo, i);
            hi = i;
        }
    }
    if (hi >= 0) {
        screen_dirty_add(x + lo, y, x + hi + 1, y + 1);
        screen_flush();
    }
    screen_leave(locked);
}

void screen_get_cells(int x, int y, uint16_t *cells, int n)
{
    bool locked = screen_enter();
    for (int i = 0; i < n; i++)
        cells[i] = in_screen(x + i, y)
                       ? *screen_cell_at(scr.shadow, x + i, y)
                       : SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR);
    screen_leave(locked);
}
