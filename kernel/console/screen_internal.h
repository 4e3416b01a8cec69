/* screen_internal.h -- the seams inside kernel/console:
 *
 *   screen.c        the API, the lock, control characters, cursor moves
 *   ansi.c          escape sequences (ESC [ ...) on top of screen.c's moves
 *   screen_flush.c  makes the glass show the shadow cells
 *   screen_cells.c  where the cell arrays live: taken at boot, as large
 *                   as the mode needs; the viewer's saved copy
 *   vga_text.c, fbcon.c   the two ways of putting a cell on the glass: VGA
 *                   text memory, or a linear framebuffer (font scaled)
 *
 * A cell (SCREEN_CELL in screen.h) is kept the way VGA text memory keeps
 * it: the character in the low byte, the attribute in the high byte. The
 * screen keeps two arrays of them (what should be shown, and what the
 * backend last drew) and only calls draw_cell for cells that differ, so
 * backends never have to check; a third holds the console while the
 * memory viewer owns the screen. Everything here is called, and struct
 * screen_state read and written, with screen_lock held (screen.c). */
#ifndef KERNEL_CONSOLE_SCREEN_INTERNAL_H
#define KERNEL_CONSOLE_SCREEN_INTERNAL_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/console/screen.h"


struct boot_fb;

struct screen_ops {
    enum screen_kind kind;
    const char *name;                 /* what screen_kind_name() returns */
    int cols, rows;
    int scale;                        /* font pixels per glyph pixel (1 on VGA) */
    /* soft_cursor: the cursor is drawn into the cell's own pixels, so
     * redrawing the cell erases it and moving pixels moves it too. */
    bool soft_cursor;
    void (*draw_cell)(int x, int y, uint16_t cell);
    /* cursor: show (on) or hide the cursor at (x, y), which holds cell. */
    void (*cursor)(int x, int y, uint16_t cell, bool on);
    /* scroll_up (may be NULL): move rows [n, rows) to [0, rows - n) on the
     * glass; rows [rows - n, rows) keep what they showed. Only offered when
     * moving can beat redrawing; screen.c decides per flush. */
    void (*scroll_up)(int n);
};

/* Backend set-up: check the framebuffer tag, fill *ops, and leave the whole
 * screen showing blank cells in SCREEN_DEFAULT_ATTR (all black), with no
 * cursor. false if this backend cannot drive that framebuffer. */
bool vga_text_init(const struct boot_fb *fb, struct screen_ops *ops);
bool fbcon_init(const struct boot_fb *fb, struct screen_ops *ops);

/* The state of the one screen: shared by the files above, all of it
 * guarded by screen_lock. */
struct screen_state {
    struct screen_ops ops;        /* kind SCREEN_NONE, 0x0 cells until init */
    /* cols * rows cells each, from screen_cells_take (NULL with no screen) */
    uint16_t *shadow;             /* should show */
    uint16_t *drawn;              /* glass shows */
    uint16_t *saved;              /* the console, while the viewer shows */

    int x, y;                     /* cursor; x == cols: wrap before next char */
    uint8_t attr;                 /* for new characters */
    uint8_t erase_attr;           /* for erased and scrolled-in cells */
    /* The cursor shows only while both want it: the screen's owner (the
     * memory viewer hides it, screen_show_cursor) and the program writing
     * (ESC [ ? 25 l hides it). Neither can turn on what the other hid. */
    bool cursor_owner_on;
    bool cursor_term_on;
    bool cursor_shown;            /* the glass shows a cursor... */
    int shown_x, shown_y;         /* ...here */

    int pending_scroll;           /* rows the shadow scrolled since a flush */
    int dirty_x0, dirty_y0, dirty_x1, dirty_y1;   /* [x0,x1) x [y0,y1) */
};
extern struct screen_state scr;

static inline uint16_t *screen_cell_at(uint16_t *cells, int x, int y)
{
    return &cells[y * scr.ops.cols + x];
}

/* screen.c: take screen_lock, unless this CPU holds it already (a panic
 * while drawing) or a panic stops the machine; pass the result to leave. */
bool screen_enter(void);
void screen_leave(bool locked);

/* screen_cells.c: shadow, drawn and saved for n cells each, taken from
 * free memory once at boot; false (and all NULL) if there is no room. */
bool screen_cells_take(int n);

/* screen_flush.c */
void screen_dirty_add(int x0, int y0, int x1, int y1);
void screen_flush(void);          /* make the glass show the shadow */

/* screen.c: the terminal moves ansi.c builds on. Positions are clamped to
 * the screen; none of them scrolls. */
void screen_term_put(uint8_t ch);  /* a character or control, as written */
void screen_term_goto(int x, int y);
void screen_term_where(int *x, int *y);   /* x < cols even before a wrap */
/* screen_term_erase: blank cells [from, to), counted row by row from the
 * top-left corner, in erase_attr. */
void screen_term_erase(int from, int to);

/* ansi.c */
/* ansi_take: does ch belong to an escape sequence? If so it was used (or
 * swallowed) and must not be printed; the state carries over between
 * calls, so a sequence may arrive in pieces. */
bool ansi_take(uint8_t ch);
/* ansi_set_attr: attr and erase_attr as if set by SGR (screen_set_attr). */
void ansi_set_attr(uint8_t attr);
void ansi_reset(void);            /* forget any half-read sequence, colours */
#endif
