/* screen.h -- one text-console API over two kinds of screen: the VGA text
 * buffer (BIOS boots) and a linear framebuffer drawn with the built-in
 * 8x16 font (UEFI boots, where there is no VGA text mode).
 *
 * The screen is a grid of cells, each a character and a VGA-style colour
 * attribute (low nibble foreground, high nibble background, the standard
 * 16-colour palette). The terminal part (cursor, newline, scrolling) is the
 * same for both kinds; only drawing a cell differs. */
#ifndef KERNEL_CONSOLE_SCREEN_H
#define KERNEL_CONSOLE_SCREEN_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum screen_kind { SCREEN_NONE, SCREEN_VGA_TEXT, SCREEN_FRAMEBUFFER };

enum screen_color {
    COLOR_BLACK, COLOR_BLUE, COLOR_GREEN, COLOR_CYAN, COLOR_RED, COLOR_MAGENTA,
    COLOR_BROWN, COLOR_LIGHT_GREY, COLOR_DARK_GREY, COLOR_LIGHT_BLUE,
    COLOR_LIGHT_GREEN, COLOR_LIGHT_CYAN, COLOR_LIGHT_RED, COLOR_LIGHT_MAGENTA,
    COLOR_YELLOW, COLOR_WHITE,
};
#define SCREEN_ATTR(fg, bg) ((uint8_t)(((bg) << 4) | (fg)))
#define SCREEN_DEFAULT_ATTR SCREEN_ATTR(COLOR_LIGHT_GREY, COLOR_BLACK)
/* A cell as VGA text memory holds it: character low, attribute high. All
 * 16 colours work as backgrounds on both kinds (VGA blinking is off). */
#define SCREEN_CELL(ch, attr)                                                  \
    ((uint16_t)((uint8_t)(ch) | (uint16_t)(attr) << 8))
#define SCREEN_CELL_CH(cell) ((uint8_t)(cell))
#define SCREEN_CELL_ATTR(cell) ((uint8_t)((cell) >> 8))

struct boot_info;

/* screen_init: choose the kind from the multiboot2 framebuffer tag (type 2
 * = EGA text, type 1 = RGB), or SCREEN_NONE when there is no screen. */
void screen_init(const struct boot_info *bi);
enum screen_kind screen_kind(void);
const char *screen_kind_name(void);       /* "vga-text", "framebuffer", "none" */
/* The grid is sized from the mode: VGA text's own, or a framebuffer's
 * pixels over the font's cell, 8x16 times screen_font_scale(), never more
 * than SCREEN_MAX_COLS wide (docs/console.md, "Screen sizes"). */
#define SCREEN_MAX_COLS 160
int screen_cols(void);
int screen_rows(void);
int screen_font_scale(void);              /* 1, or 2 and up on large modes */
/* screen_save / screen_restore: keep the console's cells while someone
 * else (the memory viewer) draws on the screen, then put them back. The
 * room for them is taken at boot with the rest of the cells, so this
 * allocates nothing. The cursor is not moved by either. */
void screen_save(void);
void screen_restore(void);

/* Terminal-style output: \n, \r, \b, \t, scrolling, and the VT100/ANSI
 * escape sequences listed in docs/console.md (cursor moves, erasing,
 * colours); uses the current attr. A sequence may be split between calls. */
void screen_write(const char *s, size_t n);
/* screen_set_attr: the attribute for what is written next, as if set by
 * escape sequences (ESC [ 0 m brings back SCREEN_DEFAULT_ATTR). */
void screen_set_attr(uint8_t attr);
void screen_clear(void);
/* screen_show_cursor: show (the default) or hide the cursor, e.g. while the
 * memory viewer owns the screen. Apart from ESC [ ? 25 l/h: the cursor
 * shows only while neither has hidden it. */
void screen_show_cursor(bool on);
/* screen_get_cursor: where the cursor is (x < cols, even when the next
 * character will wrap first), and whether the screen shows it now. */
bool screen_get_cursor(int *x, int *y);
/* screen_snapshot_log: the screen's text, one line per row, on the log
 * outputs only (serial and debug port, never the screen):
 *   screen: begin WHY COLSxROWS / screen: |row text| ... / screen: end */
void screen_snapshot_log(const char *why);

/* Direct cell access (for the memory viewer); x < cols, y < rows. */
void screen_put_cell(int x, int y, uint8_t ch, uint8_t attr);
void screen_put_string(int x, int y, const char *s, uint8_t attr);
/* screen_get_cell: what the cell holds now (character, attribute); lets
 * tests read back what was drawn on either kind of screen. */
void screen_get_cell(int x, int y, uint8_t *ch, uint8_t *attr);
/* screen_put_cells / screen_get_cells: n cells (SCREEN_CELL values) of row
 * y from column x, with one lock: the memory viewer draws and reads back a
 * row at a time. Putting touches only cells that differ from what the
 * screen already shows, so an unchanged row costs only the compare.
 * Clipped to the screen; cells outside it read as blanks. */
void screen_put_cells(int x, int y, const uint16_t *cells, int n);
void screen_get_cells(int x, int y, uint16_t *cells, int n);
#endif
